package org.erp.provisioning.account;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.Supplier;
import org.erp.provisioning.domain.PartnerDomain;
import org.erp.provisioning.domain.PartnerDomainRepository;
import org.erp.provisioning.persistence.Transactions;
import org.erp.provisioning.problem.DatabaseProblems;
import org.erp.provisioning.problem.ProblemException;

/**
 * Names the resource that holds a slug or domain a write was refused for ({@code existing} on the 409), so a client
 * that retries a create after a lost answer can tell its own first try from another's. The refused transaction is
 * rolled back, so the holder is read in a transaction of its own. Should the holder be gone by then, or the read
 * fail, the 409 is answered as it is, without {@code existing}: the lookup never turns a conflict into another answer.
 */
@ApplicationScoped
public class Holders {

    private final AccountRepository accounts;
    private final PartnerDomainRepository domains;
    private final DatabaseProblems problems;
    private final Transactions transactions;

    Holders(AccountRepository accounts, PartnerDomainRepository domains, DatabaseProblems problems,
            Transactions transactions) {
        this.accounts = accounts;
        this.domains = domains;
        this.problems = problems;
        this.transactions = transactions;
    }

    public static String accountPath(UUID accountId) {
        return "/api/v1/accounts/" + accountId;
    }

    public static String domainPath(PartnerDomain domain) {
        return accountPath(domain.accountId) + "/domains/" + domain.id;
    }

    /** Fails with {@code refusal} (a unique violation on the slug), as a 409 naming the account that holds {@code slug}. */
    public <T> Uni<T> slugTaken(String slug, Throwable refusal) {
        return heldBy(refusal, () -> accounts.find("slug", slug).<Account>firstResult()
                .map(account -> account == null ? null : accountPath(account.id)));
    }

    /** Fails with {@code refusal} (a unique violation on the domain), as a 409 naming the domain row that holds {@code name}. */
    public <T> Uni<T> domainTaken(String name, Throwable refusal) {
        return heldBy(refusal, () -> domains.holding(name).map(domain -> domain == null ? null : domainPath(domain)));
    }

    /** {@code holder} reads the holder's path in a session of its own, which {@code transactions.read} opens. */
    private <T> Uni<T> heldBy(Throwable refusal, Supplier<Uni<String>> holder) {
        ProblemException problem = problems.classify(refusal).orElse(null);
        if (problem == null) {
            return Uni.createFrom().failure(refusal);
        }
        return transactions.read(holder)
                .onFailure().recoverWithItem((String) null)
                .chain(path -> Uni.createFrom().failure(path == null ? problem : problem.heldBy(path)));
    }
}
