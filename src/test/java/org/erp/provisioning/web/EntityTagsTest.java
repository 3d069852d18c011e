package org.erp.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** The entity-tag rules of RFC 9110 as the service applies them to row versions. */
class EntityTagsTest {

    @Test
    void aVersionIsAStrongTag() {
        assertEquals("\"7412\"", EntityTags.of("7412"));
    }

    @Test
    void ifMatchComparesStronglyAndWeakTagsNeverMatch() {
        EntityTags.Condition condition = EntityTags.ifMatch(" \"1\" ,W/\"7\", \"7412\"", false);
        assertEquals(List.of("1", "7412"), condition.versions());
        assertTrue(condition.matches("7412"));
        assertFalse(condition.matches("7"), "a weak tag is never strongly equal");
        assertFalse(condition.matches(null), "no row meets a list");
    }

    @Test
    void starMatchesAnyRowThatExists() {
        EntityTags.Condition any = EntityTags.ifMatch("*", false);
        assertTrue(any.matches("1"));
        assertFalse(any.matches(null));
    }

    @Test
    void ifNoneMatchComparesWeakly() {
        assertTrue(EntityTags.ifNoneMatch("W/\"7\"").matches("7"));
        assertTrue(EntityTags.ifNoneMatch("*").matches("7"));
        assertFalse(EntityTags.ifNoneMatch("\"8\"").matches("7"));
        assertNull(EntityTags.ifNoneMatch(" "));
    }

    @Test
    void withoutIfMatchAWriteIsUnconditionalUnlessOneIsRequired() {
        assertNull(EntityTags.ifMatch(null, false));
        assertNull(EntityTags.ifMatch("", false));
        ProblemException required = assertThrows(ProblemException.class, () -> EntityTags.ifMatch(null, true));
        assertEquals(ProblemCode.PRECONDITION_REQUIRED, required.code());
    }

    @Test
    void somethingElseThanEntityTagsIsAFieldError() {
        for (String malformed : List.of("7412", "\"open", "W/", "\"a\"\"b\"", "\"a\" \"b\"")) {
            ProblemException refused = assertThrows(ProblemException.class, () -> EntityTags.ifMatch(malformed, false), malformed);
            assertEquals("If-Match", refused.errors().get(0).field());
            assertEquals(FieldCode.INVALID_FORMAT.code(), refused.errors().get(0).code());
        }
    }

    @Test
    void aVersionOtherThanTheListedOnesIsAPreconditionFailureNamingTheCurrentOne() {
        EntityTags.require(null, "9");
        EntityTags.require(EntityTags.ifMatch("\"9\"", false), "9");
        ProblemException failed = assertThrows(ProblemException.class,
                () -> EntityTags.require(EntityTags.ifMatch("\"8\"", false), "9"));
        assertEquals(ProblemCode.PRECONDITION_FAILED, failed.code());
        assertEquals("\"9\"", failed.etag());
    }
}
