package org.erp.provisioning.persistence;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.hibernate.JDBCException;
import org.hibernate.exception.ConstraintViolationException;

/**
 * What the database said, dug out of whatever wraps it (Hibernate Reactive, the Vert.x client, Mutiny):
 * the SQLSTATE and, where PostgreSQL named them, the constraint, table, column and type. Failures are
 * classified by SQLSTATE class and constraint name only, never by message text.
 */
public record DatabaseFailure(String sqlState, String constraint, String table, String column, String message) {

    /** The failure's SQLSTATE and details, or empty when no database error is in the cause chain. */
    public static Optional<DatabaseFailure> of(Throwable failure) {
        String sqlState = null;
        String constraint = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                return Optional.of(new DatabaseFailure(pg.getSqlState(),
                        pg.getConstraint() != null ? pg.getConstraint() : constraint,
                        pg.getTable(), pg.getColumn(), pg.getErrorMessage()));
            }
            if (t instanceof ConstraintViolationException cve && constraint == null) {
                constraint = cve.getConstraintName();
            }
            if (sqlState == null && t instanceof JDBCException jdbc) {
                sqlState = jdbc.getSQLState();
            }
            if (sqlState == null && t instanceof SQLException sql) {
                sqlState = sql.getSQLState();
            }
        }
        return sqlState == null ? Optional.empty()
                : Optional.of(new DatabaseFailure(sqlState, constraint, null, null, null));
    }

    /** The database cannot be reached or refused to serve: connect failures, lost connections, pool timeouts. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException
                    || t instanceof TimeoutException || t instanceof ConnectionPoolTooBusyException) {
                return true;
            }
        }
        return of(failure).map(DatabaseFailure::isUnavailableState).orElse(false);
    }

    /** A serialization failure or deadlock: the transaction may simply be run again. */
    public static boolean isTransientConflict(Throwable failure) {
        return of(failure).map(f -> f.sqlState.equals("40001") || f.sqlState.equals("40P01")).orElse(false);
    }

    /** The database refused a label (22P02), which for our writes means the enum catalog moved under us. */
    public static boolean isInvalidTextRepresentation(Throwable failure) {
        return of(failure).map(f -> f.sqlState.equals("22P02")).orElse(false);
    }

    private boolean isUnavailableState() {
        return sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
                || sqlState.equals("57P03") || sqlState.equals("57014") || sqlState.equals("53300");
    }
}
