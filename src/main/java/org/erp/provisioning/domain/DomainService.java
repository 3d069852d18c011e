package org.erp.provisioning.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.erp.provisioning.enums.DomainStatus;
import org.erp.provisioning.enums.LabelRecheck;
import org.erp.provisioning.parent.ParentAccounts;
import org.erp.provisioning.persistence.DatabaseFailure;
import org.erp.provisioning.persistence.DatabaseTime;
import org.erp.provisioning.persistence.RowVersions;
import org.erp.provisioning.persistence.Transactions;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.web.EntityTags;
import org.erp.provisioning.web.PathIds;
import org.erp.provisioning.web.Versioned;

@ApplicationScoped
public class DomainService {

    private static final String TABLE = "partner_domains";

    private final PartnerDomainRepository domains;
    private final ParentAccounts accounts;
    private final DomainInput input;
    private final LabelRecheck labels;
    private final Transactions transactions;
    private final DomainHolders holders;

    DomainService(PartnerDomainRepository domains, ParentAccounts accounts, DomainInput input, LabelRecheck labels,
                  Transactions transactions, DomainHolders holders) {
        this.domains = domains;
        this.accounts = accounts;
        this.input = input;
        this.labels = labels;
        this.transactions = transactions;
        this.holders = holders;
    }

    /**
     * Adds a domain to an account. The foreign key decides whether the account exists at write time: an account
     * deleted meanwhile is 23503, answered {@code account-not-found}.
     */
    public Uni<Versioned<DomainView>> create(String accountId, JsonNode body) {
        UUID account = ParentAccounts.parseId(accountId);
        return labels.checkThenRun(() -> input.read(body, true), changes -> transactions.write(() -> {
            PartnerDomain domain = new PartnerDomain();
            domain.accountId = account;
            domain.domain = changes.domain().value();
            domain.createdAt = DatabaseTime.now();
            if (changes.status().hasValue()) {
                moveTo(domain, changes.status().value());
            }
            return domains.persist(domain).chain(domains::flush)
                    .chain(() -> RowVersions.withColumn(TABLE, "status", domain.id))
                    .map(stored -> new Versioned<>(DomainView.of(domain, stored.value()), stored.version()));
        }).onFailure(taken -> DatabaseFailure.isUniqueViolation(taken, DomainConstraints.DOMAIN_KEY))
                .recoverWithUni(taken -> holders.domainTaken(changes.domain().value(), taken)));
    }

    public Uni<DomainList> list(String accountId) {
        UUID account = ParentAccounts.parseId(accountId);
        return transactions.select(client -> domains.viewsOfAccount(client, account)).map(DomainList::new);
    }

    public Uni<Versioned<DomainView>> get(String accountId, String domainId) {
        UUID account = ParentAccounts.parseId(accountId);
        UUID id = PathIds.parse(domainId, ProblemCode.DOMAIN_NOT_FOUND, "domain");
        return transactions.select(client -> domains.viewOfAccount(client, account, id));
    }

    /**
     * Applies a JSON merge patch, holding the row lock so {@code verifiedAt} follows the current status and
     * {@code ifMatch} (null: none) is compared with the current version: the check and the write are one step.
     */
    public Uni<Versioned<DomainView>> patch(String accountId, String domainId, JsonNode body, EntityTags.Condition ifMatch) {
        return labels.checkThenRun(() -> input.read(body, false), changes -> transactions.write(() ->
                locked(accountId, domainId).chain(domain -> {
                    EntityTags.require(ifMatch, domain.version);
                    if (changes.isEmpty()) {
                        return Uni.createFrom().item(versioned(domain));
                    }
                    changes.domain().ifPresent(name -> domain.domain = name);
                    if (changes.status().hasValue()) {
                        moveTo(domain, changes.status().value());
                    }
                    return domains.flush().chain(() -> RowVersions.of(TABLE, domain.id))
                            .map(version -> new Versioned<>(DomainView.of(domain), version));
                })).onFailure(taken -> DatabaseFailure.isUniqueViolation(taken, DomainConstraints.DOMAIN_KEY))
                .recoverWithUni(taken -> holders.domainTaken(changes.domain().value(), taken)));
    }

    /**
     * Deletes the domain with one statement, if {@code ifMatch} (null: none) names its current version; its name is
     * free for any account at once. Of two concurrent deletes the second finds nothing and is
     * {@code domain-not-found}. Answers what the access log records of it.
     */
    public Uni<String> delete(String accountId, String domainId, EntityTags.Condition ifMatch) {
        UUID account = ParentAccounts.parseId(accountId);
        UUID id = PathIds.parse(domainId, ProblemCode.DOMAIN_NOT_FOUND, "domain");
        return transactions.statement(client -> domains.deleteOfAccount(client, account, id, ifMatch))
                .map(deleted -> "domain " + deleted.getUUID("id") + " " + deleted.getString("domain"));
    }

    /** {@code verifiedAt} is set on entering verified and cleared on leaving it. */
    private static void moveTo(PartnerDomain domain, String status) {
        boolean verified = DomainStatus.VERIFIED.label().equals(status);
        if (verified && !status.equals(domain.status)) {
            domain.verifiedAt = DatabaseTime.now();
        } else if (!verified) {
            domain.verifiedAt = null;
        }
        domain.status = status;
    }

    private static Versioned<DomainView> versioned(PartnerDomain domain) {
        return new Versioned<>(DomainView.of(domain), domain.version);
    }

    /** The domain, locked in the request's transaction to be changed, or the not-found of what is missing. */
    private Uni<PartnerDomain> locked(String accountId, String domainId) {
        UUID account = ParentAccounts.parseId(accountId);
        UUID id = PathIds.parse(domainId, ProblemCode.DOMAIN_NOT_FOUND, "domain");
        return accounts.rowOrNotFound(account, domains.lockedOfAccount(account, id),
                ProblemCode.DOMAIN_NOT_FOUND, "domain", id);
    }
}
