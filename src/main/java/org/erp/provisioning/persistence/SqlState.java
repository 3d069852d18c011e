package org.erp.provisioning.persistence;

/**
 * The SQLSTATEs the service tells apart (PostgreSQL's appendix A), named once. Failures are classified by these
 * codes and their classes, never by message text.
 */
public final class SqlState {

    /**
     * Among others, "cached plan must not change result type": a statement this connection prepared before EVA
     * changed a column's type. The client prepares it again, so the same work succeeds when run again.
     */
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    public static final String STRING_DATA_RIGHT_TRUNCATION = "22001";
    /** For our writes: a label the enum type does not have (any more). */
    public static final String INVALID_TEXT_REPRESENTATION = "22P02";
    public static final String NOT_NULL_VIOLATION = "23502";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String CHECK_VIOLATION = "23514";
    /** A write on a server that only reads: a standby, or a primary demoted during a failover. */
    public static final String READ_ONLY_SQL_TRANSACTION = "25006";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    /** "column is of type x but expression is of type y": the old ERP backend's enum error. */
    public static final String DATATYPE_MISMATCH = "42804";
    public static final String UNDEFINED_FUNCTION = "42883";
    public static final String UNDEFINED_COLUMN = "42703";
    public static final String UNDEFINED_TABLE = "42P01";
    public static final String TOO_MANY_CONNECTIONS = "53300";
    /** The database named in the connection settings does not exist (dropped, renamed, or a wrong setting). */
    public static final String INVALID_CATALOG_NAME = "3D000";
    /** A row lock not granted within EVA's {@code lock_timeout} (or NOWAIT): others hold it for now. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String QUERY_CANCELED = "57014";
    public static final String ADMIN_SHUTDOWN = "57P01";
    public static final String CRASH_SHUTDOWN = "57P02";
    public static final String CANNOT_CONNECT_NOW = "57P03";

    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    /** The login was refused: a rotated password not yet rolled out, a revoked role. */
    private static final String INVALID_AUTHORIZATION_CLASS = "28";
    private static final String DATA_EXCEPTION_CLASS = "22";

    private SqlState() {
    }

    /**
     * Class 08 (connection exceptions), class 28 (the service's login refused), a database that is not there, and
     * the states in which the server will not serve, or not serve writes: retry later. None of them is the request's
     * fault.
     */
    public static boolean isUnavailable(String state) {
        return state.startsWith(CONNECTION_EXCEPTION_CLASS) || state.startsWith(INVALID_AUTHORIZATION_CLASS) || switch (state) {
            case ADMIN_SHUTDOWN, CRASH_SHUTDOWN, CANNOT_CONNECT_NOW, QUERY_CANCELED, TOO_MANY_CONNECTIONS,
                 INVALID_CATALOG_NAME, READ_ONLY_SQL_TRANSACTION -> true;
            default -> false;
        };
    }

    /** A serialization failure, deadlock or lock timeout: the transaction may simply be run again. */
    public static boolean isTransientConflict(String state) {
        return state.equals(SERIALIZATION_FAILURE) || state.equals(DEADLOCK_DETECTED) || state.equals(LOCK_NOT_AVAILABLE);
    }

    /** A transient conflict, or a statement prepared before a schema change: the same work may succeed if run again. */
    public static boolean isWorthRetrying(String state) {
        return isTransientConflict(state) || state.equals(FEATURE_NOT_SUPPORTED);
    }

    /** Class 22: the data did not fit (bad encoding, out of range, too long, ...). */
    public static boolean isDataException(String state) {
        return state.startsWith(DATA_EXCEPTION_CLASS);
    }
}
