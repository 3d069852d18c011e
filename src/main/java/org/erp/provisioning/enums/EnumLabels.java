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
     * The label that {@code input} means, matched the way the contract promises: ignoring case, surrounding
     * space and the difference between {@code -}, {@code _} and whitespace (a run of them counts as one). An
     * exact label wins over a looser match.
     */
    public Optional<String> match(PgEnumType type, String input) {
        List<String> candidates = of(type);
        if (candidates.contains(input)) {
            return Optional.of(input); // the common case, sent as the database spells it
        }
        String trimmed = trim(input);
        if (candidates.contains(trimmed)) {
            return Optional.of(trimmed);
        }
        String key = comparisonKey(trimmed);
        return candidates.stream().filter(label -> comparisonKey(label).equals(key)).findFirst();
    }

    /**
     * The label a body field names: a blank string is the same as absent, {@code null} stays {@code null}, and a
     * value that matches no label adds an {@code invalid-enum-value} error listing the labels.
     */
    public BodyField<String> check(PgEnumType type, String field, BodyField<String> input, FieldErrors errors) {
        if (!input.hasValue()) {
            return input;
        }
        if (trim(input.value()).isEmpty()) {
            return BodyField.absent();
        }
        Optional<String> label = match(type, input.value());
        if (label.isEmpty()) {
            errors.add(unknownValue(type, field, input.value()));
            return BodyField.absent();
        }
        return BodyField.of(label.get());
    }

    /** The label a query parameter names: null when unset or blank, or an {@code invalid-enum-value} error. */
    public String parameter(PgEnumType type, String parameter, String value, FieldErrors errors) {
        if (value == null || trim(value).isEmpty()) {
            return null;
        }
        return match(type, value).orElseGet(() -> {
            errors.add(unknownValue(type, parameter, value));
            return null;
        });
    }

    /** The field error for an input that matches no label of {@code type}, listing the labels in database order. */
    public FieldError unknownValue(PgEnumType type, String field, String input) {
        List<String> allowed = of(type);
        return new FieldError(field, FieldCode.INVALID_ENUM_VALUE.code(),
                "'" + input + "' is not one of: " + String.join(", ", allowed), input, allowed, null);
    }

    /** Lower case, without surrounding white space, each run of {@code -}, {@code _} and white space one {@code -}. */
    static String comparisonKey(String value) {
        String trimmed = trim(value).toLowerCase(Locale.ROOT);
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
