package org.erp.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three states of a merge-patch field survive every operation: absent leaves a column, null clears it. */
class BodyFieldTest {

    @Test
    void absentNullAndAValueAreThreeStates() {
        BodyField<String> absent = BodyField.absent();
        BodyField<String> cleared = BodyField.ofNull();
        BodyField<String> set = BodyField.of("growth");

        assertFalse(absent.isPresent());
        assertFalse(absent.isNull());
        assertFalse(absent.hasValue());

        assertTrue(cleared.isPresent());
        assertTrue(cleared.isNull());
        assertFalse(cleared.hasValue());

        assertTrue(set.isPresent());
        assertFalse(set.isNull());
        assertTrue(set.hasValue());
        assertEquals("growth", set.value());
    }

    @Test
    void ofANullValueIsNullNotAbsent() {
        BodyField<String> field = BodyField.of(null);
        assertTrue(field.isPresent(), "a JSON null was sent: it clears the column");
        assertTrue(field.isNull());
    }

    @Test
    void mapConvertsAValueAndKeepsAbsentAndNullApart() {
        assertEquals(5, BodyField.of("trial").map(String::length).value());
        BodyField<Integer> fromNull = BodyField.<String>ofNull().map(String::length);
        assertTrue(fromNull.isNull());
        BodyField<Integer> fromAbsent = BodyField.<String>absent().map(String::length);
        assertFalse(fromAbsent.isPresent());
    }

    @Test
    void ifPresentSetsAValueOrANullAndLeavesAnAbsentFieldAlone() {
        List<String> set = new ArrayList<>();
        BodyField.of("closed-won").ifPresent(set::add);
        BodyField.<String>ofNull().ifPresent(set::add);
        BodyField.<String>absent().ifPresent(set::add);
        assertEquals(2, set.size(), "the absent field called nothing");
        assertEquals("closed-won", set.get(0));
        assertNull(set.get(1));
    }
}
