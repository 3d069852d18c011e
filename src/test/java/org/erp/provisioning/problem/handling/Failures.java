package org.erp.provisioning.problem.handling;

import io.vertx.pgclient.PgException;
import java.util.concurrent.CompletionException;

/** Failures as the database client raises them, for the unit tests of the problem families. */
final class Failures {

    private Failures() {
    }

    /** PostgreSQL's refusal with this SQLSTATE, naming a table and constraint as the server does. */
    static PgException refusal(String sqlState, String table, String constraint) {
        return new PgException("refused", "ERROR", sqlState, null, null, null, null, null, null, null, null, null,
                "public", table, null, null, constraint);
    }

    /** {@code failure} wrapped as Mutiny and Hibernate Reactive hand it on. */
    static RuntimeException wrapped(Throwable failure) {
        return new CompletionException(new IllegalStateException("while flushing", failure));
    }
}
