package floor;

import com.fasterxml.jackson.databind.JsonNode;
import floor.FloorVertx.FieldError;
import floor.FloorVertx.Refusal;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A create's body checked as the service checks it (AccountInput, JsonBody, EnumLabels), every fault in one problem:
 * a JSON object of known fields with strict types and storable text; name required, trimmed, 1 to 200 characters;
 * ownerEmail required, trimmed, syntactically an address, at most 254; slug given (the service's pattern, at most 63)
 * or derived from the name; enum fields matched against the labels read from pg_enum at start (exact, then the one
 * label equal ignoring case, then the one equal ignoring case and separators); trialEndsAt not in the past, and
 * now + 14 days for a trialing account without one.
 */
final class AccountCheck {

    static final String SLUG = "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$";
    private static final Pattern SLUG_PATTERN = Pattern.compile(SLUG);
    private static final Set<String> FIELDS = Set.of("name", "slug", "ownerEmail", "subscriptionStatus", "planTier",
            "billingInterval", "trialEndsAt", "domains");
    private static final Set<String> READ_ONLY = Set.of("id", "accountId", "closedAt", "verifiedAt", "createdAt", "updatedAt");
    /** Local part and host name as Hibernate Validator's @Email accepts them for ASCII addresses. */
    private static final Pattern EMAIL = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
            + "@([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?", Pattern.CASE_INSENSITIVE);
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern OTHERS = Pattern.compile("[^a-z0-9]+");
    private static final Duration TRIAL = Duration.ofDays(14);

    /** The account a create writes. */
    record Account(UUID id, String name, String slug, String ownerEmail, String subscriptionStatus, String planTier,
                   String billingInterval, Instant trialEndsAt, Instant createdAt, Instant updatedAt) {
    }

    private final Map<String, List<String>> labels;

    AccountCheck(Map<String, List<String>> labels) {
        this.labels = labels;
    }

    Account forCreate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new Refusal(400, "malformed-request", "Malformed request", "The request body must be a JSON object", null);
        }
        List<FieldError> malformed = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (READ_ONLY.contains(name)) {
                errors.add(error(name, "read-only", "is set by the service and cannot be sent", null));
            } else if (!FIELDS.contains(name)) {
                malformed.add(error(name, "unknown-field", "is not a field of this resource", null));
            }
        }
        String name = text(body, "name", malformed, errors);
        String slug = text(body, "slug", malformed, errors);
        String email = text(body, "ownerEmail", malformed, errors);
        String status = text(body, "subscriptionStatus", malformed, errors);
        String tier = text(body, "planTier", malformed, errors);
        String interval = text(body, "billingInterval", malformed, errors);
        String trialEnd = text(body, "trialEndsAt", malformed, errors);
        if (body.has("domains") && !body.get("domains").isNull()) {
            // Accounts with domains are a write of their own; the floor measures the account alone.
            malformed.add(error("domains", "unknown-field", "is not measured by the floor", null));
        }
        if (!malformed.isEmpty()) {
            throw new Refusal(400, "malformed-request", "Malformed request", joined(malformed), malformed);
        }

        name = name == null ? null : name.strip();
        if (required("name", name, errors)) {
            if (name.isEmpty()) {
                errors.add(error("name", "blank", "must not be blank", name));
            } else if (name.codePointCount(0, name.length()) > 200) {
                errors.add(error("name", "too-long", "length must be between 0 and 200", name));
            }
        }
        email = email == null ? null : email.strip();
        if (required("ownerEmail", email, errors)) {
            if (email.isEmpty()) {
                errors.add(error("ownerEmail", "blank", "must not be blank", email));
            } else if (email.codePointCount(0, email.length()) > 254) {
                errors.add(error("ownerEmail", "too-long", "length must be between 0 and 254", email));
            } else if (!EMAIL.matcher(email).matches() || email.indexOf('@') > 64) {
                errors.add(error("ownerEmail", "invalid-email", "must be a well-formed email address", email));
            }
        }
        slug = slug == null ? null : slug.strip();
        if (slug != null && !slug.isEmpty()) {
            if (slug.length() > 63) {
                errors.add(error("slug", "too-long", "size must be between 0 and 63", slug));
            }
            if (!SLUG_PATTERN.matcher(slug).matches()) {
                errors.add(error("slug", "invalid-format", "must be lower-case letters, digits and inner hyphens", slug));
            }
        } else if (name != null && !has(errors, "name")) {
            slug = derive(name);
            if (slug.isEmpty()) {
                errors.add(error("slug", "required", "cannot be derived from the name; send a slug", null));
            }
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant trialEndsAt = null;
        if (trialEnd != null) {
            try {
                trialEndsAt = OffsetDateTime.parse(trialEnd.strip()).toInstant().truncatedTo(ChronoUnit.MICROS);
                if (trialEndsAt.isBefore(now)) {
                    errors.add(error("trialEndsAt", "in-past", "must not be in the past", trialEnd));
                }
            } catch (DateTimeParseException notATimestamp) {
                errors.add(error("trialEndsAt", "invalid-format", "must be an ISO-8601 timestamp with an offset", trialEnd));
            }
        }
        String statusLabel = label("subscription_status", "subscriptionStatus", status, errors);
        String tierLabel = label("plan_tier", "planTier", tier, errors);
        String intervalLabel = label("billing_interval", "billingInterval", interval, errors);
        if (!errors.isEmpty()) {
            boolean enumsOnly = errors.stream().allMatch(e -> e.code().endsWith("enum-value"));
            throw new Refusal(400, enumsOnly ? "invalid-enum-value" : "validation-failed",
                    enumsOnly ? "Invalid enum value" : "Validation failed", joined(errors), errors);
        }
        if ("trialing".equals(statusLabel) && trialEndsAt == null) {
            trialEndsAt = now.plus(TRIAL);
        }
        return new Account(UUID.randomUUID(), name, slug, email, statusLabel, tierLabel, intervalLabel, trialEndsAt, now, now);
    }

    static Refusal invalid(FieldError error) {
        return new Refusal(400, "validation-failed", "Validation failed", error.field() + " " + error.message(), List.of(error));
    }

    /** A string field: null when absent or null; a wrong type is malformed, text PostgreSQL cannot store invalid. */
    private static String text(JsonNode body, String field, List<FieldError> malformed, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            malformed.add(error(field, "wrong-type", "must be a string, not " + value.getNodeType().name().toLowerCase(Locale.ROOT), null));
            return null;
        }
        String text = value.textValue();
        if (!storable(text)) {
            errors.add(error(field, "invalid-text", "must be Unicode text without NUL characters", null));
            return null;
        }
        return text;
    }

    private static boolean required(String field, String value, List<FieldError> errors) {
        if (has(errors, field)) {
            return false;
        }
        if (value == null) {
            errors.add(error(field, "required", "is required", null));
            return false;
        }
        return true;
    }

    /** The label {@code input} names (EnumLabels.resolve), null for blank; an unknown or ambiguous one is an error. */
    private String label(String type, String field, String input, List<FieldError> errors) {
        if (input == null || input.isBlank()) {
            return null;
        }
        List<String> candidates = labels.getOrDefault(type, List.of());
        if (candidates.contains(input)) {
            return input;
        }
        String trimmed = input.strip();
        if (candidates.contains(trimmed)) {
            return trimmed;
        }
        String folded = trimmed.toLowerCase(Locale.ROOT);
        List<String> ignoringCase = candidates.stream().filter(label -> label.toLowerCase(Locale.ROOT).equals(folded)).toList();
        if (ignoringCase.size() == 1) {
            return ignoringCase.get(0);
        }
        String key = key(trimmed);
        List<String> lenient = candidates.stream().filter(label -> key(label).equals(key)).toList();
        if (lenient.size() == 1) {
            return lenient.get(0);
        }
        errors.add(lenient.isEmpty()
                ? new FieldError(field, "invalid-enum-value", "'" + input + "' is not one of: " + String.join(", ", candidates),
                        input, candidates)
                : new FieldError(field, "ambiguous-enum-value", "'" + input + "' matches more than one label: "
                        + String.join(", ", lenient) + "; send the one meant as the database spells it", input, lenient));
        return null;
    }

    /** Lower case, each run of '-', '_' and white space one '-'. */
    private static String key(String value) {
        String folded = value.strip().toLowerCase(Locale.ROOT);
        StringBuilder key = new StringBuilder(folded.length());
        boolean afterSeparator = false;
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            boolean separator = c == '-' || c == '_' || Character.isWhitespace(c) || Character.isSpaceChar(c);
            if (!separator) {
                key.append(c);
            } else if (!afterSeparator) {
                key.append('-');
            }
            afterSeparator = separator;
        }
        return key.toString();
    }

    /** Slugs.derive: accents folded, the Latin letters without a decomposition spelled out, other runs '-', at most 63. */
    private static String derive(String name) {
        String folded = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFKD)).replaceAll("").toLowerCase(Locale.ROOT);
        StringBuilder ascii = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            switch (c) {
                case 'ß' -> ascii.append("ss");
                case 'æ' -> ascii.append("ae");
                case 'œ' -> ascii.append("oe");
                case 'ø' -> ascii.append('o');
                case 'ł' -> ascii.append('l');
                case 'đ', 'ð' -> ascii.append('d');
                case 'þ' -> ascii.append("th");
                case 'ħ' -> ascii.append('h');
                case 'ı' -> ascii.append('i');
                case 'ŧ' -> ascii.append('t');
                case 'ŋ' -> ascii.append('n');
                default -> ascii.append(c);
            }
        }
        String slug = trimHyphens(OTHERS.matcher(ascii).replaceAll("-"));
        return trimHyphens(slug.length() > 63 ? slug.substring(0, 63) : slug);
    }

    private static String trimHyphens(String slug) {
        int start = 0;
        int end = slug.length();
        while (start < end && slug.charAt(start) == '-') {
            start++;
        }
        while (end > start && slug.charAt(end - 1) == '-') {
            end--;
        }
        return slug.substring(start, end);
    }

    /** No NUL and no unpaired surrogate (StorableText). */
    private static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000' || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    private static boolean has(List<FieldError> errors, String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    private static FieldError error(String field, String code, String message, Object rejected) {
        return new FieldError(field, code, message, rejected, null);
    }

    private static String joined(List<FieldError> errors) {
        return String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList());
    }
}
