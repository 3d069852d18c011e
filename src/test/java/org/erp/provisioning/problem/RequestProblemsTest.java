package org.erp.provisioning.problem;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.count;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
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
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/** Every refusal a client can cause is an application/problem+json with a documented code. */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class RequestProblemsTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void aRequestLineOverTheLimitIsAProblemWithItsRequestId() {
        given().queryParam("q", "a".repeat(5000)).get("/api/v1/accounts").then().statusCode(414)
                .contentType("application/problem+json").header("X-Request-Id", notNullValue())
                .body("code", equalTo("uri-too-long")).body("requestId", notNullValue())
                .body("detail", containsString("4096"));
        // Just under the limit is a list like any other.
        given().queryParam("q", "a".repeat(4000)).get("/api/v1/accounts").then().statusCode(200);
    }

    @Test
    void headersOverTheLimitAreAProblemWithItsRequestId() {
        given().header("X-Padding", "x".repeat(21 * 1024)).get("/api/v1/enums").then().statusCode(431)
                .contentType("application/problem+json").header("X-Request-Id", notNullValue())
                .body("code", equalTo("headers-too-large"));
        given().header("X-Padding", "x".repeat(8 * 1024)).get("/api/v1/enums").then().statusCode(200);
    }

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
    void theOperationsRoutesAreReadOnly() {
        for (String path : new String[] {"/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi"}) {
            given().when().post(path).then().statusCode(405).contentType(PROBLEM).header("Allow", "GET, HEAD")
                    .body("code", equalTo("method-not-allowed"));
            given().when().delete(path).then().statusCode(405).body("code", equalTo("method-not-allowed"));
            given().when().get(path).then().statusCode(200);
            given().when().head(path).then().statusCode(200);
        }
    }

    /** HTTP/1.1 requires a Host header; the router refuses a request without one, with a problem like any other. */
    @Test
    void aRequestWithoutAHostHeaderIsMalformed() throws Exception {
        String answer = rawGet("/api/v1/enums", "X-Request-Id: erp-trace-456\r\n", false);
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("\r\ncontent-type: " + PROBLEM + "\r\n"), answer);
        assertTrue(answer.contains("\r\nX-Request-Id: erp-trace-456\r\n"), answer);
        assertTrue(answer.contains("\"code\":\"malformed-request\""), answer);
        assertTrue(answer.contains("\"requestId\":\"erp-trace-456\""), answer);
        assertTrue(rawGet("/api/v1/enums", "", false).matches("(?s).*\r\nX-Request-Id: [0-9a-f-]{36}\r\n.*"));
        assertTrue(rawGet("/api/v1/enums", "", true).startsWith("HTTP/1.1 200 "));
    }

    /** The whole answer to a GET of {@code target}, sent as written, with the given extra header lines. */
    private static String rawGet(String target, String headers, boolean withHost) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\n" + (withHost ? "Host: localhost\r\n" : "")
                    + headers + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBodyOverTheLimitIsPayloadTooLarge() {
        String huge = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}";
        given().contentType(ContentType.JSON).body(huge).when().post("/api/v1/accounts").then()
                .statusCode(413).contentType(PROBLEM).body("code", equalTo("payload-too-large"));
    }

    @Test
    void aBodySentWithoutALengthIsHeldToTheSameLimit() throws Exception {
        HttpResponse<String> huge = postChunked("{\"name\":\"" + "x".repeat(70 * 1024) + "\"}");
        assertEquals(413, huge.statusCode(), huge.body());
        assertEquals(PROBLEM, huge.headers().firstValue("Content-Type").orElse(""));
        assertTrue(huge.body().contains("\"code\":\"payload-too-large\""), huge.body());

        // Under the limit but over RESTEasy Reactive's input buffer: read and checked like any other body.
        HttpResponse<String> large = postChunked("{\"name\":\"" + "x".repeat(30 * 1024) + "\",\"ownerEmail\":\"c@x.example\"}");
        assertEquals(400, large.statusCode(), large.body());
        assertTrue(large.body().contains("\"code\":\"too-long\""), large.body());

        HttpResponse<String> empty = postChunked("");
        assertEquals(400, empty.statusCode(), empty.body());
        assertTrue(empty.body().contains("\"code\":\"malformed-request\""), empty.body());

        String slug = unique("chunked");
        HttpResponse<String> small = postChunked("""
                {"name":"Chunked","slug":"%s","ownerEmail":"c@x.example"}""".formatted(slug));
        assertEquals(201, small.statusCode(), small.body());
    }

    /** POSTs an account body without a Content-Length: HTTP/1.1 sends it chunked. */
    private static HttpResponse<String> postChunked(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/v1/accounts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .timeout(Duration.ofSeconds(10))
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRequestIdIsTheCallersOrANewOneAndAppearsInTheProblem() {
        given().header("X-Request-Id", "erp-trace-123").when().get("/api/v1/accounts/nope").then()
                .header("X-Request-Id", "erp-trace-123").body("requestId", equalTo("erp-trace-123"));
        given().when().get("/q/health/live").then().header("X-Request-Id", notNullValue());
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
