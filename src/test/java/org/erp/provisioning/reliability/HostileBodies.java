package org.erp.provisioning.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.engine.SourceOfRandomness;

/**
 * Generated request bodies, most of them hostile: wrong JSON types, unknown and read-only fields, huge, empty,
 * control and non-BMP strings, lone surrogates, deep nesting, numbers out of range, and every enum label
 * spelled every way. Driven by a seeded {@link Random}, so a failing run can be replayed.
 */
final class HostileBodies {

    /** Escapes every non-ASCII character, so lone surrogates travel as JSON escapes on the wire. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private static final List<String> LABELS = List.of("trialing", "active", "past_due", "canceled", "unpaid", "paused",
            "free", "starter", "growth", "enterprise", "monthly", "annual", "pending", "verified", "failed", "revoked",
            "prospecting", "qualified", "proposal", "negotiation", "closed-won", "closed-lost");

    private static final Arbitrary<String> ANY_TEXT = Arbitraries.strings().all().ofMinLength(0).ofMaxLength(80);
    private static final Arbitrary<String> ODD_TEXT = Arbitraries.oneOf(
            ANY_TEXT,
            Arbitraries.of("", " ", "\t\n", "\u0000", "a\u0000b", "\ud83d\ude00 emoji", "\ud835\udd18nicode", "\ud800",
                    "x\udc00y", "\u202etxet", "'; DROP TABLE accounts; --", "%_\\", "null", "\u00e9\u0301"),
            Arbitraries.strings().withChars('a', 'Z', '-', '.', '\u00fc').ofMinLength(150).ofMaxLength(6000));
    private static final Arbitrary<String> SPELLING = Arbitraries.of(LABELS).flatMap(label -> Arbitraries.of(
            label, label.toUpperCase(Locale.ROOT), " " + label + " ", label.replace('-', '_').replace('_', ' '),
            label.replace("-", "--").replace("_", "__"), label.replace('_', '-'), label + "x", "X" + label));

    private final Random random;

    HostileBodies(long seed) {
        this.random = new Random(seed);
        // Arbitrary#sample draws from jqwik's per-thread source of randomness: seed it too, for replays.
        SourceOfRandomness.current().setSeed(seed);
    }

    /** What a field holds, so most bodies can be well-typed with hostile content. */
    enum Kind { TEXT, ENUM, INTEGER, TEXT_LIST }

    /**
     * A body for a resource with these fields: one in ten is not a JSON object at all, three in ten mix JSON
     * types freely, the rest are well-typed with good or hostile values.
     */
    String body(Map<String, Kind> fields, Map<String, Object> good) {
        int shape = random.nextInt(10);
        if (shape == 0) {
            return sample(Arbitraries.of("", "{", "[]", "null", "42", "\"text\"", "{\"a\":}", "{'single':'quotes'}",
                    "{\"dup\":1,\"dup\":2}", "\u0000", "[".repeat(3000) + "]".repeat(3000), "{\"x\":" + "[".repeat(1500)));
        }
        boolean typed = shape > 3;
        Map<String, Object> body = new LinkedHashMap<>();
        fields.forEach((field, kind) -> {
            int pick = random.nextInt(10);
            if (pick < 5 && good.containsKey(field)) {
                body.put(field, good.get(field));
            } else if (pick < 8) {
                body.put(field, typed ? typedValue(kind) : value());
            }
        });
        if (random.nextInt(8) == 0) {
            body.put(sample(Arbitraries.of("id", "accountId", "createdAt", "updatedAt", "closedAt", "verifiedAt",
                    "color", "__proto__", "Name", "")), value());
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object typedValue(Kind kind) {
        return switch (kind) {
            case TEXT -> sample(ODD_TEXT);
            case ENUM -> random.nextBoolean() ? sample(SPELLING) : sample(ODD_TEXT);
            case INTEGER -> sample(Arbitraries.of(0L, -1L, 1L, 42L, Long.MAX_VALUE, Long.MIN_VALUE,
                    new BigInteger("123456789012345678901234567890")));
            case TEXT_LIST -> List.of(sample(ODD_TEXT), sample(ODD_TEXT) + ".example");
        };
    }

    private Object value() {
        return switch (random.nextInt(9)) {
            case 0, 1 -> sample(ODD_TEXT);
            case 2, 3 -> sample(SPELLING);
            case 4 -> sample(Arbitraries.of(0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, 1.5, -0.0, 1e300,
                    new BigInteger("123456789012345678901234567890"), Double.MAX_VALUE));
            case 5 -> sample(Arbitraries.of(true, false));
            case 6 -> null;
            case 7 -> List.of(sample(ODD_TEXT), sample(SPELLING));
            default -> nested(random.nextInt(6));
        };
    }

    private Object nested(int depth) {
        if (depth == 0) {
            return sample(ODD_TEXT);
        }
        List<Object> items = new ArrayList<>();
        items.add(Map.of("k", nested(depth - 1)));
        return items;
    }

    private static <T> T sample(Arbitrary<T> arbitrary) {
        return arbitrary.sample();
    }
}
