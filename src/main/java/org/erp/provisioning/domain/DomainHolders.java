package org.erp.provisioning.domain;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.erp.provisioning.parent.ParentAccounts;
import org.erp.provisioning.persistence.Transactions;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.problem.handling.ProblemClassifier;

/**
 * Names the domain row that holds a name a write was refused for ({@code existing} on the 409 domain-taken), so a
 * client that retries after a lost answer can tell its own first try from another's. The refused transaction was
 * rolled back, so the holder is read in a session of its own. Should the holder be gone by then, or the read fail,
 * the 409 is answered as it is, without {@code existing}: the look-up never turns a conflict into another answer.
 */
@ApplicationScoped
public class DomainHolders {

    private final PartnerDomainRepository domains;
    private final ProblemClassifier problems;
    private final Transactions transactions;

    DomainHolders(PartnerDomainRepository domains, ProblemClassifier problems, Transactions transactions) {
        this.domains = domains;
        this.problems = problems;
        this.transactions = transactions;
    }

    /** The path of a domain, as {@code existing} and {@code Location} name it. */
    public static String path(PartnerDomain domain) {
        return ParentAccounts.path(domain.accountId) + "/domains/" + domain.id;
    }

    /** Fails with {@code refusal} (a unique violation on the domain), as a 409 naming the domain row that holds {@code name}. */
    public <T> Uni<T> domainTaken(String name, Throwable refusal) {
        ProblemException problem = problems.classify(refusal);
        return transactions.readOrNull(() -> domains.holding(name).map(domain -> domain == null ? null : path(domain)))
                .chain(path -> Uni.createFrom().failure(path == null ? problem : problem.heldBy(path)));
    }
}
