package org.erp.provisioning.account;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.erp.provisioning.parent.ParentAccounts;
import org.erp.provisioning.persistence.Transactions;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.problem.handling.ProblemClassifier;

/**
 * Names the account that holds a slug a write was refused for ({@code existing} on the 409 slug-taken), as
 * {@code domain/DomainHolders} does for domains: read after the rollback in a session of its own, and left out when
 * the holder is gone or the read fails, so the look-up never turns a conflict into another answer.
 */
@ApplicationScoped
class Holders {

    private final AccountRepository accounts;
    private final ProblemClassifier problems;
    private final Transactions transactions;

    Holders(AccountRepository accounts, ProblemClassifier problems, Transactions transactions) {
        this.accounts = accounts;
        this.problems = problems;
        this.transactions = transactions;
    }

    /** Fails with {@code refusal} (a unique violation on the slug), as a 409 naming the account that holds {@code slug}. */
    <T> Uni<T> slugTaken(String slug, Throwable refusal) {
        ProblemException problem = problems.classify(refusal);
        return transactions.readOrNull(() -> accounts.find("slug", slug).<Account>firstResult()
                        .map(account -> account == null ? null : ParentAccounts.path(account.id)))
                .chain(path -> Uni.createFrom().failure(path == null ? problem : problem.heldBy(path)));
    }
}
