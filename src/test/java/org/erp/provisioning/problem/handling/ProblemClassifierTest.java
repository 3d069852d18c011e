package org.erp.provisioning.problem.handling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** The composition: the order of the families, and the internal-error fallback. */
class ProblemClassifierTest {

    private final FeatureConstraints slugs = refusal -> "accounts_slug_key".equals(refusal.constraint())
            ? Optional.of(new ProblemException(ProblemCode.SLUG_TAKEN, "taken")) : Optional.empty();
    private final ProblemClassifier classifier = new ProblemClassifier(new RequestProblems(), new SecurityProblems(),
            new ConstraintProblems(List.of(slugs)), new DatabaseProblems(), new HttpProblems());

    @Test
    void aFeaturesConstraintWinsOverTheGenericDatabaseAnswer() {
        assertEquals(ProblemCode.SLUG_TAKEN, classifier.classify(Failures.refusal("23505", "accounts", "accounts_slug_key")).code());
        assertEquals(ProblemCode.CONFLICT, classifier.classify(Failures.refusal("23505", "accounts", "other_key")).code());
    }

    @Test
    void whatNoFamilyClaimsIsAnInternalErrorKeepingItsCause() {
        IllegalStateException bug = new IllegalStateException("boom");
        ProblemException problem = classifier.classify(bug);
        assertEquals(ProblemCode.INTERNAL_ERROR, problem.code());
        assertEquals(bug, problem.getCause());
    }
}
