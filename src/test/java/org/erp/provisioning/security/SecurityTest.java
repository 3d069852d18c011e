package org.erp.provisioning.security;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.metric;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.telemetry.AccessLog;
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
    void aTokenIsVerifiedOnceForAllItsRequests() {
        String token = Tokens.withGroups("erp-repeat", Roles.VIEWER);
        String miss = "cache=\"verified-tokens\",result=\"miss\"", hit = "cache=\"verified-tokens\",result=\"hit\"";
        double misses = metric("cache_gets_total", miss), hits = metric("cache_gets_total", hit);
        for (int i = 0; i < 3; i++) {
            as(token).when().get("/api/v1/enums").then().statusCode(200);
        }
        assertEquals(misses + 1, metric("cache_gets_total", miss), "verified on its first request only");
        assertEquals(hits + 2, metric("cache_gets_total", hit), "its next two answered from the cache");
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
        as(viewer).when().delete("/api/v1/accounts/" + account + "/domains/" + domain).then().statusCode(403)
                .body("code", equalTo("forbidden"));
        as(viewer).when().delete("/api/v1/accounts/" + account + "/deals/" + deal).then().statusCode(403)
                .body("code", equalTo("forbidden"));
        as(viewer).when().get("/api/v1/accounts/" + account + "/deals").then().statusCode(200)
                .header("X-Request-Id", notNullValue()).body("items", hasSize(1));
        as(viewer).when().get("/api/v1/accounts/" + account + "/domains/" + domain).then().statusCode(200);
    }

    @Test
    void streamsNeedTheRolesOfTheirSingleRequests() {
        String viewer = Tokens.withGroups("erp-viewer", Roles.VIEWER);
        byte[] line = (newAccount() + "\n").getBytes(StandardCharsets.UTF_8);
        as(viewer).contentType("application/x-ndjson").body(line)
                .when().post("/api/v1/accounts/bulk").then().statusCode(403).body("code", equalTo("forbidden"));
        given().contentType("application/x-ndjson").body(line)
                .when().post("/api/v1/accounts/bulk").then().statusCode(401);
        as(viewer).accept("application/x-ndjson").when().get("/api/v1/accounts").then().statusCode(200)
                .contentType(containsString("application/x-ndjson"));
        String admin = Tokens.withGroups("erp-admin-9", Roles.ADMIN);
        as(admin).contentType("application/x-ndjson").body(line)
                .when().post("/api/v1/accounts/bulk").then().statusCode(200).body(containsString("\"status\":201"));
    }

    @Test
    void aDeleteIsLoggedWithItsSubjectRequestIdAndWhatItRemoved() throws Exception {
        String admin = Tokens.withGroups("erp-admin-7", Roles.ADMIN);
        String account = as(admin).contentType(ContentType.JSON).body(newAccount())
                .when().post("/api/v1/accounts").then().statusCode(201).extract().path("id");
        String name = unique("gone") + ".example";
        String domain = as(admin).contentType(ContentType.JSON).body("{\"domain\":\"" + name + "\"}")
                .when().post("/api/v1/accounts/" + account + "/domains").then().statusCode(201).extract().path("id");
        String deal = as(admin).contentType(ContentType.JSON).body("{\"title\":\"T\",\"amountCents\":1,\"currency\":\"EUR\"}")
                .when().post("/api/v1/accounts/" + account + "/deals").then().statusCode(201).extract().path("id");

        String domainRequest = "delete-" + unique("req");
        as(admin).header("X-Request-Id", domainRequest).when().delete("/api/v1/accounts/" + account + "/domains/" + domain)
                .then().statusCode(204);
        JsonNode access = accessLine(domainRequest);
        assertEquals("DELETE", access.path("method").asText(), access.toString());
        assertEquals("204", access.path("status").asText(), access.toString());
        assertEquals("erp-admin-7", access.path("subject").asText(), access.toString());
        assertEquals("domain " + domain + " " + name, access.path("deleted").asText(), access.toString());

        String dealRequest = "delete-" + unique("req");
        as(admin).header("X-Request-Id", dealRequest).when().delete("/api/v1/accounts/" + account + "/deals/" + deal)
                .then().statusCode(204);
        assertEquals("deal " + deal, accessLine(dealRequest).path("deleted").asText());
    }

    @Test
    void aValidTokenWithoutTheGroupIsForbidden() {
        as(Tokens.withGroups("erp-nobody", "sales")).when().get("/api/v1/accounts").then().statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    /**
     * The access log's JSON line for the request with this id, as the file handler wrote it. The line is written
     * when the response has ended, which the client may see first: it is waited for, up to five seconds.
     */
    private static JsonNode accessLine(String requestId) throws Exception {
        for (long deadline = System.nanoTime() + 5_000_000_000L; System.nanoTime() < deadline; Thread.sleep(20)) {
            for (String line : Files.readAllLines(Path.of(SecuredProfile.LOG_FILE))) {
                JsonNode entry = new ObjectMapper().readTree(line);
                if (entry.path("loggerName").asText().equals(AccessLog.LOGGER)
                        && entry.path("mdc").path("requestId").asText().equals(requestId)) {
                    return entry.path("mdc");
                }
            }
        }
        throw new AssertionError("no access log line with request id " + requestId);
    }

    @Test
    void adminsWriteAndTheirSubjectIsLoggedAsJsonWithTheRequestIdNotTheirToken() throws Exception {
        String admin = Tokens.withGroups("erp-admin-42", Roles.ADMIN);
        String requestId = "audit-" + unique("req");
        as(admin).header("X-Request-Id", requestId).contentType(ContentType.JSON).body(newAccount())
                .when().post("/api/v1/accounts").then().statusCode(201);
        JsonNode access = accessLine(requestId);
        assertEquals("POST", access.path("method").asText(), access.toString());
        assertEquals("/api/v1/accounts", access.path("route").asText(), access.toString());
        assertEquals("201", access.path("status").asText(), access.toString());
        assertEquals("erp-admin-42", access.path("subject").asText(), access.toString());
        assertFalse(Files.readString(Path.of(SecuredProfile.LOG_FILE)).contains(admin), "the token is never logged");
    }

    @Test
    void readsAndRefusalsAreLoggedWithRouteTemplateSubjectAndProblemCode() throws Exception {
        String admin = Tokens.withGroups("erp-admin-3", Roles.ADMIN);
        String accountId = as(admin).contentType(ContentType.JSON).body(newAccount())
                .when().post("/api/v1/accounts").then().statusCode(201).extract().path("id");
        String read = "read-" + unique("req");
        as(Tokens.withGroups("erp-viewer-5", Roles.VIEWER)).header("X-Request-Id", read)
                .when().get("/api/v1/accounts/" + accountId).then().statusCode(200);
        JsonNode access = accessLine(read);
        assertEquals("GET", access.path("method").asText(), access.toString());
        assertEquals("/api/v1/accounts/{accountId}", access.path("route").asText(), access.toString());
        assertEquals("/api/v1/accounts/" + accountId, access.path("path").asText(), access.toString());
        assertEquals("200", access.path("status").asText(), access.toString());
        assertEquals("erp-viewer-5", access.path("subject").asText(), access.toString());
        assertTrue(access.path("durationMs").asLong(-1) >= 0, access.toString());

        String refused = "refused-" + unique("req");
        as(Tokens.withGroups("erp-viewer-6", Roles.VIEWER)).header("X-Request-Id", refused)
                .contentType(ContentType.JSON).body(newAccount())
                .when().post("/api/v1/accounts").then().statusCode(403);
        JsonNode refusal = accessLine(refused);
        assertEquals("403", refusal.path("status").asText(), refusal.toString());
        assertEquals("forbidden", refusal.path("problemCode").asText(), refusal.toString());
        assertEquals("erp-viewer-6", refusal.path("subject").asText(), refusal.toString());

        String anonymous = "anonymous-" + unique("req");
        given().header("X-Request-Id", anonymous).when().get("/api/v1/accounts").then().statusCode(401);
        JsonNode unauthenticated = accessLine(anonymous);
        assertEquals("unauthenticated", unauthenticated.path("problemCode").asText(), unauthenticated.toString());
        assertTrue(unauthenticated.path("subject").isMissingNode(), unauthenticated.toString());

        // Refused by the body limit before any other handler: logged all the same.
        String tooLarge = "too-large-" + unique("req");
        given().header("X-Request-Id", tooLarge).contentType(ContentType.JSON)
                .body("{\"name\":\"" + "x".repeat(70 * 1024) + "\"}")
                .when().post("/api/v1/accounts").then().statusCode(413);
        assertEquals("payload-too-large", accessLine(tooLarge).path("problemCode").asText());
    }

    @Test
    void aDryRunIsLoggedAsOneButAWriteWithAnIgnoredDryRunParameterIsAWrite() throws Exception {
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
        assertEquals("true", accessLine(simulated).path("dryRun").asText(), "the dry run says so");
        JsonNode write = accessLine(written);
        assertTrue(write.path("dryRun").isMissingNode(), write.toString());
        assertEquals("erp-admin-7", write.path("subject").asText(), write.toString());
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
