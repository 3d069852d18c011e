package org.erp.provisioning.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.erp.provisioning.persistence.DatabaseTime;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.FieldError;
import org.erp.provisioning.problem.FieldErrors;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;

/**
 * A JSON object request body, read field by field with strict JSON types (no string-to-number coercion, no
 * fractions for integers). Every fault is collected before answering: unknown fields and wrong types make a
 * {@code malformed-request}, read-only fields a {@code read-only} validation error, each named.
 */
public final class JsonBody {


    /** Fields the service sets; a body that carries one is refused on every resource. */
    public static final Set<String> READ_ONLY_FIELDS =
            Set.of("id", "accountId", "closedAt", "verifiedAt", "createdAt", "updatedAt");

    /** Dates and timestamps are within the years 1 to 9999, timestamps counted in UTC. */
    private static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);
    private static final Instant FIRST_INSTANT = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant AFTER_LAST_INSTANT = LAST_DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    private final JsonNode node;
    private final List<FieldError> malformed = new ArrayList<>();
    private final List<FieldError> invalid = new ArrayList<>();

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    /** Reads a body whose fields may only be {@code writable} ones; read-only fields are refused by name. */
    public static JsonBody of(JsonNode node, Set<String> writable) {
        if (node == null || node.isMissingNode() || !node.isObject()) {
            throw new ProblemException(ProblemCode.MALFORMED_REQUEST, "The request body must be a JSON object");
        }
        JsonBody body = new JsonBody(node);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (READ_ONLY_FIELDS.contains(name)) {
                body.invalid.add(FieldError.of(name, FieldCode.READ_ONLY, "is set by the service and cannot be sent", null));
            } else if (!writable.contains(name)) {
                body.malformed.add(FieldError.of(name, FieldCode.UNKNOWN_FIELD, "is not a field of this resource", null));
            }
        }
        return body;
    }

    public BodyField<String> text(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return value == null ? BodyField.absent() : BodyField.ofNull();
        }
        if (!value.isTextual()) {
            return wrongType(field, "a string", value);
        }
        return storable(field, value.textValue()) ? BodyField.of(value.textValue()) : BodyField.absent();
    }

    /**
     * An ISO-8601 timestamp with an offset ({@code 2026-12-09T10:00:00Z}, {@code ...+01:00}), within the years
     * 1 to 9999 in UTC, where it is stored and answered ({@code 9999-12-31T23:59:59-14:00} is in the year 10000).
     */
    public BodyField<Instant> timestamp(String field, FieldErrors errors) {
        return parsed(field, text -> OffsetDateTime.parse(text).toInstant(),
                instant -> !instant.isBefore(FIRST_INSTANT) && instant.isBefore(AFTER_LAST_INSTANT),
                "must be an ISO-8601 timestamp with an offset", errors)
                .map(DatabaseTime::of);
    }

    /** An ISO-8601 calendar date ({@code 2026-12-31}) within the years 1 to 9999. */
    public BodyField<LocalDate> date(String field, FieldErrors errors) {
        return parsed(field, LocalDate::parse, date -> !date.isBefore(FIRST_DAY) && !date.isAfter(LAST_DAY),
                "must be a date as YYYY-MM-DD", errors);
    }

    /**
     * A string field parsed as a date or time; unparsable, it is {@code invalid-format}, and outside the years 1 to
     * 9999 {@code out-of-range} (beyond them the driver would store another date, or infinity, without a word).
     * Either way it is an error and left absent.
     */
    private <T> BodyField<T> parsed(String field, Function<String, T> parse, Predicate<T> withinYears, String mustBe,
                                    FieldErrors errors) {
        BodyField<String> text = text(field);
        if (!text.hasValue()) {
            return text.map(value -> null);
        }
        T value;
        try {
            value = parse.apply(text.value().strip());
        } catch (DateTimeParseException e) {
            errors.add(field, FieldCode.INVALID_FORMAT, mustBe, text.value());
            return BodyField.absent();
        }
        if (!withinYears.test(value)) {
            errors.add(field, FieldCode.OUT_OF_RANGE, "must be within the years 1 to 9999", text.value());
            return BodyField.absent();
        }
        return BodyField.of(value);
    }

    public BodyField<Long> integer(String field, FieldErrors errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return value == null ? BodyField.absent() : BodyField.ofNull();
        }
        if (!value.isIntegralNumber()) {
            return wrongType(field, "an integer", value);
        }
        if (!value.canConvertToLong()) {
            errors.add(field, FieldCode.OUT_OF_RANGE, "is too large", value.asText());
            return BodyField.absent();
        }
        return BodyField.of(value.longValue());
    }

    public BodyField<List<String>> texts(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return value == null ? BodyField.absent() : BodyField.ofNull();
        }
        if (!value.isArray()) {
            return wrongType(field, "an array of strings", value);
        }
        // Every item at fault is named, not only the first.
        List<String> items = new ArrayList<>();
        boolean allGood = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                wrongType(field + "[" + i + "]", "a string", item);
                allGood = false;
            } else if (!storable(field + "[" + i + "]", item.textValue())) {
                allGood = false;
            } else {
                items.add(item.textValue());
            }
        }
        return allGood ? BodyField.of(List.copyOf(items)) : BodyField.absent();
    }

    /** Throws {@code malformed-request} naming every unknown field and wrong type seen so far. */
    public void requireWellFormed() {
        if (!malformed.isEmpty()) {
            throw new ProblemException(ProblemCode.MALFORMED_REQUEST, malformed.stream()
                    .map(e -> e.field() + " " + e.message())
                    .collect(Collectors.joining("; ")), malformed);
        }
    }

    /** Adds the errors found while reading: read-only fields sent, text PostgreSQL cannot store. */
    public void reportInvalid(FieldErrors errors) {
        invalid.forEach(errors::add);
    }

    private boolean storable(String field, String text) {
        if (StorableText.isStorable(text)) {
            return true;
        }
        invalid.add(FieldError.of(field, FieldCode.INVALID_TEXT, StorableText.MESSAGE, null));
        return false;
    }

    private <T> BodyField<T> wrongType(String field, String expected, JsonNode value) {
        malformed.add(FieldError.of(field, FieldCode.WRONG_TYPE, "must be " + expected + ", not " + describe(value), null));
        return BodyField.absent();
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case BOOLEAN -> "a boolean";
            case NUMBER -> value.isIntegralNumber() ? "an integer" : "a fractional number";
            case STRING -> "a string";
            default -> value.getNodeType().name().toLowerCase();
        };
    }
}
