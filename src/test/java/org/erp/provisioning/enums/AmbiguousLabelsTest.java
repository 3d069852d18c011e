package org.erp.provisioning.enums;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.count;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.metric;
import static org.erp.provisioning.support.Fixtures.patch;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/**
 * EVA spells a label a second way, and a value that matches both is never a silent guess: an exact label wins, then
 * the only label equal ignoring case, and a value matching two or more labels otherwise is {@code 400
 * invalid-enum-value} whose field error is {@code ambiguous-enum-value} listing the labels it matches, in bodies (create
 * and PATCH), query filters and bulk import lines, for every enum type. A database of its own: the labels added here
 * make spellings other tests send ambiguous ({@code PAST-DUE}, {@code Growth}), and labels cannot be removed.
 */
@QuarkusTest
@WithTestResource(value = EvaDatabase.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class AmbiguousLabelsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The service reads the catalog again on every GET /api/v1/enums. */
    private static void refresh() {
        given().when().get("/api/v1/enums").then().statusCode(200);
    }

    private static String account(String slug, String fields) {
        return """
                {"name":"Ambiguous %s","slug":"%s","ownerEmail":"ops@%s.example"%s}""".formatted(slug, slug, slug,
                fields.isEmpty() ? "" : "," + fields);
    }

    /** A 400 invalid-enum-value whose one field error is ambiguous-enum-value for {@code value}, listing {@code labels}. */
    private static void assertAmbiguous(ValidatableResponse response, String field, String value, String... labels) {
        response.statusCode(400)
                .body("code", equalTo("invalid-enum-value"))
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo(field))
                .body("errors[0].code", equalTo("ambiguous-enum-value"))
                .body("errors[0].rejectedValue", equalTo(value))
                .body("errors[0].allowedValues", contains(labels));
    }

    private static List<JsonNode> bulk(String... lines) {
        Response response = given().contentType("application/x-ndjson")
                .body(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)).post("/api/v1/accounts/bulk");
        assertEquals(200, response.statusCode(), response.asString());
        List<JsonNode> outcomes = new ArrayList<>();
        for (String line : response.asString().split("\n")) {
            try {
                outcomes.add(JSON.readTree(line));
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }
        return outcomes;
    }

    @Test
    void subscriptionStatusPastDueBesidePastDue() {
        EvaDatabase.sql("ALTER TYPE subscription_status ADD VALUE IF NOT EXISTS 'past-due' AFTER 'past_due'");
        refresh();
        String tag = unique("sub");

        // Exact labels win, and so does the only label equal ignoring case.
        post("/api/v1/accounts", account(tag + "-1", "\"subscriptionStatus\":\"past_due\"")).statusCode(201)
                .body("subscriptionStatus", equalTo("past_due"));
        post("/api/v1/accounts", account(tag + "-2", "\"subscriptionStatus\":\" past-due \"")).statusCode(201)
                .body("subscriptionStatus", equalTo("past-due"));
        post("/api/v1/accounts", account(tag + "-3", "\"subscriptionStatus\":\"PAST_DUE\"")).statusCode(201)
                .body("subscriptionStatus", equalTo("past_due"));
        String id = post("/api/v1/accounts", account(tag + "-4", "\"subscriptionStatus\":\"Past-Due\"")).statusCode(201)
                .body("subscriptionStatus", equalTo("past-due")).extract().path("id");

        // Neither exact nor one ignoring case: ambiguous, and nothing is written.
        for (String value : List.of("Past Due", "past__due", "PAST  DUE")) {
            assertAmbiguous(post("/api/v1/accounts", account(tag + "-x", "\"subscriptionStatus\":\"" + value + "\"")),
                    "subscriptionStatus", value, "past_due", "past-due");
        }
        assertAmbiguous(post("/api/v1/accounts?dryRun=true", account(tag + "-x", "\"subscriptionStatus\":\"Past Due\"")),
                "subscriptionStatus", "Past Due", "past_due", "past-due");
        assertEquals(0, count("accounts", "slug = '" + tag + "-x'"));

        // PATCH: refused, the account unchanged; a spelling that names one label is taken.
        assertAmbiguous(patch("/api/v1/accounts/" + id, "{\"subscriptionStatus\":\"past due\"}"),
                "subscriptionStatus", "past due", "past_due", "past-due");
        given().get("/api/v1/accounts/" + id).then().statusCode(200).body("subscriptionStatus", equalTo("past-due"));
        patch("/api/v1/accounts/" + id, "{\"subscriptionStatus\":\"Past_Due\"}").statusCode(200)
                .body("subscriptionStatus", equalTo("past_due"));
        patch("/api/v1/accounts/" + id, "{\"subscriptionStatus\":\"past-due\"}").statusCode(200)
                .body("subscriptionStatus", equalTo("past-due"));

        // The list filter, as a page and as an export.
        assertAmbiguous(given().queryParam("q", tag).queryParam("subscriptionStatus", "Past Due").get("/api/v1/accounts").then(),
                "subscriptionStatus", "Past Due", "past_due", "past-due");
        assertAmbiguous(given().accept("application/x-ndjson").queryParam("q", tag).queryParam("subscriptionStatus", "past--due")
                .get("/api/v1/accounts").then(), "subscriptionStatus", "past--due", "past_due", "past-due");
        given().queryParam("q", tag).queryParam("subscriptionStatus", "PAST_DUE").get("/api/v1/accounts").then().statusCode(200)
                .body("items.slug", contains(tag + "-1", tag + "-3"));
        given().queryParam("q", tag).queryParam("subscriptionStatus", "past-due").get("/api/v1/accounts").then().statusCode(200)
                .body("items.slug", contains(tag + "-2", tag + "-4"));

        // A bulk import line is checked as a single create is.
        List<JsonNode> outcomes = bulk(account(tag + "-b1", "\"subscriptionStatus\":\"Past Due\""),
                account(tag + "-b2", "\"subscriptionStatus\":\"PAST-DUE\""));
        assertEquals(400, outcomes.get(0).path("status").asInt(), outcomes.toString());
        JsonNode problem = outcomes.get(0).path("problem");
        assertEquals("invalid-enum-value", problem.path("code").asText());
        assertEquals("ambiguous-enum-value", problem.path("errors").path(0).path("code").asText());
        assertEquals("[\"past_due\",\"past-due\"]", problem.path("errors").path(0).path("allowedValues").toString());
        assertEquals(201, outcomes.get(1).path("status").asInt(), outcomes.toString());
        assertEquals("past-due", outcomes.get(1).path("account").path("subscriptionStatus").asText());
        assertEquals(0, count("accounts", "slug = '" + tag + "-b1'"));
    }

    @Test
    void planTierGrowthBesideGrowth() {
        EvaDatabase.sql("ALTER TYPE plan_tier ADD VALUE IF NOT EXISTS 'Growth' AFTER 'growth'");
        refresh();
        String tag = unique("tier");

        post("/api/v1/accounts", account(tag + "-1", "\"planTier\":\"growth\"")).statusCode(201).body("planTier", equalTo("growth"));
        String id = post("/api/v1/accounts", account(tag + "-2", "\"planTier\":\"Growth\"")).statusCode(201)
                .body("planTier", equalTo("Growth")).extract().path("id");
        post("/api/v1/accounts", account(tag + "-3", "\"planTier\":\"STARTER\"")).statusCode(201).body("planTier", equalTo("starter"));

        // Equal ignoring case to two labels: not one, so ambiguous.
        for (String value : List.of("GROWTH", "gRoWtH")) {
            assertAmbiguous(post("/api/v1/accounts", account(tag + "-x", "\"planTier\":\"" + value + "\"")),
                    "planTier", value, "growth", "Growth");
        }
        assertEquals(0, count("accounts", "slug = '" + tag + "-x'"));
        assertAmbiguous(patch("/api/v1/accounts/" + id, "{\"planTier\":\"GROWTH\"}"), "planTier", "GROWTH", "growth", "Growth");
        patch("/api/v1/accounts/" + id, "{\"planTier\":\" growth \"}").statusCode(200).body("planTier", equalTo("growth"));

        assertAmbiguous(given().queryParam("q", tag).queryParam("planTier", "GROWTH").get("/api/v1/accounts").then(),
                "planTier", "GROWTH", "growth", "Growth");
        given().queryParam("q", tag).queryParam("planTier", "Growth").get("/api/v1/accounts").then().statusCode(200)
                .body("items", hasSize(0));
        given().queryParam("q", tag).queryParam("planTier", "growth").get("/api/v1/accounts").then().statusCode(200)
                .body("items.slug", contains(tag + "-1", tag + "-2"));
    }

    @Test
    void billingIntervalPerMonthSpelledTwoWays() {
        EvaDatabase.sql("ALTER TYPE billing_interval ADD VALUE IF NOT EXISTS 'per-month'");
        EvaDatabase.sql("ALTER TYPE billing_interval ADD VALUE IF NOT EXISTS 'Per_Month'");
        refresh();
        String tag = unique("interval");

        post("/api/v1/accounts", account(tag + "-1", "\"billingInterval\":\"per-month\"")).statusCode(201)
                .body("billingInterval", equalTo("per-month"));
        post("/api/v1/accounts", account(tag + "-2", "\"billingInterval\":\"per_month\"")).statusCode(201)
                .body("billingInterval", equalTo("Per_Month"));
        String id = post("/api/v1/accounts", account(tag + "-3", "\"billingInterval\":\"PER-MONTH\"")).statusCode(201)
                .body("billingInterval", equalTo("per-month")).extract().path("id");
        post("/api/v1/accounts", account(tag + "-4", "\"billingInterval\":\"Monthly\"")).statusCode(201)
                .body("billingInterval", equalTo("monthly"));

        assertAmbiguous(post("/api/v1/accounts", account(tag + "-x", "\"billingInterval\":\"Per Month\"")),
                "billingInterval", "Per Month", "per-month", "Per_Month");
        assertEquals(0, count("accounts", "slug = '" + tag + "-x'"));
        assertAmbiguous(patch("/api/v1/accounts/" + id, "{\"billingInterval\":\"per  month\"}"),
                "billingInterval", "per  month", "per-month", "Per_Month");
        given().get("/api/v1/accounts/" + id).then().body("billingInterval", equalTo("per-month"));

        // Every field at fault an enum value, unknown or ambiguous: invalid-enum-value, each with its own code.
        post("/api/v1/accounts", account(tag + "-x", "\"billingInterval\":\"Per Month\",\"planTier\":\"platinum\""))
                .statusCode(400).body("code", equalTo("invalid-enum-value"))
                .body("errors.field", contains("planTier", "billingInterval"))
                .body("errors.code", contains("invalid-enum-value", "ambiguous-enum-value"));
        // Any other fault besides: validation-failed, naming every field.
        patch("/api/v1/accounts/" + id, "{\"billingInterval\":\"Per Month\",\"ownerEmail\":\"not-an-email\"}")
                .statusCode(400).body("code", equalTo("validation-failed"))
                .body("errors.find { it.field == 'billingInterval' }.code", equalTo("ambiguous-enum-value"))
                .body("errors.find { it.field == 'billingInterval' }.allowedValues", contains("per-month", "Per_Month"))
                .body("errors.find { it.field == 'ownerEmail' }.code", equalTo("invalid-email"));
    }

    @Test
    void domainStatusFailedBesideFailed() {
        EvaDatabase.sql("ALTER TYPE domain_status ADD VALUE IF NOT EXISTS 'Failed' AFTER 'failed'");
        refresh();
        String domains = "/api/v1/accounts/" + createAccount() + "/domains";
        String tag = unique("status");

        post(domains, "{\"domain\":\"" + tag + "-1.example\",\"status\":\"failed\"}").statusCode(201)
                .body("status", equalTo("failed"));
        String id = post(domains, "{\"domain\":\"" + tag + "-2.example\",\"status\":\"Failed\"}").statusCode(201)
                .body("status", equalTo("Failed")).extract().path("id");
        post(domains, "{\"domain\":\"" + tag + "-3.example\",\"status\":\"PENDING\"}").statusCode(201)
                .body("status", equalTo("pending"));

        assertAmbiguous(post(domains, "{\"domain\":\"" + tag + "-x.example\",\"status\":\"FAILED\"}"),
                "status", "FAILED", "failed", "Failed");
        assertEquals(0, count("partner_domains", "domain = '" + tag + "-x.example'"));
        assertAmbiguous(patch(domains + "/" + id, "{\"status\":\"fAiLeD\"}"), "status", "fAiLeD", "failed", "Failed");
        given().get(domains + "/" + id).then().statusCode(200).body("status", equalTo("Failed"));
        patch(domains + "/" + id, "{\"status\":\"failed\"}").statusCode(200).body("status", equalTo("failed"));
    }

    @Test
    void dealStageClosedWonBesideClosedWon() {
        EvaDatabase.sql("ALTER TYPE deal_stage ADD VALUE IF NOT EXISTS 'closed_won' AFTER 'closed-won'");
        refresh();
        String deals = "/api/v1/accounts/" + createAccount() + "/deals";
        String deal = "{\"title\":\"Renewal\",\"amountCents\":100,\"currency\":\"EUR\",\"stage\":\"%s\"}";

        String won = post(deals, deal.formatted("closed-won")).statusCode(201).body("stage", equalTo("closed-won"))
                .extract().path("id");
        post(deals, deal.formatted("CLOSED_WON")).statusCode(201).body("stage", equalTo("closed_won"));
        String open = post(deals, deal.formatted("Negotiation")).statusCode(201).body("stage", equalTo("negotiation"))
                .extract().path("id");

        for (String value : List.of("Closed Won", "closed--won", " CLOSED WON ")) {
            assertAmbiguous(post(deals, deal.formatted(value)), "stage", value, "closed-won", "closed_won");
        }
        given().get(deals).then().statusCode(200).body("items", hasSize(3));

        // PATCH: refused and nothing changes, closedAt included; an exact spelling is taken.
        assertAmbiguous(patch(deals + "/" + open, "{\"stage\":\"Closed Won\"}"), "stage", "Closed Won", "closed-won", "closed_won");
        given().get(deals + "/" + open).then().body("stage", equalTo("negotiation")).body("closedAt", nullValue());
        patch(deals + "/" + open, "{\"stage\":\"Closed-Won\"}").statusCode(200).body("stage", equalTo("closed-won"));

        assertAmbiguous(given().queryParam("stage", "Closed Won").get(deals).then(), "stage", "Closed Won", "closed-won", "closed_won");
        given().queryParam("stage", "closed-won").get(deals).then().statusCode(200)
                .body("items", hasSize(2)).body("items.stage", everyItem(equalTo("closed-won")));
        given().queryParam("stage", "Closed_Won").get(deals).then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].stage", equalTo("closed_won"));
        given().get(deals + "/" + won).then().body("stage", equalTo("closed-won"));
    }

    /**
     * A label EVA adds without renaming anything: the service, until it reads the catalog again, still sees one label
     * for the value and writes it (the database takes it; the contract's refresh window); from the next read on the
     * value is ambiguous.
     */
    @Test
    void aLabelAddedSinceTheLastReadMakesAValueAmbiguousFromTheNextRead() {
        refresh();
        EvaDatabase.sql("ALTER TYPE subscription_status ADD VALUE IF NOT EXISTS 'UNPAID'");
        String tag = unique("added");
        post("/api/v1/accounts", account(tag + "-1", "\"subscriptionStatus\":\"Unpaid\"")).statusCode(201)
                .body("subscriptionStatus", equalTo("unpaid"));

        refresh();
        assertAmbiguous(post("/api/v1/accounts", account(tag + "-2", "\"subscriptionStatus\":\"Unpaid\"")),
                "subscriptionStatus", "Unpaid", "unpaid", "UNPAID");
        assertEquals(0, count("accounts", "slug = '" + tag + "-2'"));
    }

    /**
     * EVA re-spells a label and adds another spelling of it while the service still holds the old labels. The label
     * the service matched is refused by the database (22P02): it reads the catalog at once and checks the request
     * again, so the value is ambiguous now, not a 500 and not a guess; nothing is written. Create, PATCH, filter and
     * bulk line alike, each meeting the database's refusal itself (the catalog is read once more per request).
     */
    @Test
    void aValueTheDatabaseRefusesIsCheckedAgainAgainstTheLabelsAsTheyAreNow() {
        EvaDatabase.sql("ALTER TYPE billing_interval ADD VALUE IF NOT EXISTS 'ANNUAL'");
        EvaDatabase.sql("ALTER TYPE plan_tier ADD VALUE IF NOT EXISTS 'ENTERPRISE'");
        String tag = unique("respelled");
        String id = createAccount();
        try {
            double reads = respelled("billing_interval", "annual", "Annual");
            assertAmbiguous(post("/api/v1/accounts", account(tag + "-1", "\"billingInterval\":\"annual\"")),
                    "billingInterval", "annual", "Annual", "ANNUAL");
            assertEquals(reads + 1, reads(), "the refusal read the catalog again");
            assertEquals(0, count("accounts", "slug = '" + tag + "-1'"));

            reads = respelled("billing_interval", "annual", "Annual");
            assertAmbiguous(patch("/api/v1/accounts/" + id, "{\"billingInterval\":\"annual\"}"),
                    "billingInterval", "annual", "Annual", "ANNUAL");
            assertEquals(reads + 1, reads(), "the refusal read the catalog again");
            given().get("/api/v1/accounts/" + id).then().body("billingInterval", nullValue());

            reads = respelled("billing_interval", "annual", "Annual");
            List<JsonNode> outcomes = bulk(account(tag + "-b", "\"billingInterval\":\"annual\""));
            assertEquals(reads + 1, reads(), "the refusal read the catalog again");
            assertEquals(400, outcomes.get(0).path("status").asInt(), outcomes.toString());
            JsonNode problem = outcomes.get(0).path("problem");
            assertEquals("invalid-enum-value", problem.path("code").asText());
            assertEquals("ambiguous-enum-value", problem.path("errors").path(0).path("code").asText());
            assertEquals("[\"Annual\",\"ANNUAL\"]", problem.path("errors").path(0).path("allowedValues").toString());
            assertEquals(0, count("accounts", "slug = '" + tag + "-b'"));

            reads = respelled("plan_tier", "enterprise", "Enterprise");
            assertAmbiguous(given().queryParam("planTier", "enterprise").get("/api/v1/accounts").then(),
                    "planTier", "enterprise", "Enterprise", "ENTERPRISE");
            assertEquals(reads + 1, reads(), "the refusal read the catalog again");
        } finally {
            restore("billing_interval", "Annual", "annual");
            restore("plan_tier", "Enterprise", "enterprise");
            refresh();
        }
    }

    /**
     * The service reads the catalog with {@code old} among the labels, then EVA renames it to {@code now}: the next
     * request that sends {@code old} meets the database's refusal. Answers the catalog reads so far.
     */
    private static double respelled(String type, String old, String now) {
        restore(type, now, old);
        refresh();
        EvaDatabase.sql("ALTER TYPE " + type + " RENAME VALUE '" + old + "' TO '" + now + "'");
        return reads();
    }

    /** Successful reads of the catalog so far: at start, on GET /api/v1/enums, and on a label the database refused. */
    private static double reads() {
        return metric("erp_enum_catalog_refreshes_total", "result=\"success\"");
    }

    private static void restore(String type, String from, String to) {
        EvaDatabase.sql("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_enum WHERE enumtypid = '" + type + "'::regtype AND enumlabel = '"
                + from + "') THEN ALTER TYPE " + type + " RENAME VALUE '" + from + "' TO '" + to + "'; END IF; END $$");
    }
}
