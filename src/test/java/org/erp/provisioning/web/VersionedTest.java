package org.erp.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** The ETag a row is answered with is the one a later If-Match must send back to change that version of it. */
class VersionedTest {

    @Test
    void theEtagIsTheVersionAsAStrongEntityTag() {
        assertEquals("\"7321\"", new Versioned<>("row", "7321").etag());
    }

    @Test
    void itsEtagSentBackAsIfMatchMeetsItsVersionAndNoOther() {
        Versioned<String> row = new Versioned<>("row", "7321");
        EntityTags.Condition ifMatch = EntityTags.ifMatch(row.etag(), false);
        EntityTags.require(ifMatch, "7321");
        ProblemException changed = assertThrows(ProblemException.class, () -> EntityTags.require(ifMatch, "7322"));
        assertEquals(ProblemCode.PRECONDITION_FAILED, changed.code());
    }
}
