package org.erp.provisioning.persistence;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.SettingUnderTest;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * A test of the setting {@code erp.db.pipelined-connections} above 0 (off by default): a create, alone or with
 * domains, is one statement on the pipelined client, and answers exactly as through the pool; a create queued behind
 * slow ones is a 503 at the deadline.
 */
@QuarkusTest
@TestProfile(PipeliningOnTest.Pipelining.class)
@WithTestResource(EvaDatabase.class)
class PipeliningOnTest {

    public static class Pipelining implements QuarkusTestProfile, SettingUnderTest {

        @Override
        public String settingUnderTest() {
            return "erp.db.pipelined-connections above 0, off by default";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("erp.db.pipelined-connections", "2");
        }
    }

    @Test
    void anAccountAloneIsWrittenOnThePipelinedClientWithTheSameAnswers() {
        String slug = unique("pipelined");
        String body = """
                {"name":"Pipelined","slug":"%s","ownerEmail":"o@x.example","subscriptionStatus":"PAST DUE"}""".formatted(slug);
        post("/api/v1/accounts", body).statusCode(201)
                .body("slug", equalTo(slug)).body("subscriptionStatus", equalTo("past_due"));
        assertEquals(1, Fixtures.count("accounts", "slug = '" + slug + "' AND subscription_status = 'past_due'"));
        post("/api/v1/accounts", body).statusCode(409).body("code", equalTo("slug-taken"));
        post("/api/v1/accounts", """
                {"name":"Fault","slug":"%s","ownerEmail":"sqlstate-40001@fault.example"}""".formatted(unique("fault")))
                .statusCode(503).body("code", equalTo("database-busy"));
        // The pipelined client has its own pool, and the INSERTs above went through it.
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("sql_pool_queue_size{pool_name=\"eva-pipelined\""))
                .body(containsString("postgresql_processing_seconds_count{clientName=\"eva-pipelined\""));
        assertTrue(pipelinedUsage() > 0, "the pipelined pool served the creates");
    }

    @Test
    void anAccountWithDomainsIsOneStatementOnThePipelinedClient() throws InterruptedException {
        String slug = unique("pipelined-domains");
        // A use by the other test may still be on its way: read the count once it holds still.
        double before = pipelinedUsage();
        double settled;
        do {
            settled = before;
            Thread.sleep(100);
            before = pipelinedUsage();
        } while (before != settled);
        post("/api/v1/accounts", """
                {"name":"Pipelined","slug":"%s","ownerEmail":"o@x.example","domains":["www.%s.example","shop.%s.example"]}"""
                .formatted(slug, slug, slug)).statusCode(201).body("slug", equalTo(slug));
        // The pool records a use when the connection is given back, which may come just after the answer.
        long giveUp = System.nanoTime() + 2_000_000_000L;
        while (pipelinedUsage() < before + 1 && System.nanoTime() < giveUp) {
            Thread.sleep(20);
        }
        assertEquals(before + 1, pipelinedUsage(), "the account and both domains: one statement, one use of the pipelined pool");
        assertEquals(2, Fixtures.count("partner_domains", "domain LIKE '%." + slug + ".example' AND account_id ="
                + " (SELECT id FROM accounts WHERE slug = '" + slug + "') AND status = 'pending'"));

        // A taken domain refuses the whole statement: no account, no other domain.
        String second = unique("pipelined-domains");
        post("/api/v1/accounts", """
                {"name":"Second","slug":"%s","ownerEmail":"o@x.example","domains":["new.%s.example","shop.%s.example"]}"""
                .formatted(second, second, slug)).statusCode(409).body("code", equalTo("domain-taken"))
                .body("errors[0].field", equalTo("domains[1]"));
        assertEquals(0, Fixtures.count("accounts", "slug = '" + second + "'"));
        assertEquals(0, Fixtures.count("partner_domains", "domain = 'new." + second + ".example'"));
    }

    /**
     * Creates queued on the two pipelined connections behind slow ones (3 s each): at least four queue on one of them,
     * so the fourth is still waiting at the 10 s deadline. It is a 503 saying it may have been committed, since its
     * statement was handed to the connection and runs on after the request gave up; it is never a 500.
     */
    @Test
    void aCreateQueuedBehindSlowOnesIsUnavailableAtTheDeadline() {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Response> answers;
        try {
            answers = IntStream.range(0, 8).mapToObj(i -> CompletableFuture.supplyAsync(() -> given()
                    .contentType(ContentType.JSON).body("""
                            {"name":"Slow","slug":"%s","ownerEmail":"sleep-3@fault.example"}""".formatted(unique("queued")))
                    .post("/api/v1/accounts"), clients)).toList().stream().map(CompletableFuture::join).toList();
        } finally {
            clients.shutdownNow();
        }
        assertTrue(answers.stream().allMatch(a -> a.statusCode() == 201 || a.statusCode() == 503), "201 or 503 only");
        List<Response> late = answers.stream().filter(a -> a.statusCode() == 503).toList();
        assertTrue(!late.isEmpty(), "the last in a pipeline waited past the deadline");
        assertTrue(late.stream().allMatch(a -> "database-unavailable".equals(a.path("code"))
                && a.<String>path("detail").contains("may have been committed")), "each says it may have been committed");
        // The queued statements run on after their requests gave up; the client goes on serving.
        post("/api/v1/accounts", """
                {"name":"After","slug":"%s","ownerEmail":"o@x.example"}""".formatted(unique("after"))).statusCode(201);
    }

    /** How many times a connection of the pipelined pool was used, from {@code sql_pool_usage_seconds_count}. */
    private static double pipelinedUsage() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("sql_pool_usage_seconds_count{") && line.contains("pool_name=\"eva-pipelined\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
