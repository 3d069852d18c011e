package org.erp.provisioning.persistence;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.erp.provisioning.problem.Causes;
import org.hibernate.JDBCException;
import org.hibernate.exception.ConstraintViolationException;

/**
 * What the database said, dug out of whatever wraps it (Hibernate Reactive, the Vert.x client, Mutiny):
 * the SQLSTATE and, where PostgreSQL named them, the constraint, table, column and type. Refusals are classified by
 * SQLSTATE class and constraint name only, and failures to reach the database by exception type. Message text is
 * read in exactly three places, each a bare throwable the Vert.x client gives no type of its own (below), and each
 * wording is pinned by the test that provokes it against a real PostgreSQL, so an upgrade that changes one fails there.
 */
public record DatabaseFailure(String sqlState, String constraint, String table, String column, String message) {

    /** The failure's SQLSTATE and details, or empty when no database error is in the cause chain. */
    public static Optional<DatabaseFailure> of(Throwable failure) {
        String sqlState = null;
        String constraint = null;
        String message = null;
        for (Throwable t : (Iterable<Throwable>) Causes.of(failure)::iterator) {
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
            if (t instanceof SQLException sql) {
                sqlState = sqlState != null ? sqlState : sql.getSQLState();
                message = message != null ? message : serverMessage(sql.getMessage());
            }
        }
        return sqlState == null ? Optional.empty()
                : Optional.of(new DatabaseFailure(sqlState, constraint, null, null, message));
    }

    /**
     * The database cannot be reached or refused to serve: connect failures (refused, unknown host, TLS handshake
     * and certificate failures, which are {@code SSLException}s, logins refused), connections reset or closed under
     * a statement (a restart, an administrator's terminate), pool and statement timeouts.
     */
    public static boolean isUnavailable(Throwable failure) {
        boolean unreachable = Causes.of(failure).anyMatch(t -> t instanceof NoConnection || t instanceof IOException
                || t instanceof ClosedConnectionException || t instanceof TimeoutException
                || isPoolTimeout(t) || isConnectionNotActive(t) || isTlsNegotiationFailure(t));
        return unreachable || of(failure).map(f -> SqlState.isUnavailable(f.sqlState)).orElse(false);
    }

    /**
     * The work's statements may have reached the database before it became unavailable, so a write may have been
     * committed: the connection was lost under them (closed, reset) or the database did not answer within the
     * deadline. Not when no connection was had (nothing was sent) nor when the server answered with an error (its
     * transaction ended without a commit).
     */
    public static boolean mayHaveBeenWritten(Throwable failure) {
        boolean nothingSent = Causes.of(failure).anyMatch(t -> t instanceof NoConnection || t instanceof PgException
                || t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SSLException
                || isPoolTimeout(t) || isConnectionNotActive(t) || isTlsNegotiationFailure(t));
        return !nothingSent && Causes.of(failure).anyMatch(t -> t instanceof ClosedConnectionException
                || t instanceof IOException || t instanceof TimeoutException);
    }

    // Three failures the Vert.x client reports with a bare throwable of its own, told apart by its fixed text. Each
    // wording is pinned by a test that provokes it against a real PostgreSQL: PoolExhaustionTest (a session's
    // connection not had within the acquire timeout), DatabaseOutageTest (a statement handed to a closing
    // connection), ConnectionFailuresTest (certificates refused).

    /** The pool gave up waiting for a connection (a Hibernate Reactive session's, or {@link DatabaseClients}'s). */
    private static boolean isPoolTimeout(Throwable t) {
        return t instanceof NoStackTraceThrowable && "Timeout".equals(t.getMessage());
    }

    /** A statement was handed to a connection that had just closed (status CLOSING or CLOSED): it was never sent. */
    private static boolean isConnectionNotActive(Throwable t) {
        return t instanceof NoStackTraceThrowable && t.getMessage() != null
                && t.getMessage().startsWith("Connection is not active now");
    }

    /**
     * The connection closed while the client negotiated TLS with the server: a certificate it does not trust (an
     * unknown CA, another host name, expired), or a server that dropped the handshake. The PostgreSQL client reports
     * it with a bare exception that keeps no cause (its {@code InitiateSslHandler}).
     */
    private static boolean isTlsNegotiationFailure(Throwable t) {
        return t instanceof VertxException && t.getCause() == null && "SSL handshake failed".equals(t.getMessage());
    }

    /** See {@link SqlState#isTransientConflict}. */
    public static boolean isTransientConflict(Throwable failure) {
        return of(failure).map(f -> SqlState.isTransientConflict(f.sqlState)).orElse(false);
    }

    /** A statement prepared before EVA changed a column's type (0A000), prepared afresh on its connection since. */
    public static boolean isStaleStatement(Throwable failure) {
        return of(failure).map(f -> SqlState.FEATURE_NOT_SUPPORTED.equals(f.sqlState)).orElse(false);
    }

    /** See {@link SqlState#isWorthRetrying}. */
    public static boolean isWorthRetrying(Throwable failure) {
        return of(failure).map(f -> SqlState.isWorthRetrying(f.sqlState)).orElse(false);
    }

    /** A unique index refused the row: {@code constraint} says which (23505). */
    public static boolean isUniqueViolation(Throwable failure, String constraint) {
        return of(failure).map(f -> f.isUniqueViolation(constraint)).orElse(false);
    }

    /** This refusal is the unique index or constraint {@code constraint}'s (23505). */
    public boolean isUniqueViolation(String constraint) {
        return sqlState.equals(SqlState.UNIQUE_VIOLATION) && constraint.equals(this.constraint);
    }

    /** The database refused a label (22P02), which for our writes means the enum catalog moved under us. */
    public static boolean isInvalidTextRepresentation(Throwable failure) {
        return of(failure).map(f -> f.sqlState.equals(SqlState.INVALID_TEXT_REPRESENTATION)).orElse(false);
    }

    /**
     * PostgreSQL's own words from a driver exception ("ERROR: column ... (42804)" becomes "column ..."). Never
     * Hibernate's message: that one quotes the SQL.
     */
    private static String serverMessage(String message) {
        if (message == null) {
            return null;
        }
        return message.replaceFirst("^(ERROR|FATAL|PANIC): ", "").replaceFirst(" \\([0-9A-Z]{5}\\)$", "");
    }
}
