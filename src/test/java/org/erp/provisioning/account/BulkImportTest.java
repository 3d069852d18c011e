package org.erp.provisioning.account;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.erp.provisioning.support.LogLines;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/accounts/bulk}: one outcome per line, in order, each what a single create would answer, each line
 * all or nothing; the database holds exactly the lines answered 201, with all their domains.
 */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class BulkImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Response bulk(String body, String query) {
        return given().contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/accounts/bulk" + query);
    }

    static List<JsonNode> lines(Response response) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.asString().split("\n")) {
            try {
                lines.add(JSON.readTree(line));
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }
        return lines;
    }

    private static String account(String slug, String... domains) {
        StringBuilder list = new StringBuilder();
        for (String domain : domains) {
            list.append(list.isEmpty() ? "" : ",").append('"').append(domain).append('"');
        }
        return "{\"name\":\"Bulk " + slug + "\",\"slug\":\"" + slug + "\",\"ownerEmail\":\"ops@" + slug + ".example\""
                + (domains.length > 0 ? ",\"domains\":[" + list + "]" : "") + "}";
    }

    @Test
    void everyKindOfBadLineGetsTheProblemASingleCreateWouldAndTheOthersAreWritten() {
        String p = unique("bulk");
        Fixtures.post("/api/v1/accounts", account(p + "-held")).statusCode(201);
        String heldDomain = p + "-held.example";
        Fixtures.post("/api/v1/accounts", account(p + "-holder", heldDomain)).statusCode(201);
        String body = String.join("\n",
                account(p + "-a", p + "-a.example", p + "-a2.example"),              // 1 created with both domains
                "not json",                                                         // 2
                "[1,2]",                                                            // 3 not an object
                "{\"name\":\"X\",\"ownerEmail\":\"x@x.example\",\"colour\":\"red\"}", // 4 unknown field
                "{\"name\":\"X\",\"ownerEmail\":\"x@x.example\",\"planTier\":\"gold\"}", // 5 unknown label
                account(p + "-held"),                                               // 6 slug taken already
                account(p + "-a"),                                                  // 7 slug repeated in the stream
                account(p + "-b", p + "-b.example", heldDomain.toUpperCase()),      // 8 domain taken
                "",                                                                 // 9 blank: skipped
                "   ",                                                              // 10 blank: skipped
                "{\"name\":\"" + "x".repeat(70 * 1024) + "\",\"ownerEmail\":\"x@x.example\"}", // 11 over the line limit
                account(p + "-c", p + "-a2.example"),                               // 12 domain repeated in the stream
                account(p + "-d"));                                                 // 13 created
        Response response = bulk(body, "");
        assertEquals(200, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("application/x-ndjson"), response.contentType());
        List<JsonNode> lines = lines(response);
        assertEquals(12, lines.size(), "11 outcomes (blank lines get none) and the summary: " + lines);

        JsonNode created = lines.get(0);
        assertEquals(1, created.path("line").asInt());
        assertEquals(201, created.path("status").asInt());
        String first = created.path("account").path("id").asText();
        assertEquals("/api/v1/accounts/" + first, created.path("location").asText());
        assertEquals(p + "-a", created.path("account").path("slug").asText());

        assertProblem(lines.get(1), 2, 400, "malformed-request");
        assertProblem(lines.get(2), 3, 400, "malformed-request");
        assertProblem(lines.get(3), 4, 400, "malformed-request");
        assertEquals("colour", lines.get(3).path("problem").path("errors").path(0).path("field").asText());
        assertProblem(lines.get(4), 5, 400, "invalid-enum-value");
        assertEquals("planTier", lines.get(4).path("problem").path("errors").path(0).path("field").asText());
        assertProblem(lines.get(5), 6, 409, "slug-taken");
        assertTrue(lines.get(5).path("problem").path("existing").asText().startsWith("/api/v1/accounts/"));
        assertProblem(lines.get(6), 7, 409, "slug-taken");
        assertEquals("/api/v1/accounts/" + first, lines.get(6).path("problem").path("existing").asText(),
                "the repeated slug names the account an earlier line created");
        assertProblem(lines.get(7), 8, 409, "domain-taken");
        assertEquals("domains[1]", lines.get(7).path("problem").path("errors").path(0).path("field").asText());
        assertEquals(heldDomain.toUpperCase(), lines.get(7).path("problem").path("errors").path(0).path("rejectedValue").asText());
        assertProblem(lines.get(8), 11, 413, "payload-too-large");
        assertProblem(lines.get(9), 12, 409, "domain-taken");
        assertTrue(lines.get(9).path("problem").path("existing").asText().startsWith("/api/v1/accounts/" + first + "/domains/"),
                "the repeated domain names the domain an earlier line created");
        assertEquals(201, lines.get(10).path("status").asInt());
        assertEquals(13, lines.get(10).path("line").asInt());

        JsonNode summary = lines.get(11).path("summary");
        assertEquals(11, summary.path("lines").asInt());
        assertEquals(2, summary.path("created").asInt());
        assertEquals(9, summary.path("failed").asInt());

        assertEquals(2, Fixtures.count("accounts", "slug LIKE '" + p + "-%' AND slug NOT IN ('" + p + "-held', '" + p + "-holder')"),
                "exactly the lines answered 201");
        assertEquals(2, Fixtures.count("partner_domains", "account_id = '" + first + "'"), "with all their domains");
        assertEquals(0, Fixtures.count("partner_domains", "domain = '" + p + "-b.example'"), "a refused line wrote nothing");
        assertEquals(0, Fixtures.count("accounts", "slug IN ('" + p + "-b', '" + p + "-c')"));
    }

    @Test
    void aDryRunAnswersEveryLineAndWritesNothing() {
        String p = unique("bulk-dry");
        long before = Fixtures.count("accounts", "true");
        Response response = bulk(account(p + "-a", p + "-a.example") + "\n" + account(p + "-b") + "\n{\"name\":\"\"}\n", "?dryRun=true");
        List<JsonNode> lines = lines(response);
        assertEquals(200, lines.get(0).path("status").asInt());
        assertEquals(p + "-a", lines.get(0).path("account").path("slug").asText());
        assertFalse(lines.get(0).has("location"), "nothing was created, so nothing is located");
        assertEquals(200, lines.get(1).path("status").asInt());
        assertEquals("validation-failed", lines.get(2).path("problem").path("code").asText());
        assertEquals(2, lines.get(3).path("summary").path("created").asInt());
        assertEquals(before, Fixtures.count("accounts", "true"), "nothing written");
        assertEquals(0, Fixtures.count("partner_domains", "domain = '" + p + "-a.example'"));
    }

    /**
     * A dry run answers a slug or domain repeated in the stream as the real run then does, line for line: the repeat is
     * a 409 naming the account the earlier line would create; a value of a refused line stays free; what the database
     * holds comes first, as in the real run. Nothing is written.
     */
    @Test
    void aDryRunAnswersARepeatedSlugOrDomainAsTheRealRunDoes() {
        String p = unique("bulk-dry-repeat");
        String slugHolder = Fixtures.post("/api/v1/accounts", account(p + "-x")).statusCode(201).extract().path("id");
        String domainHolder = Fixtures.post("/api/v1/accounts", account(p + "-y", p + "-held.example")).statusCode(201)
                .extract().path("id");
        String body = String.join("\n",
                account(p + "-a", p + "-a.example"),                   // 1 created
                account(p + "-a"),                                     // 2 its slug again: 409 slug-taken
                account(p + "-b", p + "-b.example", p + "-a.example"), // 3 line 1's domain: 409 domain-taken
                "{\"name\":\"\",\"slug\":\"" + p + "-c\"}",              // 4 refused: blank name
                account(p + "-c"),                                     // 5 the refused line's slug is free: created
                account(p + "-d"),                                     // 6 created
                account(p + "-b", p + "-b.example"),                   // 7 line 3 created nothing: created
                account(p + "-d", p + "-d.example"),                   // 8 line 6's slug: 409 slug-taken
                account(p + "-x", p + "-a.example"),                   // 9 line 1's domain, a slug held: slug-taken, X
                account(p + "-e", p + "-held.example", p + "-a.example")); // 10 both domains taken, Y's first
        long before = Fixtures.count("accounts", "true");
        List<JsonNode> dry = lines(bulk(body, "?dryRun=true"));
        assertEquals(before, Fixtures.count("accounts", "true"), "a dry run writes nothing");
        UUID first = UUID.fromString(dry.get(0).path("account").path("id").asText());
        JsonNode slugTaken = dry.get(1).path("problem");
        assertEquals("slug-taken", slugTaken.path("code").asText());
        assertEquals("/api/v1/accounts/" + first, slugTaken.path("existing").asText(), "the would-be holder");
        JsonNode domainTaken = dry.get(2).path("problem");
        assertEquals("domain-taken", domainTaken.path("code").asText());
        assertEquals("domains[1]", domainTaken.path("errors").path(0).path("field").asText());
        assertEquals("/api/v1/accounts/" + first, domainTaken.path("errors").path(0).path("existing").asText());
        assertEquals("/api/v1/accounts/" + slugHolder, dry.get(8).path("problem").path("existing").asText());
        assertTrue(dry.get(9).path("problem").path("existing").asText().startsWith("/api/v1/accounts/" + domainHolder + "/domains/"));
        assertEquals("/api/v1/accounts/" + first, dry.get(9).path("problem").path("errors").path(1).path("existing").asText());
        assertEquals(4, dry.get(10).path("summary").path("created").asInt());

        List<JsonNode> real = lines(bulk(body, ""));
        for (int i = 0; i < 10; i++) {
            assertEquals(outcome(real.get(i)).replace("201", "200"), outcome(dry.get(i)), "line " + (i + 1));
        }
        for (int i : new int[] {8, 9}) {
            assertEquals(real.get(i).path("problem").path("existing"), dry.get(i).path("problem").path("existing"),
                    "a holder in the database is named alike, line " + (i + 1));
        }
        assertEquals(4, real.get(10).path("summary").path("created").asInt());
    }

    /** A line's status and, when refused, its problem code and the fields of its errors. */
    private static String outcome(JsonNode line) {
        StringBuilder outcome = new StringBuilder(line.path("status").asText()).append(' ').append(line.path("problem").path("code").asText());
        line.path("problem").path("errors").forEach(error -> outcome.append(' ').append(error.path("field").asText()));
        return outcome.toString();
    }

    /** The lines answered, counted by status and problem code: {@code erp_bulk_lines_total}. */
    private static double linesCounted(String status, String code) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("erp_bulk_lines_total{") && line.contains("status=\"" + status + "\"")
                        && line.contains("code=\"" + code + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void theLinesAreCountedByOutcome() {
        String p = unique("bulk-counted");
        double created = linesCounted("201", "");
        double refused = linesCounted("400", "validation-failed");
        double taken = linesCounted("409", "slug-taken");
        lines(bulk(account(p + "-1") + "\n" + account(p + "-2") + "\n{\"name\":\"\"}\n" + account(p + "-1") + "\n", ""));
        assertEquals(created + 2, linesCounted("201", ""));
        assertEquals(refused + 1, linesCounted("400", "validation-failed"));
        assertEquals(taken + 1, linesCounted("409", "slug-taken"));
    }

    @Test
    void reSendingTheSameLinesIsSafe() {
        String p = unique("bulk-again");
        String body = account(p + "-a", p + "-a.example") + "\n" + account(p + "-b");
        List<JsonNode> first = lines(bulk(body, ""));
        List<JsonNode> again = lines(bulk(body, ""));
        assertEquals(201, first.get(0).path("status").asInt());
        assertEquals(409, again.get(0).path("status").asInt());
        assertEquals(first.get(0).path("location").asText(), again.get(0).path("problem").path("existing").asText(),
                "a written line answers 409 naming what the first try created");
        assertEquals(1, Fixtures.count("accounts", "slug = '" + p + "-a'"));
    }

    @Test
    void manyLinesAreWrittenInBatchesAndEachIsAnswered() {
        String p = unique("bulk-many");
        StringBuilder body = new StringBuilder();
        int count = 2500;
        for (int i = 0; i < count; i++) {
            // Every 100th line repeats the slug of the line before it: it is refused, naming that line's account.
            String slug = p + "-" + (i % 100 == 99 ? i - 1 : i);
            body.append(account(slug, slug + ".example")).append('\n');
        }
        List<JsonNode> lines = lines(bulk(body.toString(), ""));
        assertEquals(count + 1, lines.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i + 1, lines.get(i).path("line").asInt(), "in input order");
            assertEquals(i % 100 == 99 ? 409 : 201, lines.get(i).path("status").asInt(), lines.get(i).toString());
        }
        assertEquals(count - count / 100, lines.get(count).path("summary").path("created").asInt());
        assertEquals(count - count / 100, Fixtures.count("accounts a", "a.slug LIKE '" + p + "-%' AND"
                + " (SELECT count(*) FROM partner_domains d WHERE d.account_id = a.id) = 1"));
    }

    /**
     * A line that repeats the slug or a domain of an earlier line, one batch or two before its own, is refused naming
     * the earlier line's account, which keeps the value.
     */
    @Test
    void aValueRepeatedAcrossBatchesStaysWithTheEarlierLine() {
        String p = unique("bulk-across");
        int count = 3000;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            boolean repeatsSlug = i >= 600 && i % 50 == 0;
            boolean repeatsDomain = i >= 1100 && i % 50 == 25;
            String slug = p + "-" + (repeatsSlug ? i - 545 : i);
            String domain = p + "-" + (repeatsDomain ? i - 1040 : i) + ".example";
            body.append(i % 2 == 0 ? account(slug, domain) : account(slug, domain, "www." + p + "-" + i + ".example")).append('\n');
        }
        List<JsonNode> lines = lines(bulk(body.toString(), ""));
        assertEquals(count + 1, lines.size());
        for (int i = 0; i < count; i++) {
            JsonNode outcome = lines.get(i);
            if (i >= 600 && i % 50 == 0) {
                assertProblem(outcome, i + 1, 409, "slug-taken");
                assertEquals(lines.get(i - 545).path("location").asText(), outcome.path("problem").path("existing").asText(),
                        "names the account of line " + (i - 544));
            } else if (i >= 1100 && i % 50 == 25) {
                assertProblem(outcome, i + 1, 409, "domain-taken");
                assertEquals(lines.get(i - 1040).path("location").asText(),
                        outcome.path("problem").path("errors").path(0).path("existing").asText().replaceAll("/domains/.*", ""),
                        "names the account of line " + (i - 1039));
            } else {
                assertEquals(201, outcome.path("status").asInt(), outcome.toString());
            }
        }
        int refused = (count - 600) / 50 + (count - 1100 + 24) / 50;
        assertEquals(count - refused, lines.get(count).path("summary").path("created").asInt());
        assertEquals(count - refused, Fixtures.count("accounts", "slug LIKE '" + p + "-%'"));
    }

    /**
     * Refused lines mixed in all along a long stream (as the benchmark's 5 %): every batch is cut short by a repeated
     * slug and has lines left out by its statement, and each line still gets exactly its own answer.
     */
    @Test
    void aLongStreamWithRefusedLinesMixedInAnswersEachLineAsItsOwn() {
        String p = unique("bulk-mixed");
        int count = 6000;
        List<String> held = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            String slug = p + "-" + i;
            if (i % 20 == 0 && i % 60 == 20) {
                slug = p + "-held-" + i; // held by an account there before the stream
                held.add(slug);
            } else if (i % 20 == 0 && i % 60 == 40) {
                slug = p + "-" + (i - 10); // created ten lines earlier in the stream
            }
            body.append(i % 60 == 0 ? "{\"name\":\"\"}" : account(slug)).append('\n');
        }
        for (String slug : held) {
            Fixtures.post("/api/v1/accounts", account(slug)).statusCode(201);
        }
        List<JsonNode> lines = lines(bulk(body.toString(), ""));
        assertEquals(count + 1, lines.size());
        for (int i = 1; i <= count; i++) {
            int expected = i % 60 == 0 ? 400 : i % 20 == 0 ? 409 : 201;
            assertEquals(expected, lines.get(i - 1).path("status").asInt(), lines.get(i - 1).toString());
            if (i % 20 == 0 && i % 60 == 40) {
                assertEquals(lines.get(i - 11).path("location").asText(),
                        lines.get(i - 1).path("problem").path("existing").asText(), "names line " + (i - 10));
            }
        }
        int created = count - count / 20;
        assertEquals(created, lines.get(count).path("summary").path("created").asInt());
        assertEquals(created + held.size(), Fixtures.count("accounts", "slug LIKE '" + p + "-%'"));
    }

    /**
     * A client that cuts the connection mid-stream: the lines it was answered 201 are in the database with their domains,
     * the lines not answered may or may not be written, and none is half-written. The audit (the access line) says the
     * answer was cut off and counts at least the lines answered, and no more than were written.
     */
    @Test
    void aStreamCutByTheClientLeavesTheAnsweredLinesWrittenAndNothingHalfWritten() throws Exception {
        String p = unique("bulk-cut");
        String requestId = unique("bulk-cut");
        List<String> answered = new ArrayList<>();
        try (LogLines audit = LogLines.accessLog(); LogLines warnings = LogLines.warnings()) {
            cutStream(p, requestId, answered);
            assertEquals(10, answered.size());
            Thread.sleep(1000); // what was in flight settles
            for (String slug : answered) {
                assertEquals(2, Fixtures.count("partner_domains d JOIN accounts a ON a.id = d.account_id", "a.slug = '" + slug + "'"),
                        "answered 201, written with both domains: " + slug);
            }
            assertEquals(0, Fixtures.count("accounts a", "a.slug LIKE '" + p + "-%' AND"
                    + " (SELECT count(*) FROM partner_domains d WHERE d.account_id = a.id) <> 2"), "none half-written");
            long giveUp = System.nanoTime() + 10_000_000_000L;
            while (audit.of(requestId).isEmpty() && System.nanoTime() < giveUp) {
                Thread.sleep(50);
            }
            assertEquals(1, audit.of(requestId).size(), "one access line");
            ExtLogRecord line = audit.of(requestId).get(0);
            assertEquals("-", line.getMdc("status"));
            assertNull(line.getMdc("problemCode"), "a client that went away is no failure of the service");
            assertEquals(List.of(), warnings.messages(requestId));
            long created = Long.parseLong(line.getMdc("created"));
            assertTrue(created >= 10 && created <= Fixtures.count("accounts", "slug LIKE '" + p + "-%'"),
                    "created " + created + ": the ten answered, and no more than were written");
            assertTrue(Long.parseLong(line.getMdc("lines")) >= created, line.getMdc("lines"));
        }
        // The service goes on serving streams.
        assertEquals(201, lines(bulk(account(p + "-after"), "")).get(0).path("status").asInt());
    }

    /**
     * Sends twenty lines, reads the answers up to the tenth line's, and cuts the connection without the last chunk, with
     * a reset: the service's reading of the request fails as well as its writing.
     */
    private static void cutStream(String p, String requestId, List<String> answered) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoLinger(true, 0);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/accounts/bulk HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n"
                    + "X-Request-Id: " + requestId + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < 20; i++) {
                byte[] line = (account(p + "-" + i, p + "-" + i + ".example", "www." + p + "-" + i + ".example") + "\n")
                        .getBytes(StandardCharsets.UTF_8);
                out.write((Integer.toHexString(line.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(line);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (i == 9) {
                    // Read answers until the tenth line's: ten lines answered, ten more sent or in flight.
                    String read;
                    while ((read = in.readLine()) != null) {
                        if (read.startsWith("{\"line\"")) {
                            JsonNode outcome = JSON.readTree(read);
                            assertEquals(201, outcome.path("status").asInt(), read);
                            answered.add(outcome.path("account").path("slug").asText());
                            if (outcome.path("line").asInt() == 10) {
                                break;
                            }
                        }
                    }
                }
            }
        } // cut, without the last chunk
    }

    /**
     * Backpressure: a client that sends lines without reading the answers is slowed down by the service, which stops
     * reading the request once the answers back up, instead of holding them: the sending blocks well before it is done.
     */
    @Test
    void aClientThatDoesNotReadTheAnswersIsSlowedDown() throws Exception {
        String p = unique("bulk-slow");
        int lines = 100_000;
        AtomicLong sent = new AtomicLong();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    out.write(("POST /api/v1/accounts/bulk?dryRun=true HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < lines; i += 100) {
                        StringBuilder chunk = new StringBuilder();
                        for (int j = i; j < i + 100; j++) {
                            chunk.append(account(p + "-" + j)).append('\n');
                        }
                        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
                        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(bytes);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        sent.addAndGet(100);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (Exception cut) {
                    // the socket closed below
                }
            });
            long stalled = -1;
            for (int second = 0; second < 20 && stalled != sent.get(); second++) {
                stalled = sent.get();
                Thread.sleep(1000);
            }
            assertEquals(stalled, sent.get(), "the sending stalled");
            assertTrue(sent.get() < lines, "the service stopped reading the request: " + sent.get() + " of " + lines + " lines sent");
            // Reading the answers lets the rest through.
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String read;
            String last = null;
            while ((read = in.readLine()) != null && !read.startsWith("{\"summary\"")) {
                last = read;
            }
            sending.get(30, TimeUnit.SECONDS);
            assertTrue(read != null && read.contains("\"lines\":" + lines), "every line answered: " + read + " after " + last);
        }
    }

    private static void assertProblem(JsonNode outcome, int line, int status, String code) {
        assertEquals(line, outcome.path("line").asInt(), outcome.toString());
        assertEquals(status, outcome.path("status").asInt(), outcome.toString());
        assertEquals(status, outcome.path("problem").path("status").asInt(), outcome.toString());
        assertEquals(code, outcome.path("problem").path("code").asText(), outcome.toString());
        assertEquals("/api/v1/accounts/bulk", outcome.path("problem").path("instance").asText(), outcome.toString());
        assertFalse(outcome.has("account"), outcome.toString());
    }
}
