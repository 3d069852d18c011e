package org.erp.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import java.util.UUID;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An id in a path that is not a UUID names no row: the resource's not-found problem, not a 400. */
class PathIdsTest {

    @Test
    void aUuidIsRead() {
        UUID id = UUID.randomUUID();
        assertEquals(id, PathIds.parse(id.toString(), ProblemCode.ACCOUNT_NOT_FOUND, "account"));
    }

    @Test
    void aUuidInUpperCaseIsTheSameId() {
        UUID id = UUID.randomUUID();
        assertEquals(id, PathIds.parse(id.toString().toUpperCase(Locale.ROOT), ProblemCode.ACCOUNT_NOT_FOUND, "account"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1-2-3-4-5", "00000001-0002-0003-0004-00000000005", "0000000100020003000400000000000005",
            "00000001-0002-0003-0004-0000000000005", "00000001+0002-0003-0004-000000000005",
            "0000000g-0002-0003-0004-000000000005", "{00000001-0002-0003-0004-000000000005}", ""})
    void aUuidWrittenAnyOtherWayNamesNoRow(String value) {
        ProblemException refusal = assertThrows(ProblemException.class,
                () -> PathIds.parse(value, ProblemCode.ACCOUNT_NOT_FOUND, "account"));
        assertEquals(ProblemCode.ACCOUNT_NOT_FOUND, refusal.code());
    }

    @Test
    void anythingElseIsTheResourcesNotFound() {
        ProblemException refusal = assertThrows(ProblemException.class,
                () -> PathIds.parse("not-a-uuid", ProblemCode.DOMAIN_NOT_FOUND, "partner domain"));
        assertEquals(ProblemCode.DOMAIN_NOT_FOUND, refusal.code());
        assertEquals("No partner domain with id 'not-a-uuid'", refusal.getMessage());
    }
}
