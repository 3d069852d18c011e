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

    /** A column's value, as text, and the row's version: what a row just inserted holds that its entity does not know. */
    public record Stored(String value, String version) {
    }

    /**
     * Row {@code id}'s {@code column} (as text) and version, in one read, as the request's session sees it. For a
     * column EVA's default may fill (an insert without it): the value is what the database chose. Read with a query,
     * not by refreshing the entity just persisted: that makes Hibernate Reactive warn (HHH90000034) on every create.
     */
    public static Uni<Stored> withColumn(String table, String column, UUID id) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT " + column + "::text, xmin::text FROM " + table + " WHERE id = :id", Object[].class)
                .setParameter("id", id).getSingleResult())
                .map(row -> new Stored((String) row[0], (String) row[1]));
    }
}
