package org.erp.provisioning.reliability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * The database stopped in the middle of a bulk import: the lines that arrive while it is down are each answered
 * 503 database-unavailable, nothing is half-written, and once it is back the same stream writes again by itself.
 */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class BulkImportOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void linesArrivingWhileTheDatabaseIsDownAreUnavailableAndTheStreamRecovers() throws Exception {
        String p = Fixtures.unique("bulk-outage");
        List<JsonNode> outcomes = new ArrayList<>();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.write(("POST /api/v1/accounts/bulk HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            send(out, p, 0, 5);
            outcomes.addAll(read(in, 5));
            EvaDatabase.down();
            try {
                send(out, p, 5, 10);
                outcomes.addAll(read(in, 5));
            } finally {
                EvaDatabase.up();
            }
            // Once the database is back the stream writes again; the first lines may still meet the restart.
            int next = 10;
            JsonNode last;
            long giveUp = System.nanoTime() + 30_000_000_000L;
            do {
                send(out, p, next, next + 1);
                next++;
                last = read(in, 1).get(0);
                outcomes.add(last);
            } while (last.path("status").asInt() != 201 && System.nanoTime() < giveUp);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            JsonNode summary = read(in, 1).get(0);
            assertEquals(outcomes.size(), summary.path("summary").path("lines").asInt(), summary.toString());
        }

        for (int i = 0; i < 5; i++) {
            assertEquals(201, outcomes.get(i).path("status").asInt(), "before the outage: " + outcomes.get(i));
        }
        for (int i = 5; i < 10; i++) {
            JsonNode outcome = outcomes.get(i);
            assertEquals(503, outcome.path("status").asInt(), "during the outage: " + outcome);
            assertEquals("database-unavailable", outcome.path("problem").path("code").asText(), outcome.toString());
            assertEquals(i + 1, outcome.path("line").asInt());
        }
        assertEquals(201, outcomes.get(outcomes.size() - 1).path("status").asInt(), "written again after the outage");
        for (JsonNode outcome : outcomes) {
            long written = Fixtures.count("accounts", "slug = '" + p + "-" + (outcome.path("line").asInt() - 1) + "'");
            if (outcome.path("status").asInt() == 201) {
                assertEquals(1, written, "answered 201, written: " + outcome);
            } else {
                assertTrue(outcome.path("problem").path("detail").asText().contains("may have been committed") || written == 0,
                        "told nothing was written, and nothing was: " + outcome);
            }
        }
        assertEquals(0, Fixtures.count("accounts a", "a.slug LIKE '" + p + "-%' AND"
                + " (SELECT count(*) FROM partner_domains d WHERE d.account_id = a.id) <> 1"), "nothing half-written");
    }

    /**
     * A batch whose statement has committed keeps its answers whatever fails afterwards: here the look-up of who holds
     * a left-out line's slug is refused (the service may not read the slug column for a moment), and only that line is
     * told so; the line written stays 201. Before, the whole batch fell back to single creates, which met the row just
     * written and answered it 409.
     */
    @Test
    void aFailureAfterTheBatchWasWrittenIsTheLeftOutLinesAnswerAlone() throws Exception {
        String p = Fixtures.unique("bulk-after");
        Fixtures.post("/api/v1/accounts", "{\"name\":\"Held\",\"slug\":\"" + p + "-held\",\"ownerEmail\":\"o@x.example\"}")
                .statusCode(201);
        String body = "{\"name\":\"New\",\"slug\":\"" + p + "-new\",\"ownerEmail\":\"o@x.example\"}\n"
                + "{\"name\":\"Taken\",\"slug\":\"" + p + "-held\",\"ownerEmail\":\"o@x.example\"}\n";
        List<JsonNode> outcomes = new ArrayList<>();
        EvaDatabase.sql("REVOKE SELECT ON accounts FROM erp_provisioning; GRANT SELECT (id, name, owner_email,"
                + " subscription_status, plan_tier, billing_interval, trial_ends_at, created_at, updated_at) ON accounts"
                + " TO erp_provisioning");
        try {
            String answer = given().contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/accounts/bulk").then().statusCode(200).extract().asString();
            for (String line : answer.split("\n")) {
                outcomes.add(JSON.readTree(line));
            }
        } finally {
            EvaDatabase.sql("REVOKE SELECT ON accounts FROM erp_provisioning; GRANT SELECT ON accounts TO erp_provisioning");
        }
        assertEquals(201, outcomes.get(0).path("status").asInt(), "written by the batch: " + outcomes.get(0));
        assertEquals(1, Fixtures.count("accounts", "slug = '" + p + "-new'"));
        JsonNode taken = outcomes.get(1);
        assertTrue(taken.path("status").asInt() >= 400 && taken.has("problem"), taken.toString());
        assertEquals(1, Fixtures.count("accounts", "slug = '" + p + "-held'"), "the holder alone");
        assertEquals(1, outcomes.get(2).path("summary").path("created").asInt(), outcomes.get(2).toString());
    }

    private static void send(OutputStream out, String prefix, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            String slug = prefix + "-" + i;
            byte[] line = ("{\"name\":\"Outage\",\"slug\":\"" + slug + "\",\"ownerEmail\":\"o@x.example\",\"domains\":[\""
                    + slug + ".example\"]}\n").getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(line.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(line);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    /** The next {@code count} NDJSON lines of the answer, past the HTTP head and the chunk sizes. */
    private static List<JsonNode> read(BufferedReader in, int count) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        String line;
        while (lines.size() < count && (line = in.readLine()) != null) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
