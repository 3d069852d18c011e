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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.Test;

/** Every pooled connection busy with a slow statement: the others are told 503 after the acquire timeout, not left hanging. */
@QuarkusTest
@TestProfile(PoolExhaustionTest.TinyPool.class)
@WithTestResource(EvaDatabase.class)
class PoolExhaustionTest {

    public static class TinyPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.max-size", "2", "erp.db.acquire-timeout", "300ms");
        }
    }

    record Answer(int status, String code, long millis) {
    }

    @Test
    void anExhaustedPoolAnswersUnavailableQuicklyAndRecovers() {
        ExecutorService clients = Executors.newFixedThreadPool(10);
        // Warm up the client threads and a pooled connection, so the timings below are the pool's alone.
        IntStream.range(0, 10).forEach(i -> CompletableFuture.runAsync(() ->
                given().get("/q/health/live").then().statusCode(200), clients).join());
        given().get("/api/v1/accounts?limit=1").then().statusCode(200);
        try {
            List<CompletableFuture<Answer>> answers = IntStream.range(0, 10).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                Response response = given().contentType(ContentType.JSON).body("""
                        {"name":"Slow","slug":"%s","ownerEmail":"sleep-2@fault.example"}""".formatted(Fixtures.unique("slow")))
                        .post("/api/v1/accounts");
                return new Answer(response.statusCode(), response.path("code"), (System.nanoTime() - start) / 1_000_000);
            }, clients)).toList();
            List<Answer> all = answers.stream().map(CompletableFuture::join).toList();
            List<Answer> refused = all.stream().filter(a -> a.status() == 503).toList();
            assertTrue(all.stream().allMatch(a -> a.status() == 201 || a.status() == 503), all.toString());
            assertTrue(refused.size() >= 6, "most waited in vain for a connection: " + all);
            assertTrue(refused.stream().allMatch(a -> "database-unavailable".equals(a.code())), all.toString());
            assertTrue(refused.stream().allMatch(a -> a.millis() < 1900), "refused before the slow ones finished: " + all);
        } finally {
            clients.shutdownNow();
        }
        assertEquals(201, given().contentType(ContentType.JSON).body("""
                {"name":"After","slug":"%s","ownerEmail":"a@x.example"}""".formatted(Fixtures.unique("after")))
                .post("/api/v1/accounts").statusCode());
    }
}
