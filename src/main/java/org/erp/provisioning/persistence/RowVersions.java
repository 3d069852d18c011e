package org.erp.provisioning.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.UUID;

/** Row versions (PostgreSQL's {@code xmin}), as the entities read them with their rows. */
public final class RowVersions {

    private RowVersions() {
    }

    /** The version of row {@code id} of {@code table} as the request's session sees it: after its own write, the new one. */
    public static Uni<String> of(String table, UUID id) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT xmin::text FROM " + table + " WHERE id = :id", String.class)
                .setParameter("id", id).getSingleResult());
    }
}
