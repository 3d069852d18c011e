package org.erp.provisioning.tracing;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.ConfigProvider;
import org.erp.provisioning.support.LogLines;
import org.erp.provisioning.support.OtlpReceiver;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * A create sent with a W3C {@code traceparent} reaches the OTLP receiver as one trace that continues the
 * caller's: the HTTP server span is the caller's child, and each SQL statement is a span inside it, named by
 * statement kind and table, without the bound values.
 */
abstract class TraceExport {

    private final String protocol;

    TraceExport(String protocol) {
        this.protocol = protocol;
    }

    @Test
    void aCreatesTraceContinuesTheCallersAndHoldsItsSqlStatements() throws Exception {
        String traceId = hex(16);
        String callerSpanId = hex(8);
        String slug = unique("traced");
        String email = "owner@" + slug + ".example";
        String requestId = "traced-" + slug;
        try (LogLines accessLog = LogLines.accessLog()) {
            given().header("X-Request-Id", requestId)
                    .header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01").contentType(ContentType.JSON)
                    .body("{\"name\":\"Traced\",\"slug\":\"" + slug + "\",\"ownerEmail\":\"" + email + "\"}")
                    .when().post("/api/v1/accounts").then().statusCode(201);
            assertTraceReceived(traceId, callerSpanId, email, requestId, accessLog);
        }
    }

    /** A bulk import is one trace too: its server span continues the caller's, its batch statements are inside it. */
    @Test
    void aBulkImportsTraceHoldsItsBatchStatements() throws Exception {
        String traceId = hex(16);
        String callerSpanId = hex(8);
        String slug = unique("traced-bulk");
        String email = "owner@" + slug + ".example";
        String lines = "{\"name\":\"Traced\",\"slug\":\"" + slug + "\",\"ownerEmail\":\"" + email + "\"}\n"
                + "{\"name\":\"Traced too\",\"slug\":\"" + slug + "-2\",\"ownerEmail\":\"" + email + "\"}\n";
        given().header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01").contentType("application/x-ndjson")
                .body(lines.getBytes(StandardCharsets.UTF_8)).when().post("/api/v1/accounts/bulk").then().statusCode(200)
                .body(containsString("\"created\":2"));
        List<Map<String, Object>> trace = waitForTrace(traceId);
        Map<String, Object> server = trace.stream().filter(span -> "SERVER".equals(kindOf(span))).findFirst()
                .orElseThrow(() -> new AssertionError("no server span in " + trace));
        assertEquals(callerSpanId, server.get("parentSpanId"), server.toString());
        assertEquals("POST /api/v1/accounts/bulk", server.get("name"), server.toString());
        assertTrue(trace.stream().anyMatch(span -> "CLIENT".equals(kindOf(span))
                && String.valueOf(span.get("name")).startsWith("INSERT")
                && String.valueOf(span.get("name")).contains("accounts")), "the batch's INSERT INTO accounts: " + trace);
        assertFalse(trace.toString().contains(email), "no bound value in any span: " + trace);
    }

    private void assertTraceReceived(String traceId, String callerSpanId, String email, String requestId,
                                     LogLines accessLog) throws InterruptedException {
        List<Map<String, Object>> trace = waitForTrace(traceId);
        Map<String, Object> server = trace.stream().filter(span -> "SERVER".equals(kindOf(span))).findFirst()
                .orElseThrow(() -> new AssertionError("no server span in " + trace));
        assertEquals(callerSpanId, server.get("parentSpanId"), "the server span is the caller's child: " + server);
        assertEquals("POST /api/v1/accounts", server.get("name"), server.toString());
        ExtLogRecord line = accessLog.of(requestId).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no access log line for " + requestId));
        assertEquals(traceId, line.getMdc("traceId"), "the log line leads to the trace");
        assertEquals(server.get("spanId"), line.getMdc("spanId"), "and to the request's span");

        List<Map<String, Object>> sql = trace.stream().filter(span -> "CLIENT".equals(kindOf(span))).toList();
        assertTrue(sql.stream().anyMatch(span -> String.valueOf(span.get("name")).startsWith("INSERT")
                && String.valueOf(span.get("name")).contains("accounts")), "an INSERT INTO accounts span: " + trace);
        assertFalse(trace.toString().contains(email), "no bound value in any span: " + trace);
        assertTrue(sql.stream().allMatch(span -> protocol.equals(span.get("receivedOver"))), trace.toString());
    }

    private static String kindOf(Map<String, Object> span) {
        return String.valueOf(span.get("kind")).replace("SPAN_KIND_", "");
    }

    /** The spans of {@code traceId} once the server span has arrived (it ends last), within ten seconds. */
    private static List<Map<String, Object>> waitForTrace(String traceId) throws InterruptedException {
        String receiver = ConfigProvider.getConfig().getValue(OtlpReceiver.ADDRESS, String.class);
        List<Map<String, Object>> trace = List.of();
        for (int attempt = 0; attempt < 100; attempt++) {
            List<Map<String, Object>> received = JsonPath.from(given().baseUri(receiver).port(-1)
                    .get("/received").then().statusCode(200).extract().asString()).getList("$");
            trace = received.stream().filter(span -> traceId.equals(span.get("traceId"))).toList();
            if (trace.stream().anyMatch(span -> "SERVER".equals(kindOf(span)))) {
                return trace;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the trace " + traceId + " did not reach the receiver; it got " + trace);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros, which W3C trace context treats as invalid
        return HexFormat.of().formatHex(random);
    }
}
