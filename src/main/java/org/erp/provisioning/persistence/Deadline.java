package org.erp.provisioning.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.erp.provisioning.config.ErpSettings;

/**
 * The last line against a hang, for every piece of work that waits on the database: the pool, connect and
 * statement timeouts bound each wait, but not a statement on a connection whose peer went silent (a network
 * partition keeps the socket open for minutes). A timeout is reported as the database being unavailable.
 */
@ApplicationScoped
public class Deadline {

    private final Duration limit;

    Deadline(ErpSettings settings) {
        this.limit = settings.db().deadline();
    }

    public <T> Uni<T> bound(Uni<T> work) {
        return work.ifNoItem().after(limit).failWith(() -> new TimeoutException("No answer from the database within " + limit));
    }
}
