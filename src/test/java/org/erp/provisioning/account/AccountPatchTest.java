package org.erp.provisioning.account;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.patch;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EvaDatabase.class)
class AccountPatchTest {

    @Test
    void absentIsUnchangedAndNullClears() {
        String id = createAccount();
        patch("/api/v1/accounts/" + id, """
                {"planTier":"enterprise","billingInterval":"Monthly"}""").statusCode(200)
                .body("planTier", equalTo("enterprise")).body("billingInterval", equalTo("monthly"));
        String before = given().get("/api/v1/accounts/" + id).then().extract().path("updatedAt");
        patch("/api/v1/accounts/" + id, """
                {"planTier":null,"name":"Renamed"}""").statusCode(200)
                .body("planTier", nullValue())
                .body("billingInterval", equalTo("monthly"))
                .body("name", equalTo("Renamed"))
                .body("updatedAt", not(equalTo(before)));
        assertEquals("|monthly", EvaDatabase.sql("SELECT plan_tier, billing_interval FROM accounts WHERE id = '" + id + "'"));
    }

    @Test
    void aBlankEnumIsUnchangedOnPatch() {
        String id = createAccount();
        patch("/api/v1/accounts/" + id, "{\"subscriptionStatus\":\"active\"}").statusCode(200);
        patch("/api/v1/accounts/" + id, "{\"subscriptionStatus\":\"  \"}").statusCode(200)
                .body("subscriptionStatus", equalTo("active"));
    }

    @Test
    void movingToTrialingSetsTheDefaultEndAndClearingItIsRefused() {
        String id = createAccount();
        patch("/api/v1/accounts/" + id, "{\"subscriptionStatus\":\"TRIALING\"}").statusCode(200)
                .body("subscriptionStatus", equalTo("trialing")).body("trialEndsAt", notNullValue());
        patch("/api/v1/accounts/" + id, "{\"trialEndsAt\":null}").statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("trialEndsAt"));
        patch("/api/v1/accounts/" + id, "{\"subscriptionStatus\":\"active\",\"trialEndsAt\":null}").statusCode(200)
                .body("trialEndsAt", nullValue());
    }

    @Test
    void timestampsWithAnOffsetComeBackInUtc() {
        String id = createAccount();
        patch("/api/v1/accounts/" + id, "{\"trialEndsAt\":\"2099-01-01T12:00:00+02:00\"}").statusCode(200)
                .body("trialEndsAt", equalTo("2099-01-01T10:00:00Z"));
        patch("/api/v1/accounts/" + id, "{\"trialEndsAt\":\"next tuesday\"}").statusCode(400)
                .body("errors[0].code", equalTo("invalid-format"));
        patch("/api/v1/accounts/" + id, "{\"trialEndsAt\":\"+300000-01-01T00:00:00Z\"}").statusCode(400)
                .body("errors[0].code", equalTo("out-of-range"));
        // The years 1 to 9999 are counted in UTC, as the timestamp is stored and answered.
        patch("/api/v1/accounts/" + id, "{\"trialEndsAt\":\"9999-12-31T09:59:59-14:00\"}").statusCode(200)
                .body("trialEndsAt", equalTo("9999-12-31T23:59:59Z"));
        patch("/api/v1/accounts/" + id, "{\"trialEndsAt\":\"9999-12-31T23:59:59-14:00\"}").statusCode(400)
                .body("errors[0].code", equalTo("out-of-range"));
        patch("/api/v1/accounts/" + id, "{\"trialEndsAt\":\"0001-01-01T00:30:00+01:00\"}").statusCode(400)
                .body("errors[0].code", equalTo("out-of-range"));
    }

    @Test
    void slugAndNameCannotBeClearedAndATakenSlugIsAConflict() {
        String id = createAccount();
        String other = unique("other");
        post("/api/v1/accounts", """
                {"name":"Other","slug":"%s","ownerEmail":"a@b.example"}""".formatted(other)).statusCode(201);
        patch("/api/v1/accounts/" + id, "{\"slug\":null,\"name\":null}").statusCode(400)
                .body("code", equalTo("validation-failed"));
        patch("/api/v1/accounts/" + id, "{\"slug\":\"" + other + "\"}").statusCode(409)
                .body("code", equalTo("slug-taken"));
    }

    @Test
    void patchRefusesDomainsReadOnlyFieldsAndUnknownAccounts() {
        String id = createAccount();
        patch("/api/v1/accounts/" + id, "{\"domains\":[\"x.example\"]}").statusCode(400)
                .body("code", equalTo("malformed-request"));
        patch("/api/v1/accounts/" + id, "{\"updatedAt\":\"2026-01-01T00:00:00Z\"}").statusCode(400)
                .body("errors[0].code", equalTo("read-only"));
        patch("/api/v1/accounts/00000000-0000-0000-0000-000000000000", "{\"name\":\"x\"}").statusCode(404)
                .body("code", equalTo("account-not-found"));
    }

    @Test
    void plainJsonIsAcceptedAsAMergePatch() {
        String id = createAccount();
        given().contentType(ContentType.JSON).body("{\"planTier\":\"free\"}").when().patch("/api/v1/accounts/" + id)
                .then().statusCode(200).body("planTier", equalTo("free"));
    }
}
