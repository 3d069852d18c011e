package org.erp.provisioning.persistence;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.erp.provisioning.enums.EnumCatalog;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * One request, one transaction. Every write goes through here so that it is all written or not at all, a
 * serialization failure, deadlock or lock timeout is retried (bounded) before anyone sees it, and a label the database
 * refuses (22P02: EVA renamed or added labels since our last catalog read) refreshes the enum catalog and
 * checks the request again, so the client gets a precise {@code invalid-enum-value} with the current labels.
 * Reads and writes alike are run again after a statement prepared before EVA changed a column's type (0A000).
 */
@ApplicationScoped
public class Transactions {

    private final EnumCatalog catalog;
    private final int retries;
    private final Deadline deadline;
    private final MeterRegistry metrics;

    Transactions(EnumCatalog catalog, @ConfigProperty(name = "erp.db.transaction-retries") int retries, Deadline deadline,
                 MeterRegistry metrics) {
        this.catalog = catalog;
        this.retries = retries;
        this.deadline = deadline;
        this.metrics = metrics;
    }

    /** Runs {@code work} in a session without a transaction, under the same deadline and retries as writes. */
    public <T> Uni<T> read(Supplier<Uni<T>> work) {
        return retried(() -> Panache.withSession(() -> work.get()));
    }

    /**
     * Checks a query's parameters (enum filters among them), then runs it; a label the database refuses
     * refreshes the catalog and checks again, as for writes.
     */
    public <C, T> Uni<T> read(Supplier<Uni<C>> check, Function<C, Uni<T>> query) {
        return checked(check, checked -> read(() -> query.apply(checked)));
    }

    /**
     * Runs {@code check} (the request's validation, outside any transaction so rejected input never touches the
     * database), then {@code persist} with its result in one transaction. After a serialization failure, deadlock,
     * lock timeout or stale prepared statement {@code persist} runs again (each attempt under the deadline); after a
     * refused label both run again. So they must build their pipelines afresh.
     */
    public <C, T> Uni<T> write(Supplier<Uni<C>> check, Function<C, Uni<T>> persist) {
        return checked(check, checked -> retried(() -> inTransaction(false, () -> persist.apply(checked))));
    }

    /**
     * As above, with two differences. With {@code dryRun} the transaction is rolled back instead of committed. When
     * {@code singleStatement} says the checked work is one statement (atomic on its own) and this is no dry run,
     * {@code statement} runs instead of {@code persist}: without a session or the two
     * extra round trips of an explicit transaction, on {@link DatabaseClients#statements()}.
     */
    public <C, T> Uni<T> write(boolean dryRun, Supplier<Uni<C>> check, Predicate<C> singleStatement,
                               Function<C, Uni<T>> statement, Function<C, Uni<T>> persist) {
        return checked(check, checked -> retried(() -> !dryRun && singleStatement.test(checked)
                ? statement.apply(checked)
                : inTransaction(dryRun, () -> persist.apply(checked))));
    }

    private <T> Uni<T> inTransaction(boolean dryRun, Supplier<Uni<T>> persist) {
        return Panache.withTransaction(() -> dryRun
                ? Panache.currentTransaction().invoke(Mutiny.Transaction::markForRollback).chain(() -> persist.get())
                : persist.get());
    }

    /** Checks, then runs; a label the database refuses refreshes the catalog and does both once more. */
    private <C, T> Uni<T> checked(Supplier<Uni<C>> check, Function<C, Uni<T>> run) {
        Supplier<Uni<T>> attempt = () -> Uni.createFrom().deferred(() -> check.get()).chain(checked -> run.apply(checked));
        return attempt.get()
                .onFailure(DatabaseFailure::isInvalidTextRepresentation)
                .recoverWithUni(refused -> catalog.refresh().chain(() -> attempt.get()));
    }

    /**
     * Runs the unit of work under the deadline; again (bounded) when running it again may succeed. Each such failure
     * is counted by SQLSTATE, retried or not, so operators see conflicts and stale statements the clients never do.
     */
    private <T> Uni<T> retried(Supplier<Uni<T>> work) {
        return deadline.bound(Uni.createFrom().deferred(() -> work.get()))
                .onFailure(DatabaseFailure::isWorthRetrying).invoke(this::countRetryable)
                .onFailure(DatabaseFailure::isWorthRetrying)
                .retry().withBackOff(Duration.ofMillis(20), Duration.ofMillis(200)).atMost(retries);
    }

    private void countRetryable(Throwable failure) {
        DatabaseFailure.of(failure).ifPresent(db ->
                metrics.counter("erp.database.retryable.failures", "sqlstate", db.sqlState()).increment());
    }
}
