package org.erp.provisioning.security;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.metric;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@TestProfile(SecuredProfile.class)
@WithTestResource(EvaDatabase.class)
class SecurityTest {

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static String newAccount() {
        String slug = unique("sec");
        return """
                {"name":"Secured","slug":"%s","ownerEmail":"a@b.example"}""".formatted(slug);
    }

    @Test
    void noTokenIsUnauthenticated() {
        given().when().get("/api/v1/accounts").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("code", equalTo("unauthenticated"));
        given().contentType(ContentType.JSON).body(newAccount()).when().post("/api/v1/accounts").then()
                .statusCode(401).body("code", equalTo("unauthenticated"));
    }

    /** The token comes first: no route, method, media type or body is answered to a caller without one. */
    @Test
    void noTokenIsUnauthenticatedWhateverElseIsWrongWithTheRequest() {
        given().when().options("/api/v1/accounts").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"))
                .body("code", equalTo("unauthenticated"));
        given().when().get("/api/v1/nothing-here").then().statusCode(401).body("code", equalTo("unauthenticated"));
        given().when().delete("/api/v1/accounts").then().statusCode(401).body("code", equalTo("unauthenticated"));
        given().contentType(ContentType.TEXT).body("name=x").when().post("/api/v1/accounts").then()
                .statusCode(401).body("code", equalTo("unauthenticated"));
        given().accept("application/xml").when().get("/api/v1/enums").then()
                .statusCode(401).body("code", equalTo("unauthenticated"));
        // The one exception: a body over the limit is refused before anything else, the token included.
        given().contentType(ContentType.JSON).body("{\"name\":\"" + "x".repeat(70 * 1024) + "\"}")
                .when().post("/api/v1/accounts").then().statusCode(413).body("code", equalTo("payload-too-large"));
        as(Tokens.expired()).when().options("/api/v1/accounts").then().statusCode(401)
                .body("code", equalTo("unauthenticated"));
        // The frontend can read the refusal: it carries the CORS headers of its origin.
        given().header("Origin", SecuredProfile.FRONTEND).when().get("/api/v1/enums").then().statusCode(401)
                .header("Access-Control-Allow-Origin", SecuredProfile.FRONTEND).body("code", equalTo("unauthenticated"));

        // A path RESTEasy Reactive routes though it is not under /api/ as written (a matrix parameter).
        given().urlEncodingEnabled(false).when().options("/api;x=1/v1/accounts").then().statusCode(401)
                .body("code", equalTo("unauthenticated"));
        given().when().get("/").then().statusCode(401).body("code", equalTo("unauthenticated"));

        String viewer = Tokens.withGroups("erp-viewer", Roles.VIEWER);
        as(viewer).when().options("/api/v1/accounts").then().statusCode(200).header("Allow", containsString("POST"));
        as(viewer).when().get("/api/v1/nothing-here").then().statusCode(404).body("code", equalTo("not-found"));
        as(viewer).when().delete("/api/v1/accounts").then().statusCode(405);
    }

    /** A token that does not verify is answered once: one 401, counted once. */
    @Test
    void aBadTokenIsAnsweredOnce() {
        double before = metric("erp_problems_total", "code=\"unauthenticated\"");
        as(Tokens.expired()).when().get("/api/v1/enums").then().statusCode(401).body("code", equalTo("unauthenticated"));
        assertEquals(before + 1, metric("erp_problems_total", "code=\"unauthenticated\""));
    }

