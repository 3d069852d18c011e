package org.erp.provisioning.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.erp.provisioning.enums.EnumCatalog;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * One request, one transaction. Every write goes through here so that it is all written or not at all, a
 * serialization failure or deadlock is retried (bounded) before anyone sees it, and a label the database
 * refuses (22P02: EVA renamed or added labels since our last catalog read) refreshes the enum catalog and
 * checks the request again, so the client gets a precise {@code invalid-enum-value} with the current labels.
 */
@ApplicationScoped
public class Transactions {

    private final EnumCatalog catalog;
    private final int retries;

    Transactions(EnumCatalog catalog, @ConfigProperty(name = "erp.db.transaction-retries", defaultValue = "3") int retries) {
        this.catalog = catalog;
        this.retries = retries;
    }

    /**
     * Runs {@code check} (the request's validation, outside any transaction so rejected input never touches the
     * database), then {@code persist} with its result in one transaction, rolled back instead of committed when
     * {@code dryRun} is set. Both are called again on retry, so they must build their pipelines afresh each time.
     */
    public <C, T> Uni<T> write(boolean dryRun, Supplier<Uni<C>> check, Function<C, Uni<T>> persist) {
        Supplier<Uni<T>> attempt = () -> Uni.createFrom().deferred(() -> check.get())
                .chain(checked -> inTransaction(dryRun, () -> persist.apply(checked)));
        return attempt.get()
                .onFailure(DatabaseFailure::isInvalidTextRepresentation)
                .recoverWithUni(refused -> catalog.refresh().chain(() -> attempt.get()));
    }

    private <T> Uni<T> inTransaction(boolean dryRun, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> dryRun
                        ? Panache.currentTransaction().invoke(Mutiny.Transaction::markForRollback).chain(() -> work.get())
                        : work.get()))
                .onFailure(DatabaseFailure::isTransientConflict)
                .retry().withBackOff(Duration.ofMillis(20), Duration.ofMillis(200)).atMost(retries);
    }
}
