package org.erp.provisioning.persistence;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.erp.provisioning.config.ErpSettings;

/**
 * One request, one transaction. Every unit of work goes through here so that it is written all or not at all, and a
 * serialization failure, deadlock or lock timeout is run again ({@code erp.db.transaction-retries} times, backing
 * off) before anyone sees it, as is a statement prepared before EVA changed a column's type (0A000): PostgreSQL
 * refuses such a statement once on each connection that prepared it, which prepares it afresh, so the work is run
 * again up to once per pooled connection, without waiting. Each attempt is bounded by the deadline. The work is a supplier (or, for
 * one statement, a function of the client to send it on) because an attempt builds its pipeline afresh.
 */
@ApplicationScoped
public class Transactions {

    static final Duration FIRST_BACK_OFF = Duration.ofMillis(20);
    static final Duration LONGEST_BACK_OFF = Duration.ofMillis(200);

    private final int retries;
    private final int staleStatementRetries;
    private final Deadline deadline;
    private final MeterRegistry metrics;
    private final DatabaseClients clients;

    Transactions(ErpSettings settings, Deadline deadline, MeterRegistry metrics, DatabaseClients clients,
                 @ConfigProperty(name = "quarkus.datasource.reactive.max-size", defaultValue = "20") int poolSize) {
        this.clients = clients;
        this.retries = settings.db().transactionRetries();
        this.staleStatementRetries = poolSize;
        this.deadline = deadline;
        this.metrics = metrics;
    }

    /** Reads in a session without a transaction. */
    public <T> Uni<T> read(Supplier<Uni<T>> work) {
        return retried(() -> Panache.withSession(() -> work.get()));
    }

    /** Reads as above; a failure of the read is answered with null, for a look-up that must never change an answer. */
    public <T> Uni<T> readOrNull(Supplier<Uni<T>> work) {
        return read(work).onFailure().recoverWithItem(() -> null);
    }

    /**
     * Runs one read-only statement on a pooled connection, without a session: for rows read only to be answered (a
     * page), which need no entities.
     */
    public <T> Uni<T> select(Function<SqlClient, Uni<T>> statement) {
        return retried(() -> clients.withConnection(statement::apply));
    }

    /** Writes in one transaction, committed. */
    public <T> Uni<T> write(Supplier<Uni<T>> work) {
        return interruptible(retried(() -> Panache.withTransaction(() -> work.get())));
    }

    /**
     * Runs one statement, atomic on its own, without a session or the two extra round trips of an explicit
     * transaction ({@link DatabaseClients#statement}).
     */
    public <T> Uni<T> statement(Function<SqlClient, Uni<T>> statement) {
        return interruptible(retried(() -> clients.statement(statement)));
    }

    /**
     * Runs the same statement in a transaction that is rolled back: every check of the database runs, nothing
     * stays. On a pooled connection, since a pipelined one cannot hold a transaction.
     */
    public <T> Uni<T> dryRun(Function<SqlClient, Uni<T>> statement) {
        return retried(() -> clients.withConnection(connection -> connection.begin().chain(transaction ->
                statement.apply(connection)
                        .call(transaction::rollback)
                        .onFailure().call(failure -> transaction.rollback().onFailure().recoverWithNull()))));
    }

    /**
     * A write that failed after its statements may have reached the database (the connection lost under it, no answer
     * within the deadline) may have been committed: it fails as an {@link InterruptedWrite}, so the client is told.
     */
    private static <T> Uni<T> interruptible(Uni<T> write) {
        return write.onFailure(DatabaseFailure::mayHaveBeenWritten).transform(InterruptedWrite::new);
    }

    /**
     * Runs the unit of work under the deadline; again (bounded) when running it again may succeed. Each such failure
     * is counted by SQLSTATE, retried or not, so operators see conflicts and stale statements the clients never do.
     */
    private <T> Uni<T> retried(Supplier<Uni<T>> work) {
        return attempt(work, 0);
    }

    /**
     * The work's attempt after {@code conflicts} transient conflicts, and the next one after a back-off when it meets
     * another. Written out rather than Mutiny's {@code retry().withBackOff()}, which does the same but turns every unit
     * of work into a Multi pipeline with a queue of its own (a UnicastProcessor for the retry triggers), conflict or
     * not; this one costs an operator until a conflict comes (with the access line's cut, GET by id 80 against 83 µs of
     * CPU, lower in each round: bench/results/reads-2026-12-07-retry.md). The delay runs on a Vert.x timer of the
     * request's context (Quarkus's scheduler for Mutiny), where the next attempt continues, as with Mutiny's.
     */
    private <T> Uni<T> attempt(Supplier<Uni<T>> work, int conflicts) {
        return deadline.bound(Uni.createFrom().deferred(() -> work.get()))
                .onFailure(DatabaseFailure::isWorthRetrying).invoke(this::countRetryable)
                .onFailure(DatabaseFailure::isStaleStatement).retry().atMost(staleStatementRetries)
                .onFailure(failure -> conflicts < retries && DatabaseFailure.isTransientConflict(failure))
                .recoverWithUni(() -> Uni.createFrom().voidItem().onItem().delayIt().by(backOff(conflicts))
                        .chain(() -> attempt(work, conflicts + 1)));
    }

    /**
     * The wait before the retry that follows {@code conflicts} earlier ones: 20 ms doubling up to 200 ms, each drawn
     * from half to one and a half times that (at most 200 ms), so that requests that conflicted with each other part.
     */
    static Duration backOff(int conflicts) {
        long middle = Math.min(FIRST_BACK_OFF.toMillis() << Math.min(conflicts, 16), LONGEST_BACK_OFF.toMillis());
        long drawn = ThreadLocalRandom.current().nextLong(middle / 2, middle + middle / 2 + 1);
        return Duration.ofMillis(Math.min(drawn, LONGEST_BACK_OFF.toMillis()));
    }

    private void countRetryable(Throwable failure) {
        DatabaseFailure.of(failure).ifPresent(db ->
                metrics.counter("erp.database.retryable.failures", "sqlstate", db.sqlState()).increment());
    }
}
