package org.erp.provisioning.account;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

    /**
     * One page of accounts in slug order, after {@code cursor} when given. Slug order walks the unique index
     * {@code accounts_slug_key}, the only ordered index EVA's schema has on accounts: a page costs the same at a
     * thousand rows and at a million, where any other order would sort the whole table for every page. Each
     * filter is added only when set: an "{@code :p is null or column = :p}" pattern would make PostgreSQL type
     * the parameter as text, and an enum column compared with text is SQLSTATE 42883.
     */
    public Uni<List<Account>> page(AccountFilter filter, PageCursor cursor, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (filter.subscriptionStatus() != null) {
            where.add("subscriptionStatus = :subscriptionStatus");
            parameters.put("subscriptionStatus", filter.subscriptionStatus());
        }
        if (filter.planTier() != null) {
            where.add("planTier = :planTier");
            parameters.put("planTier", filter.planTier());
        }
        if (filter.text() != null) {
            // lower() on both sides, in PostgreSQL: Java's lower-casing depends on the locale and differs for non-ASCII.
            where.add("(lower(name) like lower(:text) escape '\\' or lower(slug) like lower(:text) escape '\\'"
                    + " or lower(ownerEmail) like lower(:text) escape '\\')");
            parameters.put("text", "%" + escapeLike(filter.text()) + "%");
        }
        if (cursor != null) {
            where.add("slug > :afterSlug");
            parameters.put("afterSlug", cursor.slug());
        }
        Sort bySlug = Sort.ascending("slug");
        var query = where.isEmpty() ? findAll(bySlug) : find(String.join(" and ", where), bySlug, parameters);
        return query.range(0, size - 1).list();
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
