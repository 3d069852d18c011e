package org.erp.provisioning.account;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.count;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EvaDatabase.class)
class AccountCreateTest {

    @Test
    void createsAnAccountWithEnumFieldsBoundAsNativeTypes() {
        String slug = unique("acme");
        String id = post("/api/v1/accounts", """
                {"name":"  Acme GmbH  ","slug":"%s","ownerEmail":" ops@acme.example ",
                 "subscriptionStatus":"PAST-DUE","planTier":" Growth ","billingInterval":"ANNUAL"}""".formatted(slug))
                .statusCode(201)
                .body("name", equalTo("Acme GmbH"))
                .body("ownerEmail", equalTo("ops@acme.example"))
                .body("subscriptionStatus", equalTo("past_due"))
                .body("planTier", equalTo("growth"))
                .body("billingInterval", equalTo("annual"))
                .body("createdAt", endsWith("Z"))
                .extract().path("id");
        given().when().get("/api/v1/accounts?q=" + slug).then().statusCode(200).body("items[0].id", equalTo(id));
        assertEquals("past_due|growth|annual", EvaDatabase.sql(
                "SELECT subscription_status, plan_tier, billing_interval FROM accounts WHERE id = '" + id + "'"));
        given().when().get("/api/v1/accounts/" + id).then().statusCode(200)
                .body("slug", equalTo(slug)).body("subscriptionStatus", equalTo("past_due"));
    }

    @Test
    void answersCreatedWithTheLocationOfTheNewAccount() {
        String location = post("/api/v1/accounts", """
                {"name":"Located","slug":"%s","ownerEmail":"a@b.example"}""".formatted(unique("loc")))
                .statusCode(201).extract().header("Location");
        given().when().get(location).then().statusCode(200).body("name", equalTo("Located"));
    }

    @Test
    void nullableEnumFieldsInsertAsNull() {
        String slug = unique("bare");
        String id = post("/api/v1/accounts", """
                {"name":"Bare","slug":"%s","ownerEmail":"a@bare.example","subscriptionStatus":null,"planTier":"  "}"""
                .formatted(slug)).statusCode(201)
                .body("subscriptionStatus", nullValue()).body("planTier", nullValue()).body("billingInterval", nullValue())
                .extract().path("id");
        assertEquals(1, count("accounts", "id = '" + id + "' AND subscription_status IS NULL AND plan_tier IS NULL"
                + " AND billing_interval IS NULL"));
    }

    @Test
    void derivesTheSlugFromTheName() {
        String suffix = unique("x").substring(2);
        post("/api/v1/accounts", """
                {"name":"Ærø Café — Müller & Söhne %s!","ownerEmail":"a@b.example"}""".formatted(suffix))
                .statusCode(201).body("slug", equalTo("aero-cafe-muller-sohne-" + suffix));
        // Letters Unicode does not decompose are spelled out, upper case included.
        post("/api/v1/accounts", """
                {"name":"ŁÓDŹ Ørsted Straße Þór Œuvre %s","ownerEmail":"a@b.example"}""".formatted(suffix))
                .statusCode(201).body("slug", equalTo("lodz-orsted-strasse-thor-oeuvre-" + suffix));
        // Compatibility forms decompose to capitals, which are lower-cased too.
        post("/api/v1/accounts", """
                {"name":"№ 5 Acme™ %s","ownerEmail":"a@b.example"}""".formatted(suffix))
                .statusCode(201).body("slug", equalTo("no-5-acmetm-" + suffix));
    }

    @Test
    void aDerivedSlugIsCutTo63AndANameWithoutLettersAsksForOne() {
        String tag = unique("long").substring(5);
        String name = tag + " " + "Lang ".repeat(20);
        String expected = (tag + "-" + "lang-".repeat(20)).substring(0, 63);
        expected = expected.endsWith("-") ? expected.substring(0, 62) : expected;
        post("/api/v1/accounts", """
                {"name":"%s","ownerEmail":"a@b.example"}""".formatted(name))
                .statusCode(201).body("slug", equalTo(expected));
        post("/api/v1/accounts", """
                {"name":"株式会社 — !!!","ownerEmail":"a@b.example"}""")
                .statusCode(400).body("errors[0].field", equalTo("slug")).body("errors[0].code", equalTo("required"));
    }

    @Test
    void trialingWithoutAnEndGetsTheDefaultTrial() {
        Instant before = Instant.now();
        String end = post("/api/v1/accounts", """
                {"name":"Trial","slug":"%s","ownerEmail":"t@trial.example","subscriptionStatus":"Trialing"}"""
                .formatted(unique("trial"))).statusCode(201)
                .body("trialEndsAt", notNullValue()).extract().path("trialEndsAt");
        Duration length = Duration.between(before, Instant.parse(end));
        assertEquals(14, Math.round(length.toHours() / 24.0));
    }

