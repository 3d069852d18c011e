package org.erp.provisioning.problem.handling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** The composition: the order of the families, the internal-error fallback, and the count of database refusals. */
class ProblemClassifierTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final FeatureConstraints slugs = refusal -> "accounts_slug_key".equals(refusal.constraint())
            ? Optional.of(new ProblemException(ProblemCode.SLUG_TAKEN, "taken")) : Optional.empty();
    private final ProblemClassifier classifier = new ProblemClassifier(new RequestProblems(), new SecurityProblems(),
            new ConstraintProblems(List.of(slugs)), new DatabaseProblems(), new HttpProblems(), metrics);

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

    @Test
    void refusalsAreCountedBySqlStateAndUnreachableDatabasesAreNot() {
        classifier.classify(Failures.refusal("23505", "accounts", "accounts_slug_key"));
        classifier.classify(Failures.refusal("23514", "accounts", "accounts_slug_format"));
        classifier.classify(Failures.refusal("57P01", null, null));
        assertEquals(1.0, metrics.counter("erp.database.errors", "sqlstate", "23505").count());
        assertEquals(1.0, metrics.counter("erp.database.errors", "sqlstate", "23514").count());
        assertEquals(0.0, metrics.counter("erp.database.errors", "sqlstate", "57P01").count());
    }
}
