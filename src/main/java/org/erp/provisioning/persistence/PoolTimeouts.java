package org.erp.provisioning.persistence;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Bounds every wait on the database, so an outage or an exhausted pool answers {@code 503 database-unavailable}
 * quickly instead of hanging: how long to connect, how long to wait for a pooled connection, and how long the
 * server may run one statement. Everything else comes from the standard {@code quarkus.datasource.*} keys.
 */
@Singleton
public class PoolTimeouts implements PgPoolCreator {

    private static final Logger LOG = Logger.getLogger(PoolTimeouts.class);

    private final Duration connectTimeout;
    private final Duration acquireTimeout;
    private final Duration statementTimeout;

    PoolTimeouts(@ConfigProperty(name = "erp.db.connect-timeout") Duration connectTimeout,
                 @ConfigProperty(name = "erp.db.acquire-timeout") Duration acquireTimeout,
                 @ConfigProperty(name = "erp.db.statement-timeout") Duration statementTimeout) {
        this.connectTimeout = connectTimeout;
        this.acquireTimeout = acquireTimeout;
        this.statementTimeout = statementTimeout;
    }

    @Override
    public Pool create(Input input) {
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            options.setConnectTimeout((int) connectTimeout.toMillis());
            // Sent in the startup message: the server cancels a statement running longer (SQLSTATE 57014).
            options.addProperty("statement_timeout", String.valueOf(statementTimeout.toMillis()));
            options.addProperty("idle_in_transaction_session_timeout", String.valueOf(statementTimeout.toMillis() * 2));
        }
        input.poolOptions().setConnectionTimeout((int) acquireTimeout.toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        LOG.infof("Database pool: %d connections, connect timeout %s, acquire timeout %s, statement timeout %s",
                input.poolOptions().getMaxSize(), connectTimeout, acquireTimeout, statementTimeout);
        // Several URLs (one per host) are used in turn, as Quarkus does without this creator.
        List<SqlConnectOptions> databases = List.copyOf(input.pgConnectOptionsList());
        AtomicInteger next = new AtomicInteger();
        return PgBuilder.pool()
                .with(input.poolOptions())
                .connectingTo(() -> Future.succeededFuture(
                        databases.get(Math.floorMod(next.getAndIncrement(), databases.size()))))
                .using(input.vertx())
                .build();
    }
}
