package org.erp.provisioning.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.erp.provisioning.support.Fixtures.unique;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/** A body over {@code erp.http.max-body-size} is a {@code payload-too-large} problem, whether its length is declared or not. */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class BodyLimitTest {

    private static final String PROBLEM = "application/problem+json";

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
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsReadAndTheConnectionClosed() {
        given().contentType(ContentType.JSON).body("{\"name\":\"" + "x".repeat(70 * 1024) + "\"}")
                .when().post("/api/v1/accounts").then().statusCode(413).header("Connection", "close")
                .body("detail", equalTo("The request body is over the limit of 65536 bytes"));
    }

    /** A stream of lines has no size as a whole: each of its lines is held to its own limit by its route. */
    @Test
    void aStreamOfLinesIsNotHeldToTheBodyLimit() {
        String p = unique("body-limit-stream");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; lines.length() < 100 * 1024; i++) {
            lines.append("{\"name\":\"Stream ").append(i).append("\",\"slug\":\"").append(p).append('-').append(i)
                    .append("\",\"ownerEmail\":\"o@").append(p).append(".example\"}\n");
        }
        given().contentType("application/x-ndjson").body(lines.toString().getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/accounts/bulk?dryRun=true").then().statusCode(200)
                .body(containsString("\"failed\":0"));
    }
}
