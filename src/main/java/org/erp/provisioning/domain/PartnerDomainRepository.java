package org.erp.provisioning.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.erp.provisioning.parent.ParentAccounts;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.web.EntityTags;

@ApplicationScoped
public class PartnerDomainRepository implements PanacheRepositoryBase<PartnerDomain, UUID> {

    private static final String DELETE = ParentAccounts.deleteUnderAccount("partner_domains", "id, domain");

    public Uni<List<PartnerDomain>> ofAccount(UUID accountId) {
        return list("accountId", Sort.descending("createdAt", "id"), accountId);
    }

    /**
     * The rows holding any of {@code names} (stored form, lower case), by name in lower case: compared as the unique
     * index compares them.
     */
    public Uni<Map<String, PartnerDomain>> holding(List<String> names) {
        return find("lower(domain) in :names", Map.<String, Object>of("names", names)).list()
                .map(held -> held.stream().collect(Collectors.toMap(
                        domain -> domain.domain.toLowerCase(Locale.ROOT), domain -> domain, (first, second) -> first)));
    }

    /** The row holding {@code name} (stored form, lower case), or null. */
    public Uni<PartnerDomain> holding(String name) {
        return holding(List.of(name)).map(held -> held.get(name));
    }

    public Uni<PartnerDomain> findOfAccount(UUID accountId, UUID domainId, LockModeType lock) {
        return find("id = :id and accountId = :accountId",
                Map.of("id", domainId, "accountId", accountId))
                .withLock(lock).firstResult();
    }

    /**
     * Deletes the domain under its account with one statement, if {@code ifMatch} (null: none) names its version: the
     * deleted row's {@code id} and {@code domain}, or the problem that says why not ({@link
     * ParentAccounts#deletedOrRefused}).
     */
    public Uni<Row> deleteOfAccount(SqlClient client, UUID accountId, UUID domainId, EntityTags.Condition ifMatch) {
        return client.preparedQuery(DELETE).execute(Tuple.of(domainId, accountId, ParentAccounts.versions(ifMatch)))
                .map(rows -> ParentAccounts.deletedOrRefused(rows.iterator().next(), ifMatch, accountId, ProblemCode.DOMAIN_NOT_FOUND, "domain", domainId));
    }

    /**
     * The status EVA stored for a row inserted without one: the column default, whatever label it is now. Read
     * with a query: refreshing the entity just persisted makes Hibernate Reactive warn (HHH90000034) on every create.
     */
    public Uni<String> storedStatus(UUID id) {
        return getSession().chain(session -> session
                .createSelectionQuery("select status from PartnerDomain where id = :id", String.class)
                .setParameter("id", id).getSingleResult());
    }
}
