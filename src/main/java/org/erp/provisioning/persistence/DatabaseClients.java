package org.erp.provisioning.persistence;

import io.quarkus.arc.ClientProxy;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.erp.provisioning.config.ErpSettings;
import org.jboss.logging.Logger;

/**
 * The service's two clients of EVA's database, built from the standard {@code quarkus.datasource.*} keys:
 * <ul>
 * <li>the pool, whose connections Hibernate Reactive's sessions and transactions hold one request at a time, as do
 * dry runs; creates, one statement each, are sent on it too unless the pipelined client below is on;</li>
 * <li>optionally ({@code erp.db.pipelined-connections} above 0; off by default), a small pipelined client for
 * writes that are one statement, atomic on their own (an account with its domains): many requests' statements
 * share a connection without waiting for each other's answers, which saves round trips. With durable commits it
 * lost to the pool alone (bench/results/design.md): each commit on a connection waits for the previous one's
 * flush. Each statement still commits on its own.</li>
 * </ul>
 * Both bound every wait, so an outage or an exhausted pool answers {@code 503 database-unavailable} quickly
 * instead of hanging: how long to connect, how long to wait for a connection, how long one statement may run.
 */
@Singleton
public class DatabaseClients implements PgPoolCreator {

    private static final Logger LOG = Logger.getLogger(DatabaseClients.class);
    private static final String POOL_NAME = "eva";
    private static final String PIPELINED_NAME = "eva-pipelined";

    private final Duration connectTimeout;
    private final Duration acquireTimeout;
    private final Duration statementTimeout;
    private final int pipelinedConnections;
    private final Instance<Pool> pool;
    private volatile io.vertx.sqlclient.SqlClient pipelined;
    private volatile SqlClient pipelinedStatements;
    private volatile io.vertx.mutiny.sqlclient.Pool pooled;

    DatabaseClients(ErpSettings settings, Instance<Pool> pool) {
        this.connectTimeout = settings.db().connectTimeout();
        this.acquireTimeout = settings.db().acquireTimeout();
        this.statementTimeout = settings.db().statementTimeout();
        this.pipelinedConnections = settings.db().pipelinedConnections();
        this.pool = pool;
    }

    /**
     * Runs one autocommitted statement: on the pipelined client when {@code erp.db.pipelined-connections} is above 0,
     * otherwise on a connection of the pool.
     */
    public <T> Uni<T> statement(Function<SqlClient, Uni<T>> statement) {
        created();
        return pipelined != null ? statement.apply(pipelinedStatements) : withConnection(statement::apply);
    }

    /**
     * Runs {@code work} on a connection of the pool, given back when the work ends. A connection that cannot be had
     * (none free within the acquire timeout, none can be opened) fails as {@link NoConnection}: nothing was sent.
     * <p>
     * Every statement the service sends itself takes this road, never the pool's own {@code query}/{@code preparedQuery}:
     * those arm a timer for the acquire timeout that they do not cancel when the connection attempt fails first, and
     * the timer then fails the request a second time, which Vert.x logs as an ERROR ("Result is already complete",
     * eclipse-vertx/vertx-sql-client#1706, open in 4.5.x). Taking a connection cancels its own timer.
     */
    public <T> Uni<T> withConnection(Function<SqlConnection, Uni<T>> work) {
        return connection().chain(connection -> Uni.createFrom().deferred(() -> work.apply(connection)).eventually(connection::close));
    }

    /**
     * A connection of the pool, for work that outlives one Uni (a stream); the caller gives it back with close. Should
     * nobody want it any more when it comes (the request was cancelled while it waited: its client went away, or its
     * deadline passed), it goes straight back: Mutiny's wrapper of the pool's future would drop it, and with it the
     * pool's lease, for good.
     */
    public Uni<SqlConnection> connection() {
        created();
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean ended = new AtomicBoolean(); // cancelled, before the connection came
            emitter.onTermination(() -> ended.set(true));
            pooled.getDelegate().getConnection().onComplete(taken -> {
                if (taken.failed()) {
                    emitter.fail(new NoConnection(taken.cause()));
                } else if (ended.get()) {
                    taken.result().close();
                } else {
                    emitter.complete(SqlConnection.newInstance(taken.result()));
                }
            });
        });
    }

    private void created() {
        if (pooled == null) {
            // Quarkus creates the pool at start-up; should it not have yet, this creates it (and the pipelined client).
            ClientProxy.unwrap(pool.get());
        }
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
        LOG.infof("Database pool: %d connections (+%d pipelined), connect timeout %s, acquire timeout %s, statement timeout %s",
                input.poolOptions().getMaxSize(), pipelinedConnections, connectTimeout, acquireTimeout, statementTimeout);
        // The two are named apart, so each has metrics of its own (sql_pool_* by pool_name, postgresql_* by
        // clientName): under one name Micrometer keeps the first one's gauges and drops the other's. A pool name
        // set in configuration (for a shared pool) is kept.
        if (PoolOptions.DEFAULT_NAME.equals(input.poolOptions().getName())) {
            input.poolOptions().setName(POOL_NAME);
        }
        if (pipelinedConnections > 0) {
            // No acquire timeout: a pipelined client sends each statement through the pool's query path, whose timer
            // fails a request twice when a connection attempt fails first (see withConnection). A statement waiting
            // here is bounded by the connect timeout and the deadline (Transactions) instead.
            PoolOptions small = new PoolOptions(input.poolOptions()).setName(PIPELINED_NAME)
                    .setMaxSize(pipelinedConnections).setShared(false).setConnectionTimeout(0);
            pipelined = PgBuilder.client().with(small).connectingTo(databases(input.pgConnectOptionsList(), PIPELINED_NAME))
                    .using(input.vertx()).build();
        }
        Pool created = PgBuilder.pool().with(input.poolOptions())
                .connectingTo(databases(input.pgConnectOptionsList(), input.poolOptions().getName())).using(input.vertx()).build();
        pooled = io.vertx.mutiny.sqlclient.Pool.newInstance(created);
        if (pipelined != null) {
            pipelinedStatements = SqlClient.newInstance(pipelined);
        }
        return created;
    }

    void close(@Observes ShutdownEvent shutdown) {
        if (pipelined != null) {
            pipelined.close();
        }
    }

    /**
     * Several URLs (one per host) are used in turn, as Quarkus does without this creator. Their connections'
     * metrics are tagged {@code clientName=<name>}: Quarkus reads a metrics name as "meter prefix|client name".
     */
    private static Supplier<Future<SqlConnectOptions>> databases(List<PgConnectOptions> options, String name) {
        List<SqlConnectOptions> databases = options.stream()
                .<SqlConnectOptions>map(o -> new PgConnectOptions(o).setMetricsName("postgresql|" + name)).toList();
        AtomicInteger next = new AtomicInteger();
        return () -> Future.succeededFuture(databases.get(Math.floorMod(next.getAndIncrement(), databases.size())));
    }
}
