package org.erp.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.FieldErrors;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.junit.jupiter.api.Test;

/**
 * A body read field by field: absent, null and a value told apart; strict JSON types; every unknown field, wrong type
 * and read-only field named, not only the first.
 */
class JsonBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "count", "trialEndsAt", "domains");

    private static JsonBody body(String json) throws Exception {
        return JsonBody.of(JSON.readTree(json), FIELDS);
    }

    private static List<String> codes(ProblemException problem) {
        return problem.errors().stream().map(error -> error.field() + ":" + error.code()).toList();
    }

    @Test
    void absentNullAndAValueAreThreeThings() throws Exception {
        JsonBody body = body("{\"name\":null,\"count\":3}");
        assertFalse(body.text("trialEndsAt").isPresent());
        assertTrue(body.text("name").isNull());
        assertEquals(3L, body.integer("count", new FieldErrors()).value());
    }

    @Test
    void onlyAnObjectIsABody() throws Exception {
        for (String json : new String[] {"[]", "\"text\"", "3", "null"}) {
            ProblemException refusal = assertThrows(ProblemException.class, () -> body(json));
            assertEquals(ProblemCode.MALFORMED_REQUEST, refusal.code(), json);
        }
    }

    @Test
    void everyUnknownFieldAndWrongTypeIsNamedInOneProblem() throws Exception {
        JsonBody body = body("{\"nmae\":\"x\",\"name\":7,\"count\":\"3\",\"domains\":[\"a.example\",5,{}],\"other\":1}");
        body.text("name");
        body.integer("count", new FieldErrors());
        body.texts("domains");
        ProblemException refusal = assertThrows(ProblemException.class, body::requireWellFormed);
        assertEquals(ProblemCode.MALFORMED_REQUEST, refusal.code());
        assertEquals(Set.of("nmae:unknown-field", "other:unknown-field", "name:wrong-type", "count:wrong-type",
                "domains[1]:wrong-type", "domains[2]:wrong-type"), Set.copyOf(codes(refusal)));
        assertTrue(refusal.detail().contains("name must be a string, not an integer"), refusal.detail());
    }

    @Test
    void noCoercionBetweenJsonTypes() throws Exception {
        FieldErrors errors = new FieldErrors();
        JsonBody body = body("{\"count\":2.5,\"name\":true}");
        assertFalse(body.integer("count", errors).isPresent(), "a fraction is no integer");
        assertFalse(body.text("name").isPresent(), "a boolean is no string");
        assertThrows(ProblemException.class, body::requireWellFormed);
    }

    @Test
    void readOnlyFieldsAndUnstorableTextAreValidationErrors() throws Exception {
        JsonBody body = body("{\"id\":\"x\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"name\":\"a\\u0000b\"}");
        assertFalse(body.text("name").hasValue());
        body.requireWellFormed(); // none of these is malformed
        FieldErrors errors = new FieldErrors();
        body.reportInvalid(errors);
        assertTrue(errors.has("id") && errors.has("createdAt") && errors.has("name"));
    }

    @Test
    void timestampsNeedAnOffsetAndStayWithinTheYearsPostgresStores() throws Exception {
        FieldErrors errors = new FieldErrors();
        assertEquals(Instant.parse("2026-12-09T09:00:00Z"),
                body("{\"trialEndsAt\":\"2026-12-09T10:00:00+01:00\"}").timestamp("trialEndsAt", errors).value());
        body("{\"trialEndsAt\":\"2026-12-09T10:00:00\"}").timestamp("trialEndsAt", errors);
        assertTrue(errors.has("trialEndsAt"), "no offset");
        FieldErrors late = new FieldErrors();
        body("{\"trialEndsAt\":\"9999-12-31T23:59:59-14:00\"}").timestamp("trialEndsAt", late);
        ProblemException problem = assertThrows(ProblemException.class, late::throwIfAny);
        assertEquals(List.of("trialEndsAt:" + FieldCode.OUT_OF_RANGE.code()), codes(problem), "in the year 10000 in UTC");
    }

    @Test
    void microsecondsAreKeptAsPostgresKeepsThem() throws Exception {
        Instant read = body("{\"trialEndsAt\":\"2026-12-09T10:00:00.123456789Z\"}")
                .timestamp("trialEndsAt", new FieldErrors()).value();
        assertEquals(Instant.parse("2026-12-09T10:00:00.123456Z"), read);
    }

    @Test
    void aListIsReadWholeOrNotAtAll() throws Exception {
        JsonBody body = body("{\"domains\":[\"a.example\",\"b.example\"]}");
        assertEquals(List.of("a.example", "b.example"), body.texts("domains").value());
        assertFalse(body("{\"domains\":[\"a.example\",5]}").texts("domains").isPresent(), "not the good items alone");
    }
}
