package org.erp.provisioning.enums;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.erp.provisioning.problem.FieldErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Matching input to labels, on a snapshot like the one the catalog reads (the HTTP tests cover the catalog). */
class EnumLabelsTest {

    private final EnumLabels labels = new EnumLabels(Map.of(
            PgEnumType.DEAL_STAGE, List.of("prospecting", "closed-won", "closed-lost"),
            PgEnumType.SUBSCRIPTION_STATUS, List.of("trialing", "past_due")));

    /** Space is Unicode's: tabs, no-break and em spaces count like the ASCII space, around and inside. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "closed-won | closed-won", "CLOSED_WON | closed-won", "' Closed Won ' | closed-won",
            "'closed\twon' | closed-won", "'closed\u2003won' | closed-won", "'\u00a0closed_won\u00a0' | closed-won",
            "'\u2003closed - won\u3000' | closed-won", "closed__won | closed-won",
            "PAST-DUE | past_due", "'past\u00a0due' | past_due"})
    void matchesALabelIgnoringCaseSurroundingSpaceAndSeparators(String input, String label) {
        PgEnumType type = label.equals("past_due") ? PgEnumType.SUBSCRIPTION_STATUS : PgEnumType.DEAL_STAGE;
        assertEquals(Optional.of(label), labels.match(type, input));
    }

    /** Every code point java.util.regex counts as white space is trimmed and separates, and nothing else. */
    @Test
    void whiteSpaceIsUnicodesWhiteSpaceProperty() {
        Pattern whiteSpace = Pattern.compile("\\p{IsWhite_Space}");
        for (int codePoint = 0; codePoint <= 0x3000; codePoint++) {
            String space = Character.toString(codePoint);
            boolean isSpace = whiteSpace.matcher(space).matches();
            assertEquals(isSpace, labels.match(PgEnumType.DEAL_STAGE, space + "closed" + space + "won" + space)
                    .isPresent(), "U+" + Integer.toHexString(codePoint));
        }
    }

    /** However long the run of spaces, it is one separator, and the match is made in one pass. */
    @Test
    void aLongRunOfSpacesIsOneSeparator() {
        String spaces = " ".repeat(60_000);
        assertEquals(Optional.of("closed-won"), labels.match(PgEnumType.DEAL_STAGE, spaces + "closed" + spaces + "won" + spaces));
    }

    @ParameterizedTest
    @ValueSource(strings = {"closedwon", "-closed-won", "closed-won-", "closed.won", "won"})
    void refusesWhatIsNotALabelSpelledDifferently(String input) {
        FieldErrors errors = new FieldErrors();
        assertNull(labels.parameter(PgEnumType.DEAL_STAGE, "stage", input, errors));
        assertTrue(errors.has("stage"), input);
    }

    /** A parameter of white space only is unset, whichever white space it is. */
    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "\u00a0", "\u2003\u3000"})
    void aBlankParameterIsUnset(String input) {
        FieldErrors errors = new FieldErrors();
        assertNull(labels.parameter(PgEnumType.DEAL_STAGE, "stage", input, errors));
        assertFalse(errors.has("stage"), input);
    }
}
