package org.erp.provisioning.enums;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.FieldError;
import org.erp.provisioning.problem.FieldErrors;
import org.erp.provisioning.web.BodyField;

/**
 * The labels of EVA's enum types as the catalog listed them at one moment, in database order. Immutable:
 * a refresh replaces the whole snapshot.
 */
public final class EnumLabels {

    private final Map<PgEnumType, List<String>> labels;

    public EnumLabels(Map<PgEnumType, List<String>> labels) {
        this.labels = new EnumMap<>(PgEnumType.class);
        labels.forEach((type, list) -> this.labels.put(type, List.copyOf(list)));
    }

    /** The type's labels in database order; empty when the type is missing from the database. */
    public List<String> of(PgEnumType type) {
        return labels.getOrDefault(type, List.of());
    }

    /** Labels the database has that the service has no Java constant for (drift it can live with). */
    public List<String> unknown(PgEnumType type) {
        return of(type).stream().filter(label -> !type.knownLabels().contains(label)).toList();
    }

    /** Java constants whose label the database lacks (renamed away, or a type not yet migrated). */
    public List<String> missing(PgEnumType type) {
        return type.knownLabels().stream().filter(label -> !of(type).contains(label)).toList();
    }

    /**
     * What an input means among a type's labels: {@code label} is the one it names, or null when it names none or
     * several; {@code matches} are the labels it matches by the lenient rule, in database order (the label alone when
     * one won).
     */
    public record Match(String label, List<String> matches) {

        static Match of(String label) {
            return new Match(label, List.of(label));
        }

        /** Whether the input names a label. */
        public boolean found() {
            return label != null;
        }

        /** Whether the input matches two or more labels and none of them wins. */
        public boolean ambiguous() {
            return label == null && matches.size() > 1;
        }
    }

    /**
     * The label that {@code input} means, matched the way the contract promises, never a guess between two labels.
     * In order: a label spelled exactly so wins; otherwise the one label equal to it ignoring case; otherwise the
     * labels equal to it ignoring case and the difference between {@code -}, {@code _} and white space (a run of them
     * counts as one): one is the label, none is an unknown value, two or more are ambiguous (EVA has
     * {@code closed-won} and {@code closed_won}, the input is {@code Closed Won}). Decided here, where the contract is silent: surrounding space is ignored in every step;
     * case is compared lower-cased the same way in both looser steps, so whatever matches ignoring case matches the
     * lenient rule too; two labels that differ only in case make an input equal to neither ambiguous, and the labels
     * listed are all those the lenient rule matches.
     */
    public Match resolve(PgEnumType type, String input) {
        List<String> candidates = of(type);
        if (candidates.contains(input)) {
            return Match.of(input); // the common case, sent as the database spells it
        }
        String trimmed = trim(input);
        if (candidates.contains(trimmed)) {
            return Match.of(trimmed);
        }
        String folded = fold(trimmed);
        List<String> ignoringCase = candidates.stream().filter(label -> fold(label).equals(folded)).toList();
        if (ignoringCase.size() == 1) {
            return Match.of(ignoringCase.get(0));
        }
        String key = comparisonKey(trimmed);
        List<String> lenient = candidates.stream().filter(label -> comparisonKey(label).equals(key)).toList();
        return lenient.size() == 1 ? Match.of(lenient.get(0)) : new Match(null, lenient);
    }

    /** The label {@code input} means when it names exactly one (see {@link #resolve}); empty when none or several. */
    public Optional<String> match(PgEnumType type, String input) {
        return Optional.ofNullable(resolve(type, input).label());
    }

    /**
     * The label a body field names: a blank string is the same as absent, {@code null} stays {@code null}, a value
     * that matches no label adds an {@code invalid-enum-value} error listing the labels, and one that matches several
     * an {@code ambiguous-enum-value} error listing those.
     */
    public BodyField<String> check(PgEnumType type, String field, BodyField<String> input, FieldErrors errors) {
        if (!input.hasValue()) {
            return input;
        }
        if (trim(input.value()).isEmpty()) {
            return BodyField.absent();
        }
        String label = label(type, field, input.value(), errors);
        return label == null ? BodyField.absent() : BodyField.of(label);
    }

    /**
     * The label a query parameter names: null when unset or blank, or an {@code invalid-enum-value} or
     * {@code ambiguous-enum-value} error, as for a body field.
     */
    public String parameter(PgEnumType type, String parameter, String value, FieldErrors errors) {
        if (value == null || trim(value).isEmpty()) {
            return null;
        }
        return label(type, parameter, value, errors);
    }

    /** The label {@code input} names, or null with the error that says why it names none. */
    private String label(PgEnumType type, String field, String input, FieldErrors errors) {
        Match match = resolve(type, input);
        if (match.found()) {
            return match.label();
        }
        errors.add(match.ambiguous() ? ambiguousValue(field, input, match.matches()) : unknownValue(type, field, input));
        return null;
    }

    /** The field error for an input that matches no label of {@code type}, listing the labels in database order. */
    public FieldError unknownValue(PgEnumType type, String field, String input) {
        List<String> allowed = of(type);
        return new FieldError(field, FieldCode.INVALID_ENUM_VALUE.code(),
                "'" + input + "' is not one of: " + String.join(", ", allowed), input, allowed, null);
    }

    /** The field error for an input that matches several labels, none of them winning, listing those labels. */
    static FieldError ambiguousValue(String field, String input, List<String> matches) {
        return new FieldError(field, FieldCode.AMBIGUOUS_ENUM_VALUE.code(), "'" + input + "' matches more than one label: "
                + String.join(", ", matches) + "; send the one meant as the database spells it", input, matches, null);
    }

    /** Lower case, without surrounding white space, each run of {@code -}, {@code _} and white space one {@code -}. */
    static String comparisonKey(String value) {
        String trimmed = fold(trim(value));
        StringBuilder key = new StringBuilder(trimmed.length());
        boolean afterSeparator = false;
        for (int i = 0; i < trimmed.length(); ) {
            int codePoint = trimmed.codePointAt(i);
            i += Character.charCount(codePoint);
            boolean separator = codePoint == '-' || codePoint == '_' || isWhiteSpace(codePoint);
            if (!separator) {
                key.appendCodePoint(codePoint);
            } else if (!afterSeparator) {
                key.append('-');
            }
            afterSeparator = separator;
        }
        return key.toString();
    }

    /** Case set aside: lower case, the same for every step of matching that ignores case. */
    private static String fold(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    /** Without the white space around it; a loop, linear however much space a value carries. */
    private static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isWhiteSpace(value.codePointAt(start))) {
            start += Character.charCount(value.codePointAt(start));
        }
        while (end > start && isWhiteSpace(value.codePointBefore(end))) {
            end -= Character.charCount(value.codePointBefore(end));
        }
        return value.substring(start, end);
    }

    /**
     * Unicode's White_Space property, as java.util.regex defines {@code \p{IsWhite_Space}}: Java's {@code \s} is
     * ASCII only, and {@link String#strip()} keeps no-break spaces.
     */
    private static boolean isWhiteSpace(int codePoint) {
        return Character.isSpaceChar(codePoint) || (codePoint >= 0x9 && codePoint <= 0xd) || codePoint == 0x85;
    }
}
