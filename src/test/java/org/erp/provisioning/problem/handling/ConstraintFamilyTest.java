package org.erp.provisioning.problem.handling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** The slot: each feature's declaration is asked in turn, and a refusal none of them knows is left to the database family. */
class ConstraintFamilyTest {

    private static final FeatureConstraints SLUGS = refusal -> "accounts_slug_key".equals(refusal.constraint())
            ? Optional.of(new ProblemException(ProblemCode.SLUG_TAKEN, "taken")) : Optional.empty();
    private static final FeatureConstraints DEALS = refusal -> "partner_deals".equals(refusal.table())
            ? Optional.of(new ProblemException(ProblemCode.ACCOUNT_NOT_FOUND, "gone")) : Optional.empty();

    private final ConstraintProblems family = new ConstraintProblems(List.of(SLUGS, DEALS));

    @Test
    void theFeatureThatDeclaredTheConstraintAnswers() {
        assertEquals(ProblemCode.SLUG_TAKEN,
                family.classify(Failures.wrapped(Failures.refusal("23505", "accounts", "accounts_slug_key"))).orElseThrow().code());
        assertEquals(ProblemCode.ACCOUNT_NOT_FOUND,
                family.classify(Failures.refusal("23503", "partner_deals", "partner_deals_account_id_fkey")).orElseThrow().code());
    }

    @Test
    void aConstraintNoFeatureDeclaredIsLeftToTheDatabaseFamily() {
        assertTrue(family.classify(Failures.refusal("23505", "accounts", "accounts_owner_email_key")).isEmpty());
        assertTrue(family.classify(new IllegalStateException("not the database")).isEmpty());
    }
}