    /** The frontend can read a refusal of the operations routes too: it carries the CORS headers of its origin. */
    @Test
    void theOperationsRoutesRefuseOtherMethodsWithCorsHeaders() {
        given().header("Origin", SecuredProfile.FRONTEND).when().post("/q/metrics").then().statusCode(405)
                .header("Access-Control-Allow-Origin", SecuredProfile.FRONTEND).body("code", equalTo("method-not-allowed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"expired", "wrong-issuer", "another-key", "alg-none", "malformed"})
    void everyBadTokenIsUnauthenticated(String kind) throws Exception {
        String token = switch (kind) {
            case "expired" -> Tokens.expired();
            case "wrong-issuer" -> Tokens.wrongIssuer();
            case "another-key" -> Tokens.signedByAnotherKey();
            case "alg-none" -> Tokens.unsigned();
            default -> "not.a.jwt";
        };
        as(token).when().get("/api/v1/enums").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthenticated"))
                .body("detail", org.hamcrest.Matchers.not(containsString(token)));
    }

    @Test
    void viewersReadAndCannotWrite() {
        String viewer = Tokens.withGroups("erp-viewer", Roles.VIEWER);
        as(viewer).when().get("/api/v1/enums").then().statusCode(200);
        as(viewer).when().get("/api/v1/accounts").then().statusCode(200);
        as(viewer).contentType(ContentType.JSON).body(newAccount()).when().post("/api/v1/accounts").then()
                .statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
        String admin = Tokens.withGroups("erp-admin-1", Roles.ADMIN);
        String account = as(admin).contentType(ContentType.JSON).body(newAccount())
                .when().post("/api/v1/accounts").then().statusCode(201).extract().path("id");
        String domainBody = "{\"domain\":\"" + unique("v") + ".example\"}";
        String dealBody = "{\"title\":\"T\",\"amountCents\":1,\"currency\":\"EUR\"}";
        String domain = as(admin).contentType(ContentType.JSON).body(domainBody)
                .when().post("/api/v1/accounts/" + account + "/domains").then().statusCode(201).extract().path("id");
        String deal = as(admin).contentType(ContentType.JSON).body(dealBody)
                .when().post("/api/v1/accounts/" + account + "/deals").then().statusCode(201).extract().path("id");
        as(viewer).contentType(ContentType.JSON).body("{\"name\":\"Renamed\"}")
                .when().patch("/api/v1/accounts/" + account).then().statusCode(403).body("code", equalTo("forbidden"));
        as(viewer).contentType(ContentType.JSON).body(domainBody)
                .when().post("/api/v1/accounts/" + account + "/domains").then().statusCode(403);
        as(viewer).contentType(ContentType.JSON).body("{\"status\":\"verified\"}")
                .when().patch("/api/v1/accounts/" + account + "/domains/" + domain).then().statusCode(403);
        as(viewer).contentType(ContentType.JSON).body(dealBody)
                .when().post("/api/v1/accounts/" + account + "/deals").then().statusCode(403);
        as(viewer).contentType(ContentType.JSON).body("{\"stage\":\"closed-won\"}")
                .when().patch("/api/v1/accounts/" + account + "/deals/" + deal).then().statusCode(403);
        as(viewer).when().get("/api/v1/accounts/" + account + "/deals").then().statusCode(200)
                .header("X-Request-Id", notNullValue());
    }

    @Test
    void aValidTokenWithoutTheGroupIsForbidden() {
        as(Tokens.withGroups("erp-nobody", "sales")).when().get("/api/v1/accounts").then().statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void adminsWriteAndTheirSubjectIsLoggedAsJsonWithTheRequestIdNotTheirToken() throws Exception {
        String admin = Tokens.withGroups("erp-admin-42", Roles.ADMIN);
        String requestId = "audit-" + unique("req");
        as(admin).header("X-Request-Id", requestId).contentType(ContentType.JSON).body(newAccount())
                .when().post("/api/v1/accounts").then().statusCode(201);
        List<String> lines = Files.readAllLines(Path.of(SecuredProfile.LOG_FILE));
        String audit = lines.stream().filter(line -> line.contains(requestId)).filter(line -> line.contains("by subject"))
                .findFirst().orElseThrow(() -> new AssertionError("no audit line with the request id"));
        JsonNode entry = new ObjectMapper().readTree(audit);
        assertTrue(entry.path("message").asText().contains("by subject erp-admin-42"), audit);
        assertTrue(entry.path("mdc").path("requestId").asText().equals(requestId), audit);
        assertFalse(String.join("\n", lines).contains(admin), "the token is never logged");
    }

    @Test
    void aDryRunIsNotAuditedButAWriteWithAnIgnoredDryRunParameterIs() throws Exception {
        String admin = Tokens.withGroups("erp-admin-7", Roles.ADMIN);
        String simulated = "audit-" + unique("dry");
        as(admin).header("X-Request-Id", simulated).contentType(ContentType.JSON).body(newAccount())
                .when().post("/api/v1/accounts?dryRun=true").then().statusCode(200);
        String accountId = as(admin).contentType(ContentType.JSON).body(newAccount())
                .when().post("/api/v1/accounts").then().statusCode(201).extract().path("id");
        // Only account creation simulates; on a domain the parameter is ignored and the domain is written.
        String written = "audit-" + unique("domain");
        as(admin).header("X-Request-Id", written).contentType(ContentType.JSON)
                .body("{\"domain\":\"" + unique("audited") + ".example\"}")
                .when().post("/api/v1/accounts/" + accountId + "/domains?dryRun=true").then().statusCode(201);
        List<String> lines = Files.readAllLines(Path.of(SecuredProfile.LOG_FILE));
        assertFalse(lines.stream().anyMatch(line -> line.contains(simulated) && line.contains("by subject")),
                "the dry run is not audited");
        assertTrue(lines.stream().anyMatch(line -> line.contains(written) && line.contains("by subject erp-admin-7")),
                "the domain write is audited");
    }

    @Test
    void probesMetricsAndTheOpenApiDocumentNeedNoToken() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void theOpenApiDocumentDeclaresTheBearerSchemeAndTheRolesPerRoute() {
        given().queryParam("format", "json").when().get("/q/openapi").then()
                .body("components.securitySchemes.SecurityScheme.scheme", equalTo("bearer"))
                .body("paths.'/api/v1/accounts'.post.security[0].SecurityScheme", hasItem(Roles.ADMIN))
                .body("paths.'/api/v1/accounts'.get.security[0].SecurityScheme", hasItem(Roles.VIEWER));
    }

    @Test
    void theFrontendsPreflightIsAnsweredAndExposesTheHeadersItNeeds() {
        given().header("Origin", SecuredProfile.FRONTEND).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,x-request-id")
                .when().options("/api/v1/accounts").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", SecuredProfile.FRONTEND)
                .header("Access-Control-Allow-Methods", containsString("PATCH"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"));
        as(Tokens.withGroups("erp-viewer", Roles.VIEWER)).header("Origin", SecuredProfile.FRONTEND)
                .when().get("/api/v1/enums").then().statusCode(200)
                .header("Access-Control-Expose-Headers", containsString("X-Request-Id"))
                .header("Access-Control-Expose-Headers", containsString("Location"));
    }

    @Test
    void theFrontendGetsProblemsForMethodsTheApiHasNot() {
        String admin = Tokens.withGroups("erp-admin-7", Roles.ADMIN);
        as(admin).header("Origin", SecuredProfile.FRONTEND).when().delete("/api/v1/accounts").then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("code", equalTo("method-not-allowed"))
                .header("Access-Control-Allow-Origin", SecuredProfile.FRONTEND);
        as(admin).header("Origin", SecuredProfile.FRONTEND).when().head("/api/v1/enums").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", SecuredProfile.FRONTEND);
    }

    @Test
    void aPreflightFromAnyOtherOriginIsForbidden() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .when().options("/api/v1/accounts").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("forbidden"))
                .header("Access-Control-Allow-Origin", nullValue())
                .header("X-Request-Id", notNullValue());
    }
}
