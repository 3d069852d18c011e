package org.erp.provisioning.problem.handling;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Supplier;
import org.erp.provisioning.persistence.Transactions;
import org.erp.provisioning.problem.FieldError;
import org.erp.provisioning.problem.ProblemException;

/**
 * Answers a refused unique value (a taken slug, a taken domain) with its 409 naming the row that holds it
 * ({@code existing}), so a client that retries after a lost answer can tell its own first try from another's. The
 * refusal is classified here, once, by the feature that owns the constraint ({@link ConstraintProblems}); the problem
 * keeps the refusal as its cause, so it is counted by SQLSTATE like every other. The refused write wrote nothing, so
 * the holder is read in a session of its own. Should the holder be gone by then, or the read fail, the 409 is answered
 * without {@code existing}: the look-up never turns a conflict into another answer.
 */
@ApplicationScoped
public class TakenValues {

    private final ConstraintProblems constraints;
    private final Transactions transactions;

    TakenValues(ConstraintProblems constraints, Transactions transactions) {
        this.constraints = constraints;
        this.transactions = transactions;
    }

    /** Fails with {@code refusal}'s problem, naming the path {@code holderPath} reads (null: no holder found). */
    public <T> Uni<T> heldBy(Throwable refusal, Supplier<Uni<String>> holderPath) {
        ProblemException problem = problemOf(refusal);
        return transactions.readOrNull(holderPath)
                .chain(path -> Uni.createFrom().failure(path == null ? problem : problem.heldBy(path)));
    }

    /**
     * Fails with {@code refusal}'s problem for a request that asked for several values at once: its errors are the
     * ones {@code holders} reads (each value still held, naming its holder), the first holder the problem's own
     * {@code existing}. When none is held any more, or the read fails, the problem names {@code field} as a whole.
     */
    public <T> Uni<T> heldByEach(Throwable refusal, String field, Supplier<Uni<List<FieldError>>> holders) {
        ProblemException problem = problemOf(refusal);
        return transactions.readOrNull(holders).chain(found -> Uni.createFrom().failure(found == null || found.isEmpty()
                ? problem.atField(field)
                : problem.withErrors(found).heldBy(found.get(0).existing())));
    }

    private ProblemException problemOf(Throwable refusal) {
        return constraints.classify(refusal).orElseThrow(() -> new IllegalArgumentException(
                "Not a refusal of a feature's constraint: " + refusal, refusal)).causedBy(refusal);
    }
}
