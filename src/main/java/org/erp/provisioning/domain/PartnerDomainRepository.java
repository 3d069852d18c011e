package org.erp.provisioning.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
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
import org.erp.provisioning.persistence.DatabaseTime;
import org.erp.provisioning.web.EntityTags;
import org.erp.provisioning.web.Versioned;

@ApplicationScoped
public class PartnerDomainRepository implements PanacheRepositoryBase<PartnerDomain, UUID> {

    private static final String DELETE = ParentAccounts.deleteUnderAccount("partner_domains", "id, domain");
    /** The columns of a {@link DomainView}, the status as text, in {@link #view}'s order. */
    private static final String VIEW_COLUMNS = "child.id, child.account_id, child.domain, child.status::text,"
            + " child.verified_at, child.created_at";
    private static final String VIEW = ParentAccounts.selectUnderAccount("partner_domains",
            VIEW_COLUMNS + ", child.xmin::text", "child.id = $2");
    private static final String VIEWS = ParentAccounts.selectUnderAccount("partner_domains", VIEW_COLUMNS, null)
            + " ORDER BY child.created_at DESC, child.id DESC";

    /**
     * The account's domains, newest first, as views read by one statement (rows read only to be answered need no
     * entities, as an account's page), or {@code account-not-found}.
     */
    public Uni<List<DomainView>> viewsOfAccount(SqlClient client, UUID accountId) {
        return client.preparedQuery(VIEWS).execute(Tuple.of(accountId))
                .map(rows -> ParentAccounts.rowsUnderAccount(rows, accountId, PartnerDomainRepository::view));
    }

    /** The domain as a view with its version, read by one statement, or the not-found of what is missing. */
    public Uni<Versioned<DomainView>> viewOfAccount(SqlClient client, UUID accountId, UUID domainId) {
        return client.preparedQuery(VIEW).execute(Tuple.of(accountId, domainId))
                .map(rows -> ParentAccounts.rowUnderAccount(rows, accountId,
                        row -> new Versioned<>(view(row), row.getString(6)), ProblemCode.DOMAIN_NOT_FOUND, "domain", domainId));
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

    private static DomainView view(Row row) {
        return new DomainView(row.getUUID(0), row.getUUID(1), row.getString(2), row.getString(3),
                DatabaseTime.instant(row.getOffsetDateTime(4)), DatabaseTime.instant(row.getOffsetDateTime(5)));
    }

    /** The domain under its account, locked for the rest of the transaction (it is read to be changed), or null. */
    public Uni<PartnerDomain> lockedOfAccount(UUID accountId, UUID domainId) {
        return find("id = :id and accountId = :accountId",
                Map.of("id", domainId, "accountId", accountId))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
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
}