    @Test
    void unknownEnumValuesAreOneProblemListingTheAllowedLabels() {
        String slug = unique("bad");
        post("/api/v1/accounts", """
                {"name":"Bad","slug":"%s","ownerEmail":"a@b.example","subscriptionStatus":"pastdue","planTier":"gold"}"""
                .formatted(slug))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-enum-value"))
                .body("type", endsWith("/invalid-enum-value"))
                .body("errors.field", contains("subscriptionStatus", "planTier"))
                .body("errors[0].allowedValues", contains("trialing", "active", "past_due", "canceled", "unpaid", "paused"))
                .body("errors[1].rejectedValue", equalTo("gold"))
                .body("requestId", notNullValue());
        assertEquals(0, count("accounts", "slug = '" + slug + "'"));
    }

    @Test
    void dryRunChecksEverythingAndWritesNothing() {
        String slug = unique("dry");
        post("/api/v1/accounts?dryRun=true", """
                {"name":"Dry","slug":"%s","ownerEmail":"a@dry.example","domains":["%s.example"]}""".formatted(slug, slug))
                .statusCode(200).body("slug", equalTo(slug)).body("id", notNullValue());
        assertEquals(0, count("accounts", "slug = '" + slug + "'"));
        assertEquals(0, count("partner_domains", "domain = '" + slug + ".example'"));
    }

    @Test
    void aTakenSlugIsAConflictAlsoInDryRun() {
        String slug = unique("taken");
        String body = """
                {"name":"Taken","slug":"%s","ownerEmail":"a@b.example"}""".formatted(slug);
        post("/api/v1/accounts", body).statusCode(201);
        post("/api/v1/accounts", body).statusCode(409).body("code", equalTo("slug-taken"))
                .body("errors.field", hasItem("slug"));
        post("/api/v1/accounts?dryRun=true", body).statusCode(409).body("code", equalTo("slug-taken"));
    }

    @Test
    void anAccountWithOneTakenDomainWritesNothingAtAll() {
        String taken = unique("held") + ".example";
        post("/api/v1/accounts", """
                {"name":"Holder","slug":"%s","ownerEmail":"a@b.example","domains":["%s"]}""".formatted(unique("holder"), taken))
                .statusCode(201);
        String slug = unique("loser");
        post("/api/v1/accounts", """
                {"name":"Loser","slug":"%s","ownerEmail":"a@b.example","domains":["%s.example","%s"]}"""
                .formatted(slug, slug, taken.toUpperCase()))
                .statusCode(409).body("code", equalTo("domain-taken"))
                .body("errors.field", contains("domains[1]"));
        assertEquals(0, count("accounts", "slug = '" + slug + "'"));
        assertEquals(0, count("partner_domains", "domain = '" + slug + ".example'"));
    }

    @Test
    void aDryRunWithATakenDomainIsTheSameConflictAndWritesNothing() {
        String taken = unique("held") + ".example";
        String holder = post("/api/v1/accounts", """
                {"name":"Holder","slug":"%s","ownerEmail":"a@b.example","domains":["%s"]}""".formatted(unique("holder"), taken))
                .statusCode(201).extract().path("id");
        String slug = unique("dry-loser");
        post("/api/v1/accounts?dryRun=true", """
                {"name":"Loser","slug":"%s","ownerEmail":"a@b.example","domains":["%s.example","%s"]}"""
                .formatted(slug, slug, taken))
                .statusCode(409).body("code", equalTo("domain-taken"))
                .body("errors.field", contains("domains[1]"))
                .body("existing", containsString("/api/v1/accounts/" + holder + "/domains/"));
        assertEquals(0, count("accounts", "slug = '" + slug + "'"));
        assertEquals(0, count("partner_domains", "domain = '" + slug + ".example'"));
    }

    @Test
    void everyTakenDomainIsNamedByItsPlaceInTheRequest() {
        String first = unique("held-a") + ".example";
        String second = unique("held-b") + ".example";
        post("/api/v1/accounts", """
                {"name":"Holder","slug":"%s","ownerEmail":"a@b.example","domains":["%s","%s"]}"""
                .formatted(unique("holder"), first, second)).statusCode(201);
        String slug = unique("late");
        post("/api/v1/accounts", """
                {"name":"Late","slug":"%s","ownerEmail":"a@b.example","domains":["%s","%s.example","%s"]}"""
                .formatted(slug, second.toUpperCase(), slug, first))
                .statusCode(409).body("code", equalTo("domain-taken"))
                .body("errors.field", contains("domains[0]", "domains[2]"))
                .body("errors.rejectedValue", contains(second.toUpperCase(), first));
        assertEquals(0, count("accounts", "slug = '" + slug + "'"));
    }
}
