package org.erp.provisioning.problem.handling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.junit.jupiter.api.Test;

class RequestFamilyTest {

    private final RequestProblems family = new RequestProblems();

    @Test
    void aProblemTheServiceRaisedIsAnsweredAsItIs() {
        ProblemException raised = new ProblemException(ProblemCode.VALIDATION_FAILED, "name must not be blank");
        assertSame(raised, family.classify(raised).orElseThrow());
        assertSame(raised, family.classify(Failures.wrapped(raised)).orElseThrow());
    }

    @Test
    void bodyThatIsNotJsonIsMalformedWithItsPositionAndNoJacksonWords() {
        JsonParseException notJson = null;
        try {
            new ObjectMapper().readTree("{\"name\": }");
        } catch (JsonParseException e) {
            notJson = e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        ProblemException problem = family.classify(Failures.wrapped(notJson)).orElseThrow();
        assertEquals(ProblemCode.MALFORMED_REQUEST, problem.code());
        assertTrue(problem.detail().contains("line 1, column"), problem.detail());
        assertTrue(!problem.detail().contains("com.fasterxml"), problem.detail());
    }

    @Test
    void otherFailuresAreLeftToOtherFamilies() {
        assertTrue(family.classify(new IllegalStateException("boom")).isEmpty());
        assertTrue(family.classify(Failures.refusal("23505", "accounts", "accounts_slug_key")).isEmpty());
    }
}
