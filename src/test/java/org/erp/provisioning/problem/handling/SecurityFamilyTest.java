package org.erp.provisioning.problem.handling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import org.erp.provisioning.problem.ProblemCode;
import org.junit.jupiter.api.Test;

class SecurityFamilyTest {

    private final SecurityProblems family = new SecurityProblems();

    @Test
    void noValidTokenIsUnauthenticatedWhereverItIsInTheChain() {
        assertEquals(ProblemCode.UNAUTHENTICATED, family.classify(new AuthenticationFailedException()).orElseThrow().code());
        assertEquals(ProblemCode.UNAUTHENTICATED,
                family.classify(Failures.wrapped(new UnauthorizedException())).orElseThrow().code());
    }

    @Test
    void aTokenWithoutTheRoleIsForbiddenAndItsDetailNamesNoToken() {
        var problem = family.classify(new ForbiddenException("user alice lacks provisioning-admin")).orElseThrow();
        assertEquals(ProblemCode.FORBIDDEN, problem.code());
        assertTrue(!problem.detail().contains("alice"), problem.detail());
    }

    @Test
    void otherFailuresAreLeftToOtherFamilies() {
        assertTrue(family.classify(new IllegalStateException("boom")).isEmpty());
    }
}
