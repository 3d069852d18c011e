package org.erp.provisioning.problem.handling;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.erp.provisioning.persistence.Transactions;
import org.erp.provisioning.problem.ProblemException;

/**
 * Answers a refused unique value (a taken slug, a taken domain) with its 409 naming the row that holds it
 * ({@code existing}), so a client that retries after a lost answer can tell its own first try from another's. The
 * refused write wrote nothing, so the holder is read in a session of its own. Should the holder be gone by then, or
 * the read fail, the 409 is answered as it is, without {@code existing}: the look-up never turns a conflict into
 * another answer.
 */
@ApplicationScoped
public class TakenValues {

    private final ProblemClassifier problems;
    private final Transactions transactions;

    TakenValues(ProblemClassifier problems, Transactions transactions) {
        this.problems = problems;
        this.transactions = transactions;
    }

    /** Fails with {@code refusal}'s problem, naming the path {@code holderPath} reads (null: no holder found). */
    public <T> Uni<T> heldBy(Throwable refusal, Supplier<Uni<String>> holderPath) {
        ProblemException problem = problems.classify(refusal);
        return transactions.readOrNull(holderPath)
                .chain(path -> Uni.createFrom().failure(path == null ? problem : problem.heldBy(path)));
    }
}
