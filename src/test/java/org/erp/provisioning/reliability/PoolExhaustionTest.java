package org.erp.provisioning.reliability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every connection busy with a slow statement. Transactions (here dry runs, each a transaction rolled back) wait for
 * a pooled connection and are told 503 after the acquire timeout; creates, each one statement, wait in the pipeline
 * behind the slow ones and are told 503 at the deadline. None is
 * left hanging, and both recover once the slow statements are through.
 */
@QuarkusTest
@TestProfile(PoolExhaustionTest.TinyPool.class)
@WithTestResource(EvaDatabase.class)
class PoolExhaustionTest {

    public static class TinyPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.max-size", "2", "erp.db.acquire-timeout", "300ms",
                    "erp.db.pipelined-connections", "2", "erp.db.deadline", "3s");
        }
    }

    record Answer(int status, String code, long millis) {
    }

    /**
     * The first create, and the first refusal, load and compile much of their paths: on a busy machine that takes
     * seconds. Both are run once before each test, so the timings measured are the pool's and the pipeline's alone.
     */
    @BeforeEach
    void warmUp() {
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            for (String body : List.of("""
                    {"name":"Warm","slug":"%s","ownerEmail":"w@x.example","domains":["%s.example"]}""", """
                    {"name":"Warm","slug":"%s","ownerEmail":"w@x.example"}""")) {
                createConcurrently(clients, 2, "", body).forEach(warm -> assertEquals(201, warm.status(), warm.toString()));
            }
            assertEquals("database-unavailable", createConcurrently(clients, 1, "", """
                    {"name":"Warm","slug":"%s","ownerEmail":"sqlstate-57014@fault.example","domains":["%s.example"]}""")
                    .get(0).code());
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void anExhaustedPoolAnswersUnavailableQuicklyAndRecovers() {
        ExecutorService clients = Executors.newFixedThreadPool(10);
        try {
            // A dry run is a transaction on a pooled connection.
            List<Answer> all = createConcurrently(clients, 10, "?dryRun=true", """
                    {"name":"Slow","slug":"%s","ownerEmail":"sleep-2@fault.example","domains":["%s.example"]}""");
            List<Answer> refused = all.stream().filter(a -> a.status() == 503).toList();
            assertTrue(all.stream().allMatch(a -> a.status() == 200 || a.status() == 503), all.toString());
            assertTrue(refused.size() >= 6, "most waited in vain for a connection: " + all);
            assertTrue(refused.stream().allMatch(a -> "database-unavailable".equals(a.code())), all.toString());
            assertTrue(refused.stream().allMatch(a -> a.millis() < 1900), "refused before the slow ones finished: " + all);
        } finally {
            clients.shutdownNow();
        }
        assertEquals(200, given().contentType(ContentType.JSON).body("""
                {"name":"After","slug":"%s","ownerEmail":"a@x.example","domains":["%s.example"]}"""
                .formatted(Fixtures.unique("after"), Fixtures.unique("after")))
                .post("/api/v1/accounts?dryRun=true").statusCode());
    }

    @Test
    void slowSingleInsertsHoldUpThePipelineOnlyUntilTheDeadline() {
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            // A create is one statement on one of the two pipelined connections. However the six are spread, at
            // least three 2 s statements queue on one connection, so the third of them is still waiting at the deadline.
            List<Answer> all = createConcurrently(clients, 6, "", """
                    {"name":"Slow","slug":"%s","ownerEmail":"sleep-2@fault.example"}""");
            assertTrue(all.stream().allMatch(a -> a.status() == 201 || "database-unavailable".equals(a.code())), all.toString());
            assertTrue(all.stream().anyMatch(a -> a.status() == 201), "the first in each pipeline went through: " + all);
            assertTrue(all.stream().anyMatch(a -> a.status() == 503), "the last waited past the deadline: " + all);
            assertTrue(all.stream().allMatch(a -> a.millis() < 4500), "none waited much past the 3 s deadline: " + all);
        } finally {
            clients.shutdownNow();
        }
        // Statements still queued run on after their requests gave up. Ending those connections ends them, and the
        // client reconnects on its own.
        EvaDatabase.sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE usename = 'erp_provisioning' AND query ILIKE 'insert into accounts%'");
        long giveUp = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int status;
        do {
            status = given().contentType(ContentType.JSON).body("""
                    {"name":"After","slug":"%s","ownerEmail":"a@x.example"}""".formatted(Fixtures.unique("after")))
                    .post("/api/v1/accounts").statusCode();
        } while (status != 201 && System.nanoTime() < giveUp);
        assertEquals(201, status, "the pipeline recovered");
    }

    private static List<Answer> createConcurrently(ExecutorService clients, int count, String query, String bodyTemplate) {
        List<CompletableFuture<Answer>> answers = IntStream.range(0, count).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            Response response = given().contentType(ContentType.JSON)
                    .body(bodyTemplate.formatted(Fixtures.unique("slow"), Fixtures.unique("slow")))
                    .post("/api/v1/accounts" + query);
            return new Answer(response.statusCode(), response.path("code"), (System.nanoTime() - start) / 1_000_000);
        }, clients)).toList();
        return answers.stream().map(CompletableFuture::join).toList();
    }
}
