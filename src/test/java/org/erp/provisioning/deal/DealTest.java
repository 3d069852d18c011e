package org.erp.provisioning.deal;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.ContractFilter.givenALabelNotYetRead;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.patch;
import static org.erp.provisioning.support.Fixtures.post;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(EvaDatabase.class)
class DealTest {

    private static String deals(String accountId) {
        return "/api/v1/accounts/" + accountId + "/deals";
    }

    private static String deal(String stage) {
        return """
                {"title":"Renewal","amountCents":120000,"currency":"eur"%s}"""
                .formatted(stage == null ? "" : ",\"stage\":\"" + stage + "\"");
    }

    private static List<String> liveStages() {
        return List.of(EvaDatabase.sql("SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum"
                + " WHERE enumtypid = 'deal_stage'::regtype").split(","));
    }

    @Test
    void createsWithDefaultsAndUpperCaseCurrency() {
        String account = createAccount();
        String location = post(deals(account), deal(null)).statusCode(201)
                .body("stage", equalTo("prospecting")).body("currency", equalTo("EUR"))
                .body("amountCents", equalTo(120000)).body("closedAt", nullValue())
                .extract().header("Location");
        given().get(location).then().statusCode(200).body("title", equalTo("Renewal"));
    }

    @Test
    void withoutAStageEvasDefaultAppliesEvenAfterARename() {
        String account = createAccount();
        EvaDatabase.sql("ALTER TYPE deal_stage RENAME VALUE 'prospecting' TO 'lead'");
        try {
            givenALabelNotYetRead().contentType(ContentType.JSON).body(deal(null)).post(deals(account)).then().statusCode(201)
                    .body("stage", equalTo("lead")).body("closedAt", nullValue());
        } finally {
            EvaDatabase.sql("ALTER TYPE deal_stage RENAME VALUE 'lead' TO 'prospecting'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Closed Won", "CLOSED_WON", "closed_won", " closed-won ", "closed--won", "Closed - Won"})
    void everySpellingOfAStageIsItsLabel(String spelling) {
        String id = post(deals(createAccount()), deal(spelling)).statusCode(201)
                .body("stage", equalTo("closed-won")).body("closedAt", notNullValue()).extract().path("id");
        assertEquals("closed-won", EvaDatabase.sql("SELECT stage FROM partner_deals WHERE id = '" + id + "'"));
    }

    @Test
    void anUnknownStageListsTheStagesInDatabaseOrder() {
        post(deals(createAccount()), deal("won")).statusCode(400)
                .body("code", equalTo("invalid-enum-value"))
                .body("detail", equalTo("stage 'won' is not one of: " + String.join(", ", liveStages())))
                .body("errors[0].allowedValues", equalTo(liveStages()));
    }

    @Test
    void amountCentsIsStrictlyANonNegativeJsonInteger() {
        String account = createAccount();
        for (String amount : List.of("\"100\"", "12.5", "1e3", "true")) {
            post(deals(account), "{\"title\":\"T\",\"amountCents\":" + amount + ",\"currency\":\"EUR\"}")
                    .statusCode(400).body("code", equalTo("malformed-request"))
                    .body("errors[0].code", equalTo("wrong-type"));
        }
        post(deals(account), "{\"title\":\"T\",\"amountCents\":-1,\"currency\":\"EUR\"}").statusCode(400)
                .body("code", equalTo("validation-failed")).body("errors[0].code", equalTo("out-of-range"));
        post(deals(account), "{\"title\":\"T\",\"amountCents\":99999999999999999999,\"currency\":\"EUR\"}")
                .statusCode(400).body("errors[0].code", equalTo("out-of-range"));
        post(deals(account), "{\"title\":\"T\",\"amountCents\":0,\"currency\":\"usd\"}").statusCode(201)
                .body("amountCents", equalTo(0)).body("currency", equalTo("USD"));
    }

    @Test
    void datesTheDatabaseCannotHoldExactlyAreRefusedNotShifted() {
        post(deals(createAccount()), "{\"title\":\"T\",\"amountCents\":1,\"currency\":\"EUR\",\"expectedCloseDate\":\"+11761248-01-21\"}")
                .statusCode(400).body("errors[0].field", equalTo("expectedCloseDate"))
                .body("errors[0].code", equalTo("out-of-range"));
    }

    @Test
    void aDateIsWrittenAsIso() {
        post(deals(createAccount()), "{\"title\":\"T\",\"amountCents\":1,\"currency\":\"EUR\",\"expectedCloseDate\":\"31/12/2026\"}")
                .statusCode(400).body("errors[0].field", equalTo("expectedCloseDate"))
                .body("errors[0].code", equalTo("invalid-format"))
                .body("errors[0].message", equalTo("must be a date as YYYY-MM-DD"));
    }

    @Test
    void currencyMustBeARealIsoCode() {
        post(deals(createAccount()), "{\"title\":\"T\",\"amountCents\":1,\"currency\":\"ABC\"}").statusCode(400)
                .body("errors[0].field", equalTo("currency"));
    }

    @Test
    void closedAtFollowsTheStageThroughEveryLabelAndBack() {
        String account = createAccount();
        String id = post(deals(account), deal("prospecting")).statusCode(201).extract().path("id");
        String path = deals(account) + "/" + id;
        Instant closedWonAt = null;
        List<String> walk = List.of("qualified", "proposal", "negotiation", "closed-won", "closed-lost",
                "negotiation", "proposal", "qualified", "prospecting", "closed-lost", "prospecting");
        for (String stage : walk) {
            String closedAt = patch(path, "{\"stage\":\"" + stage.toUpperCase() + "\"}").statusCode(200)
                    .body("stage", equalTo(stage)).extract().path("closedAt");
            boolean closed = stage.startsWith("closed-");
            assertEquals(closed, closedAt != null, stage + " closedAt=" + closedAt);
            assertEquals(closed ? "t" : "f", EvaDatabase.sql("SELECT closed_at IS NOT NULL FROM partner_deals WHERE id = '" + id + "'"));
            if (stage.equals("closed-won")) {
                closedWonAt = Instant.parse(closedAt);
            } else if (stage.equals("closed-lost") && closedWonAt != null) {
                assertTrue(Instant.parse(closedAt).isAfter(closedWonAt), "entering the other closed stage sets closedAt anew");
                closedWonAt = null;
            }
        }
        String stays = patch(path, "{\"stage\":\"closed-won\"}").extract().path("closedAt");
        assertNotNull(stays);
        assertEquals(stays, patch(path, "{\"title\":\"Renamed\",\"stage\":\"Closed Won\"}").extract().path("closedAt"),
                "staying in a closed stage keeps closedAt");
        assertNull(patch(path, "{\"stage\":\"negotiation\"}").extract().path("closedAt"));
    }

    @Test
    void clientsNeverSendClosedAt() {
        post(deals(createAccount()), "{\"title\":\"T\",\"amountCents\":1,\"currency\":\"EUR\",\"closedAt\":\"2026-01-01T00:00:00Z\"}")
                .statusCode(400).body("code", equalTo("validation-failed")).body("errors[0].code", equalTo("read-only"));
    }

    @Test
    void filtersByStageInAnySpelling() {
        String account = createAccount();
        post(deals(account), deal("negotiation")).statusCode(201);
        post(deals(account), deal("closed-lost")).statusCode(201);
        given().queryParam("stage", "CLOSED LOST").get(deals(account)).then().statusCode(200)
                .body("items", hasSize(1)).body("items.stage", everyItem(equalTo("closed-lost")));
        given().get(deals(account)).then().body("items", hasSize(2));
        given().queryParam("stage", "lost").get(deals(account)).then().statusCode(400)
                .body("code", equalTo("invalid-enum-value")).body("errors[0].field", equalTo("stage"));
    }

    @Test
    void patchKeepsAbsentFieldsAndRefusesClearingRequiredOnes() {
        String account = createAccount();
        String path = deals(account) + "/" + post(deals(account), deal(null)).extract().path("id");
        patch(path, "{\"expectedCloseDate\":\"2027-03-31\",\"stage\":null}").statusCode(200)
                .body("expectedCloseDate", equalTo("2027-03-31")).body("stage", equalTo("prospecting"))
                .body("title", equalTo("Renewal"));
        patch(path, "{\"expectedCloseDate\":null}").statusCode(200).body("expectedCloseDate", nullValue());
        patch(path, "{\"expectedCloseDate\":\"31/03/2027\",\"title\":null,\"currency\":null}").statusCode(400)
                .body("code", equalTo("validation-failed")).body("errors", hasSize(3));
    }

    @Test
    void unknownAccountsAndDealsAreTheirNotFound() {
        String account = createAccount();
        post(deals("00000000-0000-0000-0000-000000000000"), deal(null)).statusCode(404)
                .body("code", equalTo("account-not-found"));
        given().get(deals(account) + "/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .body("code", equalTo("deal-not-found"));
        given().get(deals("not-a-uuid")).then().statusCode(404).body("code", equalTo("account-not-found"));
        EvaDatabase.sql("DELETE FROM accounts WHERE id = '" + account + "'");
        post(deals(account), deal(null)).statusCode(404).body("code", equalTo("account-not-found"));
    }

    @Test
    void readsTellAnAccountWithoutDealsFromAMissingAccountAndAnotherAccountsDeal() {
        String empty = createAccount();
        given().get(deals(empty)).then().statusCode(200).body("items", hasSize(0));
        String holder = createAccount();
        String id = post(deals(holder), deal("negotiation")).extract().path("id");
        given().queryParam("stage", "closed-won").get(deals(holder)).then().statusCode(200).body("items", hasSize(0));
        given().get(deals(holder) + "/" + id).then().statusCode(200).body("id", equalTo(id))
                .body("accountId", equalTo(holder)).body("amountCents", equalTo(120000)).body("currency", equalTo("EUR"))
                .body("expectedCloseDate", nullValue()).body("closedAt", nullValue());
        given().get(deals(empty) + "/" + id).then().statusCode(404).body("code", equalTo("deal-not-found"));
        String missing = "00000000-0000-0000-0000-000000000000";
        given().get(deals(missing) + "/" + id).then().statusCode(404).body("code", equalTo("account-not-found"));
        given().queryParam("stage", "negotiation").get(deals(missing)).then().statusCode(404)
                .body("code", equalTo("account-not-found"));
    }

    @Test
    void aStageLabelAddedByEvaIsReadBackFromARowWrittenWithPlainSqlAndFilterableAfterARefresh() {
        String account = createAccount();
        EvaDatabase.sql("ALTER TYPE deal_stage ADD VALUE IF NOT EXISTS 'on-hold' AFTER 'negotiation'");
        EvaDatabase.sql("INSERT INTO partner_deals (account_id, title, amount_cents, currency, stage) VALUES ('"
                + account + "', 'Paused deal', 500, 'EUR', 'on-hold')");
        givenALabelNotYetRead().get(deals(account)).then().statusCode(200).body("items", hasSize(1))
                .body("items[0].stage", equalTo("on-hold")).body("items[0].closedAt", nullValue());
        given().queryParam("stage", "ON HOLD").get(deals(account)).then().statusCode(400)
                .body("code", equalTo("invalid-enum-value"));
        given().get("/api/v1/enums").then().statusCode(200); // reading the labels refreshes the service's copy
        given().queryParam("stage", "ON HOLD").get(deals(account)).then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void aBlankOrNullStageIsTheDefaultAndTheTitleIsChecked() {
        String account = createAccount();
        for (String stage : new String[] {"\"stage\":null", "\"stage\":\"  \""}) {
            post(deals(account), """
                    {"title":"Renewal","amountCents":1,"currency":"EUR",%s}""".formatted(stage))
                    .statusCode(201).body("stage", equalTo("prospecting"));
        }
        post(deals(account), """
                {"title":"   ","amountCents":1,"currency":"EUR"}""").statusCode(400)
                .body("errors[0].field", equalTo("title")).body("errors[0].code", equalTo("blank"));
        post(deals(account), """
                {"title":"%s","amountCents":1,"currency":"EUR"}""".formatted("t".repeat(201))).statusCode(400)
                .body("errors[0].field", equalTo("title")).body("errors[0].code", equalTo("too-long"));
        post(deals(account), """
                {"title":"Renewal","amountCents":1,"currency":"EUR","accountId":"%s"}""".formatted(account))
                .statusCode(400).body("errors[0].field", equalTo("accountId")).body("errors[0].code", equalTo("read-only"));
    }
}
