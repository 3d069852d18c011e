package org.erp.provisioning.problem;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.count;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/** Every refusal a client can cause is an application/problem+json with a documented code. */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class RequestProblemsTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void everyFieldAtFaultIsListedInOneProblem() {
        post("/api/v1/accounts", """
                {"name":"   ","slug":"Not A Slug","ownerEmail":"not-an-email","planTier":"platinum",
                 "trialEndsAt":"2001-01-01T00:00:00Z"}""")
                .statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("validation-failed"))
                .body("errors.field", containsInAnyOrder("name", "slug", "ownerEmail", "planTier", "trialEndsAt"))
                .body("errors.find { it.field == 'planTier' }.code", equalTo("invalid-enum-value"))
                .body("errors.find { it.field == 'trialEndsAt' }.code", equalTo("in-past"))
                .body("errors.find { it.field == 'ownerEmail' }.code", equalTo("invalid-email"));
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        post("/api/v1/accounts", "{}").statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors.field", containsInAnyOrder("name", "ownerEmail"))
                .body("errors.code", containsInAnyOrder("required", "required"));
    }

    @Test
    void tooLongValuesAreRefusedBeforeTheDatabase() {
        String slug = unique("long");
        post("/api/v1/accounts", """
                {"name":"%s","slug":"%s","ownerEmail":"a@b.example"}""".formatted("n".repeat(201), slug))
                .statusCode(400).body("errors[0].field", equalTo("name")).body("errors[0].code", equalTo("too-long"));
        post("/api/v1/accounts", """
                {"name":"Long","slug":"%s","ownerEmail":"%s@%sexample"}""".formatted(slug, "o".repeat(60), ("d".repeat(60) + ".").repeat(4)))
                .statusCode(400).body("errors[0].field", equalTo("ownerEmail")).body("errors[0].code", equalTo("too-long"));
        assertEquals(0, count("accounts", "slug = '" + slug + "'"));
    }

    @Test
    void lengthsCountCharactersAsPostgresDoes() {
        String emoji = "\uD83D\uDE00".repeat(150);
        post("/api/v1/accounts", """
                {"name":"%s","slug":"%s","ownerEmail":"a@b.example"}""".formatted(emoji, unique("emoji")))
                .statusCode(201).body("name", equalTo(emoji));
        post("/api/v1/accounts", """
                {"name":"%s","slug":"%s","ownerEmail":"a@b.example"}""".formatted("\uD83D\uDE00".repeat(201), unique("emoji")))
                .statusCode(400).body("errors[0].code", equalTo("too-long"));
    }

    @Test
    void readOnlyFieldsAreRefusedByName() {
        post("/api/v1/accounts", """
                {"id":"6f1c2b1e-0c7a-4d2e-9a51-3b1f0a9d0001","createdAt":"2026-01-01T00:00:00Z",
                 "name":"RO","slug":"%s","ownerEmail":"a@b.example"}""".formatted(unique("ro")))
                .statusCode(400).body("code", equalTo("validation-failed"))
                .body("errors.field", containsInAnyOrder("id", "createdAt"))
                .body("errors.code", containsInAnyOrder("read-only", "read-only"));
    }

    @Test
    void unknownFieldsAndWrongTypesAreMalformedAndEachNamed() {
        post("/api/v1/accounts", """
                {"name":42,"slug":"ok","ownerEmail":"a@b.example","color":"blue","size":3,"domains":"x.example"}""")
                .statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("malformed-request"))
                .body("errors.field", containsInAnyOrder("name", "color", "size", "domains"))
                .body("errors.find { it.field == 'name' }.code", equalTo("wrong-type"))
                .body("errors.find { it.field == 'color' }.code", equalTo("unknown-field"));
        post("/api/v1/accounts", """
                {"name":"N","ownerEmail":"a@b.example","domains":[1,"ok.example",true,{}]}""")
                .statusCode(400).body("code", equalTo("malformed-request"))
                .body("errors.field", contains("domains[0]", "domains[2]", "domains[3]"));
    }

    @Test
    void aBodyThatIsNotJsonIsMalformedWithoutLeakingTheParser() {
        given().contentType(ContentType.JSON).body("{\"name\": \"x\",").when().post("/api/v1/accounts").then()
                .statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("malformed-request"))
                .body("detail", not(containsString("com.fasterxml")))
                .body("detail", not(containsString("Exception")));
        given().contentType(ContentType.JSON).body("[1,2]").when().post("/api/v1/accounts").then()
                .statusCode(400).body("code", equalTo("malformed-request"));
        given().contentType(ContentType.JSON).when().post("/api/v1/accounts").then()
                .statusCode(400).body("code", equalTo("malformed-request"));
    }

    @Test
    void aBodyIsOneJsonObjectWithEachKeyOnce() {
        String slug = unique("strict");
        String body = """
                {"name":"Strict","slug":"%s","ownerEmail":"a@b.example"}""".formatted(slug);
        for (String notOne : new String[] {body + "xyz", body + body, body + "}"}) {
            given().contentType(ContentType.JSON).body(notOne).when().post("/api/v1/accounts").then()
                    .statusCode(400).contentType(PROBLEM).body("code", equalTo("malformed-request"));
        }
        post("/api/v1/accounts", """
                {"name":"Strict","slug":"%s","ownerEmail":"a@b.example","planTier":"growth","planTier":"starter"}"""
                .formatted(slug)).statusCode(400).body("code", equalTo("malformed-request"));
        assertEquals(0, count("accounts", "slug = '" + slug + "'"));
        // Whitespace after the object is still one value.
        given().contentType(ContentType.JSON).body(body + " \n").when().post("/api/v1/accounts").then().statusCode(201);
    }

    @Test
    void malformedIdsAndUnknownIdsAreAccountNotFound() {
        given().when().get("/api/v1/accounts/not-a-uuid").then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("account-not-found"));
        given().when().get("/api/v1/accounts/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .body("code", equalTo("account-not-found")).body("instance", equalTo("/api/v1/accounts/00000000-0000-0000-0000-000000000000"));
    }

    /** A path no resource has is the same not-found problem wherever it is, with the request id; a HEAD has no body. */
    @Test
    void aPathNoResourceHasIsNotFound() {
        for (String path : new String[] {"/api/v1/nothing-here", "/api/v1/accounts/a/b/c", "/nothing", "/q/nothing"}) {
            given().header("X-Request-Id", "erp-trace-404").when().get(path).then().statusCode(404)
                    .contentType(PROBLEM).header("X-Request-Id", "erp-trace-404")
                    .body("code", equalTo("not-found")).body("status", equalTo(404))
                    .body("instance", equalTo(path)).body("requestId", equalTo("erp-trace-404"));
        }
        given().when().head("/api/v1/nothing-here").then().statusCode(404).body(emptyString());
        given().when().post("/api/v1/nothing-here").then().statusCode(404).body("code", equalTo("not-found"));
    }

    @Test
    void httpLevelRefusalsAreProblemsToo() {
        given().when().get("/api/v1/nothing-here").then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        given().when().delete("/api/v1/accounts").then().statusCode(405).contentType(PROBLEM)
                .body("code", equalTo("method-not-allowed"));
        given().contentType(ContentType.TEXT).body("name=x").when().post("/api/v1/accounts").then()
                .statusCode(415).contentType(PROBLEM).body("code", equalTo("unsupported-media-type"));
        given().accept("application/xml").when().get("/api/v1/enums").then()
                .statusCode(406).contentType(PROBLEM).body("code", equalTo("not-acceptable"));
    }

    @Test
    void textPostgresCannotStoreIsRefusedBeforeTheDatabase() {
        String slug = unique("nul");
        post("/api/v1/accounts", """
                {"name":"a\\u0000b","slug":"%s","ownerEmail":"a@b.example"}""".formatted(slug))
                .statusCode(400).body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("name")).body("errors[0].code", equalTo("invalid-text"))
                .body("errors.size()", equalTo(1));
        post("/api/v1/accounts", """
                {"name":"lone \\ud800 surrogate","slug":"%s","ownerEmail":"a@b.example"}""".formatted(slug))
                .statusCode(400).body("errors[0].code", equalTo("invalid-text"));
        given().queryParam("q", "a\u0000b").when().get("/api/v1/accounts").then().statusCode(400)
                .body("errors[0].field", equalTo("q")).body("errors[0].code", equalTo("invalid-text"));
        assertEquals(0, count("accounts", "slug = '" + slug + "'"));
    }

    @Test
    void listParametersAreCheckedAllAtOnce() {
        given().queryParam("subscriptionStatus", "gold").queryParam("limit", "500").queryParam("cursor", "forged")
                .when().get("/api/v1/accounts").then().statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors.field", containsInAnyOrder("subscriptionStatus", "limit", "cursor"))
                .body("errors.code", hasItem("invalid-cursor"));
        given().queryParam("planTier", "nope").when().get("/api/v1/accounts").then().statusCode(400)
                .body("code", equalTo("invalid-enum-value"));
    }
}
