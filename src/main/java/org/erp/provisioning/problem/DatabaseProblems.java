package org.erp.provisioning.problem;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.erp.provisioning.persistence.DatabaseFailure;
import org.erp.provisioning.persistence.SqlState;

/**
 * What the database refused, by SQLSTATE class and constraint name. Details name constraints, columns and
 * types, never SQL.
 */
@ApplicationScoped
public class DatabaseProblems implements ProblemHandler {

    /** EVA's unique index on {@code lower(partner_domains.domain)}: one account per domain, in any case. */
    public static final String DOMAIN_KEY = "partner_domains_domain_key";
    public static final String SLUG_KEY = "accounts_slug_key";

    private final MeterRegistry metrics;

    DatabaseProblems(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    @Override
    public Optional<ProblemException> classify(Throwable failure) {
        if (DatabaseFailure.isUnavailable(failure)) {
            return Optional.of(new ProblemException(ProblemCode.DATABASE_UNAVAILABLE,
                    "The database is unavailable; retry later", List.of(), failure));
        }
        return DatabaseFailure.of(failure).flatMap(db -> classify(db, failure));
    }

    private Optional<ProblemException> classify(DatabaseFailure db, Throwable failure) {
        String state = db.sqlState();
        metrics.counter("erp.database.errors", "sqlstate", state).increment();
        String constraint = db.constraint();
        if (SqlState.isTransientConflict(state)) {
            // Still conflicting after Transactions ran the work again.
            return Optional.of(new ProblemException(ProblemCode.DATABASE_BUSY,
                    "The database is busy with conflicting writes; retry later"));
        }
        return Optional.ofNullable(switch (state) {
            case SqlState.UNIQUE_VIOLATION -> uniqueViolation(constraint);
            case SqlState.FOREIGN_KEY_VIOLATION -> new ProblemException(ProblemCode.ACCOUNT_NOT_FOUND,
                    "The account was deleted while this request was writing to it");
            case SqlState.CHECK_VIOLATION, SqlState.NOT_NULL_VIOLATION, SqlState.STRING_DATA_RIGHT_TRUNCATION ->
                    new ProblemException(ProblemCode.CONSTRAINT_VIOLATED, "The database refused the values: " + describe(db));
            case SqlState.INVALID_TEXT_REPRESENTATION -> invalidEnumValue();
            // Logged with its cause by ProblemMapper, like every 500.
            case SqlState.DATATYPE_MISMATCH, SqlState.UNDEFINED_FUNCTION, SqlState.UNDEFINED_COLUMN,
                 SqlState.UNDEFINED_TABLE -> new ProblemException(ProblemCode.SCHEMA_MISMATCH,
                    "The service's model disagrees with the database: "
                            + (db.message() != null ? db.message() : "SQLSTATE " + state), List.of(), failure);
            // Any other data exception (class 22: bad encoding, out of range, ...) is the request's data, not a bug.
            default -> SqlState.isDataException(state) ? new ProblemException(ProblemCode.CONSTRAINT_VIOLATED,
                    "The database refused a value: " + describe(db)) : null;
        });
    }

    private static ProblemException uniqueViolation(String constraint) {
        if (SLUG_KEY.equals(constraint)) {
            return new ProblemException(ProblemCode.SLUG_TAKEN, "The slug is taken by another account",
                    List.of(FieldError.of("slug", ProblemCode.SLUG_TAKEN.code(), "is taken by another account", null)));
        }
        if (DOMAIN_KEY.equals(constraint)) {
            return new ProblemException(ProblemCode.DOMAIN_TAKEN, "The domain belongs to an account already",
                    List.of(FieldError.of("domain", ProblemCode.DOMAIN_TAKEN.code(), "belongs to an account already", null)));
        }
        return new ProblemException(ProblemCode.CONFLICT, "The values conflict with an existing row (constraint "
                + (constraint != null ? constraint : "unknown") + ")");
    }

    /**
     * The database refused a value even after {@code Transactions} re-read the catalog and checked the request
     * again; no field can be named any more precisely.
     */
    private static ProblemException invalidEnumValue() {
        return new ProblemException(ProblemCode.INVALID_ENUM_VALUE,
                "A value is not a label of its enum type in the database; see GET /api/v1/enums for the labels");
    }

    private static String describe(DatabaseFailure db) {
        if (db.column() != null) {
            return "column " + (db.table() != null ? db.table() + "." : "") + db.column();
        }
        if (db.constraint() != null) {
            return "constraint " + db.constraint();
        }
        return "SQLSTATE " + db.sqlState();
    }
}
