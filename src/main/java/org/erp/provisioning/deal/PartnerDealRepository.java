package org.erp.provisioning.deal;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.erp.provisioning.parent.ParentAccounts;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.web.EntityTags;

@ApplicationScoped
public class PartnerDealRepository implements PanacheRepositoryBase<PartnerDeal, UUID> {

    private static final String DELETE = ParentAccounts.deleteUnderAccount("partner_deals", "id");

    /** An account's deals, newest first; the stage filter is added only when set (see AccountRepository#page). */
    public Uni<List<PartnerDeal>> ofAccount(UUID accountId, String stage) {
        Sort newestFirst = Sort.descending("createdAt", "id");
        return stage == null
                ? list("accountId", newestFirst, accountId)
                : list("accountId = :accountId and stage = :stage", newestFirst,
                        Map.of("accountId", accountId, "stage", stage));
    }

    public Uni<PartnerDeal> findOfAccount(UUID accountId, UUID dealId, LockModeType lock) {
        return find("id = :id and accountId = :accountId", Map.of("id", dealId, "accountId", accountId))
                .withLock(lock).firstResult();
    }

    /**
     * Deletes the deal under its account with one statement, if {@code ifMatch} (null: none) names its version: the
     * deleted row's {@code id}, or the problem that says why not ({@link ParentAccounts#deletedOrRefused}).
     */
    public Uni<Row> deleteOfAccount(SqlClient client, UUID accountId, UUID dealId, EntityTags.Condition ifMatch) {
        return client.preparedQuery(DELETE).execute(Tuple.of(dealId, accountId, ParentAccounts.versions(ifMatch)))
                .map(rows -> ParentAccounts.deletedOrRefused(rows.iterator().next(), ifMatch, accountId, ProblemCode.DEAL_NOT_FOUND, "deal", dealId));
    }

    /**
     * The stage EVA stored for a row inserted without one: the column default, whatever label it is now. Read
     * with a query: refreshing the entity just persisted makes Hibernate Reactive warn (HHH90000034) on every create.
     */
    public Uni<String> storedStage(UUID id) {
        return getSession().chain(session -> session
                .createSelectionQuery("select stage from PartnerDeal where id = :id", String.class)
                .setParameter("id", id).getSingleResult());
    }
}
