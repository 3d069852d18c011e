package org.erp.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** An id in a path that is not a UUID names no row: the resource's not-found problem, not a 400. */
class PathIdsTest {

    @Test
    void aUuidIsRead() {
        UUID id = UUID.randomUUID();
        assertEquals(id, PathIds.parse(id.toString(), ProblemCode.ACCOUNT_NOT_FOUND, "account"));
    }

    @Test
    void anythingElseIsTheResourcesNotFound() {
        ProblemException refusal = assertThrows(ProblemException.class,
                () -> PathIds.parse("not-a-uuid", ProblemCode.DOMAIN_NOT_FOUND, "partner domain"));
        assertEquals(ProblemCode.DOMAIN_NOT_FOUND, refusal.code());
        assertEquals("No partner domain with id 'not-a-uuid'", refusal.getMessage());
    }
}
