package org.erp.provisioning.telemetry;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.erp.provisioning.support.LogLines;
import org.erp.provisioning.support.EvaDatabase;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One access log line per API request when its response ends, its fields as MDC entries: route template, path
 * without the query, status, duration, request id, problem code, and what a write did; none for the operations
 * routes.
 */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class AccessLogTest {

    private LogLines lines;

    @BeforeEach
    void listen() {
        lines = LogLines.accessLog();
    }

    @AfterEach
    void stopListening() {
        lines.close();
    }

    /** The line of the request {@code requestId}, written when its response ended (a moment after the client has it). */
    private ExtLogRecord lineOf(String requestId) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            Optional<ExtLogRecord> line = linesOf(requestId).stream().findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no access log line for " + requestId + " among " + lines.size());
    }

    private List<ExtLogRecord> linesOf(String requestId) {
        return lines.of(requestId);
    }

    @Test
    void aRefusedReadIsOneLineWithItsRouteTemplateStatusAndProblemCode() throws Exception {
        String id = unique("log-404");
        given().header("X-Request-Id", id).get("/api/v1/accounts/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404);
        ExtLogRecord line = lineOf(id);
        assertEquals("GET", line.getMdc("method"));
        assertEquals("/api/v1/accounts/{accountId}", line.getMdc("route"), "the template, never an id");
        assertEquals("/api/v1/accounts/00000000-0000-0000-0000-000000000000", line.getMdc("path"));
        assertEquals("404", line.getMdc("status"));
        assertEquals("account-not-found", line.getMdc("problemCode"));
        assertTrue(line.getMdc("durationMs").matches("\\d+"), line.getMdc("durationMs"));
        assertEquals("local", line.getMdc("subject"), "security is off in this profile: the local identity");
        assertEquals("GET /api/v1/accounts/00000000-0000-0000-0000-000000000000 -> 404 in " + line.getMdc("durationMs")
                + " ms", line.getMessage());
        Thread.sleep(200);
        assertEquals(1, linesOf(id).size(), "one line a request");
    }

    @Test
    void theQueryIsNeverLogged() throws Exception {
        String id = unique("log-query");
        given().header("X-Request-Id", id).queryParam("q", "someone@private.example").get("/api/v1/accounts")
                .then().statusCode(200);
        ExtLogRecord line = lineOf(id);
        assertEquals("/api/v1/accounts", line.getMdc("path"));
        assertEquals("200", line.getMdc("status"));
        assertNull(line.getMdc("problemCode"));
        assertFalse(line.getMessage().contains("private.example"), line.getMessage());
    }

    @Test
    void writesSayWhatTheyDid() throws Exception {
        String slug = unique("log-dry");
        String dry = slug + "-dry-run";
        given().header("X-Request-Id", dry).contentType(ContentType.JSON)
                .body("{\"name\":\"Logged\",\"slug\":\"" + slug + "\",\"ownerEmail\":\"o@" + slug + ".example\"}")
                .post("/api/v1/accounts?dryRun=true").then().statusCode(200);
        assertEquals("true", lineOf(dry).getMdc("dryRun"));

        String bulk = slug + "-bulk";
        given().header("X-Request-Id", bulk).contentType("application/x-ndjson")
                .body(("{\"name\":\"Logged\",\"slug\":\"" + slug + "\",\"ownerEmail\":\"o@" + slug + ".example\"}\n"
                        + "{\"name\":\"\"}\n").getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/accounts/bulk").then().statusCode(200);
        ExtLogRecord line = lineOf(bulk);
        assertEquals("2", line.getMdc("lines"));
        assertEquals("1", line.getMdc("created"));
        assertNull(line.getMdc("dryRun"));
    }

    @Test
    void theOperationsRoutesAreNotLogged() throws Exception {
        String id = unique("log-probe");
        given().header("X-Request-Id", id).get("/q/health/live").then().statusCode(200);
        given().header("X-Request-Id", id).get("/q/metrics").then().statusCode(200);
        String marker = unique("log-after");
        given().header("X-Request-Id", marker).get("/api/v1/enums").then().statusCode(200);
        lineOf(marker); // written after the probes' would have been
        assertTrue(linesOf(id).isEmpty(), "no line for the probes or the metrics");
    }
}
