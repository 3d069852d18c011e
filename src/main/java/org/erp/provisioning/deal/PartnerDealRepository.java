package org.erp.provisioning.deal;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
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
import org.erp.provisioning.persistence.DatabaseTime;
import org.erp.provisioning.web.EntityTags;
import org.erp.provisioning.web.Versioned;

@ApplicationScoped
public class PartnerDealRepository implements PanacheRepositoryBase<PartnerDeal, UUID> {

    private static final String DELETE = ParentAccounts.deleteUnderAccount("partner_deals", "id");

    /** The columns of a {@link DealView}, the stage as text, in {@link #view}'s order. */
    private static final String VIEW_COLUMNS = "child.id, child.account_id, child.title, child.amount_cents, child.currency,"
            + " child.stage::text, child.expected_close_date, child.closed_at, child.created_at, child.updated_at";
    private static final String VIEW = ParentAccounts.selectUnderAccount("partner_deals",
            VIEW_COLUMNS + ", child.xmin::text", "child.id = $2");
    private static final String NEWEST_FIRST = " ORDER BY child.created_at DESC, child.id DESC";
    private static final String VIEWS = ParentAccounts.selectUnderAccount("partner_deals", VIEW_COLUMNS, null) + NEWEST_FIRST;
    /** The stage is compared in the join, so an account without deals at that stage still answers its row of nulls. */
    private static final String VIEWS_AT_STAGE = ParentAccounts.selectUnderAccount("partner_deals", VIEW_COLUMNS,
            "child.stage = $2") + NEWEST_FIRST;

    /**
     * The account's deals, newest first, at {@code stage} if given, as views read by one statement (rows read only to
     * be answered need no entities, as an account's page), or {@code account-not-found}. The stage filter is added
     * only when set, and bound as a label whose type PostgreSQL infers from the column (see AccountRepository#page).
     */
    public Uni<List<DealView>> viewsOfAccount(SqlClient client, UUID accountId, String stage) {
        return client.preparedQuery(stage == null ? VIEWS : VIEWS_AT_STAGE)
                .execute(stage == null ? Tuple.of(accountId) : Tuple.of(accountId, stage))
                .map(rows -> ParentAccounts.rowsUnderAccount(rows, accountId, PartnerDealRepository::view));
    }

    /** The deal as a view with its version, read by one statement, or the not-found of what is missing. */
    public Uni<Versioned<DealView>> viewOfAccount(SqlClient client, UUID accountId, UUID dealId) {
        return client.preparedQuery(VIEW).execute(Tuple.of(accountId, dealId))
                .map(rows -> ParentAccounts.rowUnderAccount(rows, accountId,
                        row -> new Versioned<>(view(row), row.getString(10)), ProblemCode.DEAL_NOT_FOUND, "deal", dealId));
    }

    /** The deal under its account, locked for the rest of the transaction (it is read to be changed), or null. */
    public Uni<PartnerDeal> lockedOfAccount(UUID accountId, UUID dealId) {
        return find("id = :id and accountId = :accountId", Map.of("id", dealId, "accountId", accountId))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /**
     * Deletes the deal under its account with one statement, if {@code ifMatch} (null: none) names its version: the
     * deleted row's {@code id}, or the problem that says why not ({@link ParentAccounts#deletedOrRefused}).
     */
    public Uni<Row> deleteOfAccount(SqlClient client, UUID accountId, UUID dealId, EntityTags.Condition ifMatch) {
        return client.preparedQuery(DELETE).execute(Tuple.of(dealId, accountId, ParentAccounts.versions(ifMatch)))
                .map(rows -> ParentAccounts.deletedOrRefused(rows.iterator().next(), ifMatch, accountId, ProblemCode.DEAL_NOT_FOUND, "deal", dealId));
    }

    private static DealView view(Row row) {
        return new DealView(row.getUUID(0), row.getUUID(1), row.getString(2), row.getLong(3), row.getString(4),
                row.getString(5), row.getLocalDate(6), DatabaseTime.instant(row.getOffsetDateTime(7)),
                DatabaseTime.instant(row.getOffsetDateTime(8)), DatabaseTime.instant(row.getOffsetDateTime(9)));
    }
}
