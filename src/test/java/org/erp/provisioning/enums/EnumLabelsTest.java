package org.erp.provisioning.enums;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.FieldError;
import org.erp.provisioning.problem.FieldErrors;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.web.BodyField;
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

    /**
     * EVA spells one meaning twice: {@code closed-won} and {@code closed_won} (separators), {@code growth} and
     * {@code Growth} (case), {@code per-month} and {@code Per_Month} (both), each pair in this database order.
     */
    private final EnumLabels twice = new EnumLabels(Map.of(
            PgEnumType.DEAL_STAGE, List.of("prospecting", "closed-won", "closed-lost", "closed_won"),
            PgEnumType.PLAN_TIER, List.of("free", "growth", "enterprise", "Growth"),
            PgEnumType.BILLING_INTERVAL, List.of("monthly", "per-month", "annual", "Per_Month")));

    /** A label spelled exactly wins, whatever else it matches ignoring case or separators; surrounding space aside. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "closed-won | DEAL_STAGE | closed-won", "closed_won | DEAL_STAGE | closed_won",
            "' closed_won ' | DEAL_STAGE | closed_won",
            "growth | PLAN_TIER | growth", "Growth | PLAN_TIER | Growth", "'	Growth ' | PLAN_TIER | Growth",
            "per-month | BILLING_INTERVAL | per-month", "Per_Month | BILLING_INTERVAL | Per_Month"})
    void anExactLabelWins(String input, PgEnumType type, String label) {
        assertEquals(Optional.of(label), twice.match(type, input));
    }

    /** Otherwise the one label equal to the value ignoring case wins, though others match it by the lenient rule. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CLOSED_WON | DEAL_STAGE | closed_won", "Closed-Won | DEAL_STAGE | closed-won",
            "' CLOSED-WON ' | DEAL_STAGE | closed-won",
            "PER-MONTH | BILLING_INTERVAL | per-month", "per_month | BILLING_INTERVAL | Per_Month",
            "' PER_MONTH ' | BILLING_INTERVAL | Per_Month"})
    void otherwiseTheOnlyLabelEqualIgnoringCaseWins(String input, PgEnumType type, String label) {
        assertEquals(Optional.of(label), twice.match(type, input));
    }

    /** A value that matches one label by the lenient rule alone still names it, beside labels spelled twice. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Closed Lost | DEAL_STAGE | closed-lost", "CLOSED__LOST | DEAL_STAGE | closed-lost",
            "ENTERPRISE | PLAN_TIER | enterprise", "' Monthly ' | BILLING_INTERVAL | monthly"})
    void aValueMatchingOneLabelLenientlyNamesIt(String input, PgEnumType type, String label) {
        assertEquals(Optional.of(label), twice.match(type, input));
    }

    /**
     * Otherwise a value that matches two or more labels names none: both separators, both cases, or neither exactly;
     * the labels it matches are listed in database order.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Closed Won | DEAL_STAGE | closed-won,closed_won", "closed--won | DEAL_STAGE | closed-won,closed_won",
            "' CLOSED  WON ' | DEAL_STAGE | closed-won,closed_won", "'closed _won' | DEAL_STAGE | closed-won,closed_won",
            "GROWTH | PLAN_TIER | growth,Growth", "gRoWtH | PLAN_TIER | growth,Growth", "' GROWTH ' | PLAN_TIER | growth,Growth",
            "Per Month | BILLING_INTERVAL | per-month,Per_Month", "per__month | BILLING_INTERVAL | per-month,Per_Month"})
    void aValueMatchingSeveralLabelsIsAmbiguous(String input, PgEnumType type, String matching) {
        EnumLabels.Match match = twice.resolve(type, input);
        assertFalse(match.found(), input);
        assertTrue(match.ambiguous(), input);
        assertEquals(List.of(matching.split(",")), match.matches());
        assertEquals(Optional.empty(), twice.match(type, input));
    }

    @Test
    void aValueMatchingNoLabelIsNeitherFoundNorAmbiguous() {
        EnumLabels.Match match = twice.resolve(PgEnumType.DEAL_STAGE, "won");
        assertFalse(match.found());
        assertFalse(match.ambiguous());
        assertEquals(List.of(), match.matches());
    }

    /** Two labels that differ only in case are ambiguous for a value equal to neither, listed with the lenient ones. */
    @Test
    void labelsThatDifferOnlyInCaseAreListedWithEveryLenientMatch() {
        EnumLabels cased = new EnumLabels(Map.of(PgEnumType.DEAL_STAGE, List.of("Closed-Won", "closed_won", "CLOSED-WON")));
        assertEquals(List.of("Closed-Won", "closed_won", "CLOSED-WON"),
                cased.resolve(PgEnumType.DEAL_STAGE, "closed-won").matches());
        assertEquals(Optional.of("closed_won"), cased.match(PgEnumType.DEAL_STAGE, "Closed_Won"));
        assertEquals(Optional.of("CLOSED-WON"), cased.match(PgEnumType.DEAL_STAGE, "CLOSED-WON"));
    }

    /** The error names the field and the value as sent, and lists the labels it matches in allowedValues. */
    @Test
    void anAmbiguousParameterIsAnAmbiguousEnumValueListingTheLabelsItMatches() {
        FieldErrors errors = new FieldErrors();
        assertNull(twice.parameter(PgEnumType.DEAL_STAGE, "stage", " Closed Won", errors));
        ProblemException problem = assertThrows(ProblemException.class, errors::throwIfAny);
        assertEquals(ProblemCode.INVALID_ENUM_VALUE, problem.code());
        FieldError error = problem.errors().get(0);
        assertEquals("stage", error.field());
        assertEquals(FieldCode.AMBIGUOUS_ENUM_VALUE.code(), error.code());
        assertEquals(" Closed Won", error.rejectedValue());
        assertEquals(List.of("closed-won", "closed_won"), error.allowedValues());
        assertTrue(error.message().contains("closed-won, closed_won"), error.message());
    }

    /** In a body an ambiguous value is dropped with its error, like an unknown one; exact and unique ones are kept. */
    @Test
    void anAmbiguousBodyFieldIsRefusedAndTheOthersKept() {
        FieldErrors errors = new FieldErrors();
        assertFalse(twice.check(PgEnumType.PLAN_TIER, "planTier", BodyField.of("GROWTH"), errors).isPresent());
        assertEquals("Per_Month", twice.check(PgEnumType.BILLING_INTERVAL, "billingInterval", BodyField.of("PER_MONTH"), errors).value());
        assertTrue(errors.has("planTier"));
        assertFalse(errors.has("billingInterval"));
    }

    /**
     * An ambiguous value is an enum-value fault: with unknown values only the problem stays invalid-enum-value, each
     * field with its own code; with any other fault it is validation-failed.
     */
    @Test
    void theProblemIsInvalidEnumValueWhenEveryFaultIsAnEnumValue() {
        FieldErrors enumsOnly = new FieldErrors();
        twice.check(PgEnumType.DEAL_STAGE, "stage", BodyField.of("Closed Won"), enumsOnly);
        twice.check(PgEnumType.PLAN_TIER, "planTier", BodyField.of("gold"), enumsOnly);
        ProblemException problem = assertThrows(ProblemException.class, enumsOnly::throwIfAny);
        assertEquals(ProblemCode.INVALID_ENUM_VALUE, problem.code());
        assertEquals(List.of("ambiguous-enum-value", "invalid-enum-value"), problem.errors().stream().map(FieldError::code).toList());
        assertEquals(List.of("free", "growth", "enterprise", "Growth"), problem.errors().get(1).allowedValues());

        FieldErrors mixed = new FieldErrors();
        twice.check(PgEnumType.DEAL_STAGE, "stage", BodyField.of("Closed Won"), mixed);
        mixed.add("title", FieldCode.BLANK, "must not be blank", "");
        assertEquals(ProblemCode.VALIDATION_FAILED, assertThrows(ProblemException.class, mixed::throwIfAny).code());
    }
}
