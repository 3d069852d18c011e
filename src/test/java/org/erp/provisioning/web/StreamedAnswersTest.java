package org.erp.provisioning.web;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.erp.provisioning.support.LogLines;
import org.erp.provisioning.support.EvaDatabase;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A streamed answer (here the export) that ends early, after its 200 head was sent, on the settings that ship. The
 * routing context's end handlers are often not called then (Quarkus REST resets the response): {@link StreamedAnswers}
 * writes the access line. The bulk import's line, counting what it wrote before its client went away, is in
 * {@code BulkImportTest}.
 */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class StreamedAnswersTest {

    // Far more than the kernel buffers between the service and a client that does not read (a few MiB).
    private static final int ACCOUNTS = 50_000;
    private static String prefix;

    @BeforeAll
    static void manyAccounts() {
        prefix = unique("streamed");
        EvaDatabase.sql("INSERT INTO accounts (name, slug, owner_email, subscription_status, plan_tier, billing_interval)"
                + " SELECT 'Streamed ' || i, '" + prefix + "-' || i, 'ops@streamed.example', 'active', 'growth', 'annual'"
                + " FROM generate_series(1, " + ACCOUNTS + ") i");
    }

    /** The client goes away: the line says the answer was cut off, with no problem; it is not an error of the service. */
    @Test
    void aClientThatGoesAwayGetsItsLineAndNoError() throws Exception {
        String requestId = unique("gone");
        try (LogLines lines = LogLines.accessLog(); LogLines warnings = LogLines.warnings()) {
            try (Socket socket = export(requestId)) {
                assertTrue(firstAccount(socket) != null, "the export started");
            }
            ExtLogRecord line = lineOf(lines, requestId);
            assertEquals("-", line.getMdc("status"));
            assertEquals("/api/v1/accounts", line.getMdc("route"));
            assertNull(line.getMdc("problemCode"));
            assertTrue(line.getMessage().contains("cut off"), line.getMessage());
            assertEquals(List.of(), warnings.messages(requestId), "a client going away is not a failure of the service");
        }
    }

    /**
     * The export's database connection is lost halfway (its backend terminated): the client sees the answer cut (no last
     * chunk) rather than a shorter list that looks whole; the line carries the problem, which is logged as any request's
     * 503 is, and the next export is served in full.
     */
    @Test
    void aDatabaseFailureHalfwayCutsTheAnswerAndSaysWhy() throws Exception {
        String requestId = unique("cut");
        try (LogLines lines = LogLines.accessLog(); LogLines warnings = LogLines.warnings();
             Socket socket = export(requestId)) {
            BufferedReader in = firstAccount(socket);
            assertTrue(in != null, "the export started");
            // The export still reads: the client has taken one account of many.
            assertEquals("1", EvaDatabase.sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE usename = 'erp_provisioning' AND query LIKE 'SELECT id, name, slug%' AND state <> 'idle'"));
            int read = 1;
            boolean lastChunk = false;
            try {
                String text;
                while (!lastChunk && (text = in.readLine()) != null) {
                    read += text.startsWith("{") ? 1 : 0;
                    lastChunk = text.equals("0"); // the chunk that ends a whole answer
                }
            } catch (SocketException reset) {
                // the connection was reset: cut as well (a read timeout is not: it fails the test)
            }
            assertFalse(lastChunk, "the answer ended as a whole one does, after " + read + " accounts");
            assertTrue(read < ACCOUNTS, read + " accounts read");
            ExtLogRecord line = lineOf(lines, requestId);
            assertEquals("-", line.getMdc("status"));
            assertEquals("database-unavailable", line.getMdc("problemCode"));
            // Logged as any request's 503 is: one WARN, no stack trace.
            assertEquals(1, warnings.messages(requestId).size(), warnings.messages(requestId).toString());
            assertTrue(warnings.messages(requestId).get(0).startsWith("WARN database-unavailable on GET /api/v1/accounts"),
                    warnings.messages(requestId).get(0));
        }
        String whole = given().accept("application/x-ndjson").get("/api/v1/accounts?q=" + prefix).then().statusCode(200)
                .extract().asString();
        assertEquals(ACCOUNTS, whole.lines().filter(text -> text.startsWith("{")).count(), "the next export is whole");
    }

    /** Asks for the export of this test's accounts on a socket of its own that reads slowly. */
    private static Socket export(String requestId) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096); // before connecting, so that the window offered is small from the start
        socket.setSoTimeout(20_000);
        socket.connect(new InetSocketAddress("localhost", RestAssured.port));
        socket.getOutputStream().write(("GET /api/v1/accounts?q=" + prefix + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept: application/x-ndjson\r\nX-Request-Id: " + requestId + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    /** Reads up to the first account line; the reader, or null if the answer ended before one. */
    private static BufferedReader firstAccount(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String text;
        while ((text = in.readLine()) != null) {
            if (text.startsWith("{")) {
                return in;
            }
        }
        return null;
    }

    /** The one access line of the request, waited for: it is written when the service sees the end. */
    private static ExtLogRecord lineOf(LogLines lines, String requestId) throws InterruptedException {
        long giveUp = System.nanoTime() + 10_000_000_000L;
        while (lines.of(requestId).isEmpty() && System.nanoTime() < giveUp) {
            Thread.sleep(50);
        }
        Thread.sleep(200); // a second line would come now
        assertEquals(1, lines.of(requestId).size(), "one access line");
        return lines.of(requestId).get(0);
    }
}
