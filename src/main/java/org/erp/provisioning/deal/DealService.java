package org.erp.provisioning.deal;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.erp.provisioning.enums.DealStage;
import org.erp.provisioning.enums.LabelRecheck;
import org.erp.provisioning.parent.ParentAccounts;
import org.erp.provisioning.persistence.DatabaseTime;
import org.erp.provisioning.persistence.RowVersions;
import org.erp.provisioning.persistence.Transactions;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.web.EntityTags;
import org.erp.provisioning.web.PathIds;
import org.erp.provisioning.web.Versioned;

@ApplicationScoped
public class DealService {

    private static final String TABLE = "partner_deals";

    private final PartnerDealRepository deals;
    private final ParentAccounts accounts;
    private final DealInput input;
    private final LabelRecheck labels;
    private final Transactions transactions;

    DealService(PartnerDealRepository deals, ParentAccounts accounts, DealInput input, LabelRecheck labels,
                Transactions transactions) {
        this.deals = deals;
        this.accounts = accounts;
        this.input = input;
        this.labels = labels;
        this.transactions = transactions;
    }

    /** Adds a deal to an account; an account deleted meanwhile is 23503, answered {@code account-not-found}. */
    public Uni<Versioned<DealView>> create(String accountId, JsonNode body) {
        UUID account = ParentAccounts.parseId(accountId);
        return labels.checkThenRun(() -> input.read(body, true), changes -> transactions.write(() -> {
            PartnerDeal deal = new PartnerDeal();
            deal.accountId = account;
            changes.applyTo(deal);
            deal.createdAt = DatabaseTime.now();
            deal.updatedAt = deal.createdAt;
            if (changes.stage().hasValue()) {
                moveTo(deal, changes.stage().value());
            }
            return deals.persist(deal).chain(deals::flush)
                    .chain(() -> RowVersions.withColumn(TABLE, "stage", deal.id))
                    .map(stored -> new Versioned<>(DealView.of(deal, stored.value()), stored.version()));
        }));
    }

    public Uni<DealList> list(String accountId, String stage) {
        UUID account = ParentAccounts.parseId(accountId);
        return labels.checkThenRun(() -> input.stageFilter(stage), label -> transactions.select(client ->
                deals.viewsOfAccount(client, account, label.orElse(null)).map(DealList::new)));
    }

    public Uni<Versioned<DealView>> get(String accountId, String dealId) {
        UUID account = ParentAccounts.parseId(accountId);
        UUID id = PathIds.parse(dealId, ProblemCode.DEAL_NOT_FOUND, "deal");
        return transactions.select(client -> deals.viewOfAccount(client, account, id));
    }

    /**
     * Applies a JSON merge patch, holding the row lock so {@code closedAt} follows the current stage and
     * {@code ifMatch} (null: none) is compared with the current version: the check and the write are one step.
     */
    public Uni<Versioned<DealView>> patch(String accountId, String dealId, JsonNode body, EntityTags.Condition ifMatch) {
        return labels.checkThenRun(() -> input.read(body, false), changes -> transactions.write(() ->
                locked(accountId, dealId).chain(deal -> {
                    EntityTags.require(ifMatch, deal.version);
                    if (changes.isEmpty()) {
                        return Uni.createFrom().item(versioned(deal));
                    }
                    changes.applyTo(deal);
                    if (changes.stage().hasValue()) {
                        moveTo(deal, changes.stage().value());
                    }
                    deal.updatedAt = DatabaseTime.now();
                    return deals.flush().chain(() -> RowVersions.of(TABLE, deal.id))
                            .map(version -> new Versioned<>(DealView.of(deal), version));
                })));
    }

    /**
     * {@code closedAt} is the service's, never the client's: set to now whenever the deal enters a closed stage
     * from any other stage (the other closed stage included), cleared when it leaves them, so
     * {@code partner_deals_closed_at_matches_stage} always holds.
     */
    private static void moveTo(PartnerDeal deal, String stage) {
        if (!DealStage.isClosed(stage)) {
            deal.closedAt = null;
        } else if (!stage.equals(deal.stage)) {
            deal.closedAt = DatabaseTime.now();
        }
        deal.stage = stage;
    }

    /**
     * Deletes the deal with one statement, if {@code ifMatch} (null: none) names its current version; of two
     * concurrent deletes the second finds nothing and is {@code deal-not-found}. Answers what the access log records
     * of it.
     */
    public Uni<String> delete(String accountId, String dealId, EntityTags.Condition ifMatch) {
        UUID account = ParentAccounts.parseId(accountId);
        UUID id = PathIds.parse(dealId, ProblemCode.DEAL_NOT_FOUND, "deal");
        return transactions.statement(client -> deals.deleteOfAccount(client, account, id, ifMatch))
                .map(deleted -> "deal " + deleted.getUUID("id"));
    }

    private static Versioned<DealView> versioned(PartnerDeal deal) {
        return new Versioned<>(DealView.of(deal), deal.version);
    }

    /** The deal, locked in the request's transaction to be changed, or the not-found of what is missing. */
    private Uni<PartnerDeal> locked(String accountId, String dealId) {
        UUID account = ParentAccounts.parseId(accountId);
        UUID id = PathIds.parse(dealId, ProblemCode.DEAL_NOT_FOUND, "deal");
        return accounts.rowOrNotFound(account, deals.lockedOfAccount(account, id),
                ProblemCode.DEAL_NOT_FOUND, "deal", id);
    }
}
