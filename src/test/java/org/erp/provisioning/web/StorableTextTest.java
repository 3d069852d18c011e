package org.erp.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What PostgreSQL's text columns can hold: Unicode without NUL. */
class StorableTextTest {

    @Test
    void unicodeTextIsStorable() {
        assertTrue(StorableText.isStorable(""));
        assertTrue(StorableText.isStorable("Müller & Søn GmbH"));
        assertTrue(StorableText.isStorable("emoji \uD83D\uDE00 as a surrogate pair"));
    }

    @Test
    void nulAndUnpairedSurrogatesAreNot() {
        assertFalse(StorableText.isStorable("a\u0000b"));
        assertFalse(StorableText.isStorable("high \uD83D alone"));
        assertFalse(StorableText.isStorable("ends high \uD83D"));
        assertFalse(StorableText.isStorable("low \uDE00 alone"));
        assertFalse(StorableText.isStorable("\uDE00\uD83D"), "a pair in the wrong order");
    }
}
