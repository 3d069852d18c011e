package org.erp.provisioning.enums;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import java.util.function.Supplier;
import org.erp.provisioning.persistence.DatabaseFailure;

/**
 * Checks a request, then runs its work; when the database refuses a label (22P02: EVA renamed or removed labels
 * since the service last read the catalog), reads the catalog again and does both once more. So the client gets
 * a precise {@code invalid-enum-value} with the labels as they are now, never a 500, and a label EVA added since is
 * accepted. The check runs outside any transaction, so rejected input never touches the database.
 */
@ApplicationScoped
public class LabelRecheck {

    private final EnumCatalog catalog;

    LabelRecheck(EnumCatalog catalog) {
        this.catalog = catalog;
    }

    public <C, T> Uni<T> checkThenRun(Supplier<Uni<C>> check, Function<C, Uni<T>> work) {
        Supplier<Uni<T>> attempt = () -> Uni.createFrom().deferred(() -> check.get()).chain(checked -> work.apply(checked));
        return attempt.get()
                .onFailure(DatabaseFailure::isInvalidTextRepresentation)
                .recoverWithUni(refused -> catalog.refresh().chain(() -> attempt.get()));
    }
}
