package org.erp.provisioning.account;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/accounts} with {@code Accept: application/x-ndjson}: every matching account, one per line, from one
 * snapshot; a client that goes away ends the query and gives its connection back.
 */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class AccountExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Creates {@code count} accounts through bulk imports of at most 5 000 lines each: REST Assured sends a whole body
     * before it reads the answer, and an import answers while it reads, so a larger one would wait on this client.
     */
    private static String importAccounts(String prefix, int count) {
        for (int from = 0; from < count; from += 5000) {
            StringBuilder body = new StringBuilder();
            for (int i = from; i < Math.min(count, from + 5000); i++) {
                body.append("{\"name\":\"Export ").append(i).append("\",\"slug\":\"").append(prefix).append('-').append(i)
                        .append("\",\"ownerEmail\":\"ops@export.example\",\"planTier\":\"")
                        .append(i % 2 == 0 ? "growth" : "free").append("\"}\n");
            }
            Response imported = given().contentType("application/x-ndjson")
                    .body(body.toString().getBytes(StandardCharsets.UTF_8)).post("/api/v1/accounts/bulk");
            assertTrue(imported.asString().contains("\"created\":" + (Math.min(count, from + 5000) - from)),
                    imported.asString().lines().reduce((a, b) -> b).orElse(""));
        }
        return prefix;
    }

    private static List<JsonNode> export(String query) throws Exception {
        Response response = given().accept("application/x-ndjson").get("/api/v1/accounts" + query);
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("application/x-ndjson", response.contentType().split(";")[0]);
        List<JsonNode> rows = new ArrayList<>();
        for (String line : response.asString().split("\n")) {
            if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }

    @Test
    void everyMatchingAccountIsOneLineAsTheTableHoldsIt() throws Exception {
        String p = importAccounts(unique("export"), 1200);
        List<JsonNode> rows = export("?q=" + p);
        assertEquals(1200, rows.size());
        Set<String> slugs = new HashSet<>();
        rows.forEach(row -> slugs.add(row.path("slug").asText()));
        assertEquals(1200, slugs.size(), "each account once");
        assertEquals(rows.get(0).path("id").asText(), EvaDatabase.sql("SELECT id FROM accounts WHERE slug = '"
                + rows.get(0).path("slug").asText() + "'"));
        List<JsonNode> growth = export("?q=" + p + "&planTier=GROWTH");
        assertEquals(600, growth.size(), "the list's filters, enum spellings included");
        assertTrue(growth.stream().allMatch(row -> row.path("planTier").asText().equals("growth")));
        // Every account of the table, with no filter.
        assertEquals(Long.parseLong(EvaDatabase.sql("SELECT count(*) FROM accounts")), export("").size());
    }

    @Test
    void pagingIsRefusedAndAClientAcceptingAnythingGetsAPage() {
        given().accept("application/x-ndjson").queryParam("limit", 10).get("/api/v1/accounts").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        given().accept("application/x-ndjson").queryParam("cursor", "abc").get("/api/v1/accounts").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        given().accept("application/x-ndjson").queryParam("planTier", "gold").get("/api/v1/accounts").then().statusCode(400)
                .body("code", equalTo("invalid-enum-value"));
        given().accept("*/*").queryParam("limit", 1).get("/api/v1/accounts").then().statusCode(200)
                .contentType("application/json");
    }

    /**
     * One snapshot: an export read slowly while accounts matching it are created meanwhile holds exactly the accounts
     * there were when it began.
     */
    @Test
    void anExportReadsOneSnapshotWhileWritesGoOn() throws Exception {
        String p = importAccounts(unique("snapshot"), 40_000);
        List<String> slugs = new ArrayList<>();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(("GET /api/v1/accounts?q=" + p + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: application/x-ndjson\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // Not read yet: once the sockets' buffers are full the export waits on this client, its query open.
            long giveUp = System.nanoTime() + 10_000_000_000L;
            while (exporting() == 0 && System.nanoTime() < giveUp) {
                Thread.sleep(20);
            }
            // The export has begun; these are created while it is read, and sort after every account before them.
            importAccounts(p + "-zz", 50);
            assertEquals(1, exporting(), "the export was still being read when they were created");
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = readAccount(in)) != null) {
                slugs.add(JSON.readTree(line).path("slug").asText());
            }
        }
        assertEquals(40_000, slugs.size(), "the accounts there were when the export began, and none created after");
        assertEquals(40_050, Fixtures.count("accounts", "slug LIKE '" + p + "-%'"));
    }

    /** A client that goes away mid-export: the query ends and its connection is given back to the pool. */
    @Test
    void aClientThatGoesAwayEndsTheQuery() throws Exception {
        String p = importAccounts(unique("gone"), 20_000);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setReceiveBufferSize(4096);
            socket.getOutputStream().write(("GET /api/v1/accounts?q=" + p + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: application/x-ndjson\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            readAccount(in);
            assertEquals(1, exporting(), "the export's query is open while it is read");
        }
        long giveUp = System.nanoTime() + 10_000_000_000L;
        while (exporting() > 0 && System.nanoTime() < giveUp) {
            Thread.sleep(50);
        }
        assertEquals(0, exporting(), "the query ended with the client");
        assertEquals(0, Fixtures.count("pg_stat_activity", "usename = 'erp_provisioning' AND state LIKE 'idle in transaction%'"),
                "no transaction left open");
    }

    /** Sessions of the service reading an export, its cursor and transaction open. */
    private static long exporting() {
        return Fixtures.count("pg_stat_activity", "usename = 'erp_provisioning' AND query LIKE 'SELECT id, name, slug%'"
                + " AND state <> 'idle'");
    }

    private static String readAccount(BufferedReader in) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("{")) {
                return line;
            }
            if (line.equals("0")) {
                return null; // the last chunk
            }
        }
        return null;
    }
}
