package org.erp.provisioning.problem.handling;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.erp.provisioning.persistence.DatabaseFailure;
import org.erp.provisioning.persistence.InterruptedWrite;
import org.erp.provisioning.persistence.SqlState;
import org.erp.provisioning.problem.Causes;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;

/**
 * What the database refused or could not do, by SQLSTATE alone: the features' own constraints were asked first
 * ({@link ConstraintProblems}). Details name constraints, columns and types, never SQL.
 */
@ApplicationScoped
public class DatabaseProblems implements ProblemHandler {

    /** A write lost its connection, or its answer, after its statements were sent. */
    static final String MAY_HAVE_BEEN_WRITTEN = "The database became unavailable while the write was in flight: it may have"
            + " been committed. Retrying is safe: a create answers 409 with existing if the first try was written, a"
            + " patch applies again, a delete answers 404";
    /** Nothing reached the database, or the database refused it and ended its transaction. */
    static final String NOTHING_WRITTEN = "The database is unavailable; nothing was written. Retry later";

    @Override
    public Optional<ProblemException> classify(Throwable failure) {
        if (DatabaseFailure.isUnavailable(failure)) {
            return Optional.of(new ProblemException(ProblemCode.DATABASE_UNAVAILABLE,
                    Causes.of(failure).anyMatch(InterruptedWrite.class::isInstance) ? MAY_HAVE_BEEN_WRITTEN : NOTHING_WRITTEN,
                    List.of(), failure));
        }
        return DatabaseFailure.of(failure).flatMap(db -> Optional.ofNullable(classify(db, failure)));
    }

    private static ProblemException classify(DatabaseFailure db, Throwable failure) {
        String state = db.sqlState();
        if (SqlState.isTransientConflict(state)) {
            // Still conflicting after Transactions ran the work again.
            return new ProblemException(ProblemCode.DATABASE_BUSY, "The database is busy with conflicting writes; retry later");
        }
        return switch (state) {
            case SqlState.UNIQUE_VIOLATION -> new ProblemException(ProblemCode.CONFLICT,
                    "The values conflict with an existing row (constraint "
                            + (db.constraint() != null ? db.constraint() : "unknown") + ")");
            // A reference no feature declared (the account feature declares EVA's): a rule the service did not know.
            case SqlState.FOREIGN_KEY_VIOLATION, SqlState.CHECK_VIOLATION, SqlState.NOT_NULL_VIOLATION,
                 SqlState.STRING_DATA_RIGHT_TRUNCATION ->
                    new ProblemException(ProblemCode.CONSTRAINT_VIOLATED, "The database refused the values: " + describe(db));
            // Still refused after the enum catalog was read again and the request checked again: no field can be named.
            case SqlState.INVALID_TEXT_REPRESENTATION -> new ProblemException(ProblemCode.INVALID_ENUM_VALUE,
                    "A value is not a label of its enum type in the database; see GET /api/v1/enums for the labels");
            // Logged with its cause by ProblemMapper, like every 500.
            case SqlState.DATATYPE_MISMATCH, SqlState.UNDEFINED_FUNCTION, SqlState.UNDEFINED_COLUMN,
                 SqlState.UNDEFINED_TABLE -> new ProblemException(ProblemCode.SCHEMA_MISMATCH,
                    "The service's model disagrees with the database: "
                            + (db.message() != null ? db.message() : "SQLSTATE " + state), List.of(), failure);
            // Any other data exception (class 22: bad encoding, out of range, ...) is the request's data, not a bug.
            // Anything else is no refusal of the request: an internal-error (ProblemClassifier).
            default -> SqlState.isDataException(state)
                    ? new ProblemException(ProblemCode.CONSTRAINT_VIOLATED, "The database refused a value: " + describe(db))
                    : null;
        };
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
