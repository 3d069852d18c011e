package org.erp.provisioning.problem.handling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpFamilyTest {

    private final HttpProblems family = new HttpProblems();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"400, malformed-request", "401, unauthenticated", "403, forbidden", "404, not-found",
            "405, method-not-allowed", "406, not-acceptable", "413, payload-too-large", "415, unsupported-media-type",
            "500, internal-error"})
    void eachStatusHasItsProblem(int status, String code) {
        assertEquals(code, family.classify(new WebApplicationException(status)).orElseThrow().code().code());
        assertEquals(code, family.classify(Failures.wrapped(new WebApplicationException(status))).orElseThrow().code().code());
    }

    @org.junit.jupiter.api.Test
    void otherFailuresAreLeftToTheFallback() {
        assertTrue(family.classify(new IllegalStateException("boom")).isEmpty());
    }
}
