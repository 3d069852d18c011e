package org.erp.provisioning.reliability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.Test;

/** Many writers racing for one slug or one domain: exactly one wins, every other is told why, never a 500. */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class ConcurrentWritersTest {

    private static final int WRITERS = 24;

    @Test
    void manyCreatesOfOneSlugGiveOneCreatedAndConflicts() throws Exception {
        String slug = Fixtures.unique("race");
        Map<String, Long> answers = race(i -> """
                {"name":"Racer %d","slug":"%s","ownerEmail":"r@x.example","subscriptionStatus":"active"}""".formatted(i, slug));
        assertEquals(Map.of("201", 1L, "409 slug-taken", (long) WRITERS - 1), answers);
        assertEquals(1, Fixtures.count("accounts", "slug = '" + slug + "'"));
    }

    @Test
    void manyAccountsCreatedWithOneDomainGiveOneCreatedAndNoHalfWrittenLoser() throws Exception {
        String prefix = Fixtures.unique("dom");
        String domain = prefix + ".example";
        Map<String, Long> answers = race(i -> """
                {"name":"Racer %d","slug":"%s-%d","ownerEmail":"r@x.example","domains":["%s"]}"""
                .formatted(i, prefix, i, i % 2 == 0 ? domain : domain.toUpperCase()));
        assertEquals(Map.of("201", 1L, "409 domain-taken", (long) WRITERS - 1), answers);
        assertEquals(1, Fixtures.count("accounts", "slug LIKE '" + prefix + "-%'"), "the losers wrote nothing");
        assertEquals(1, Fixtures.count("partner_domains", "lower(domain) = '" + domain + "'"));
    }

    /** Sends WRITERS creates at once; answers "status" or "status code" with how many got it. */
    private static Map<String, Long> race(IntFunction<String> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<CompletableFuture<String>> answers = IntStream.range(0, WRITERS).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                await(start);
                Response response = given().contentType(ContentType.JSON).body(body.apply(i)).post("/api/v1/accounts");
                return response.statusCode() == 201 ? "201" : response.statusCode() + " " + response.path("code");
            }, pool)).toList();
            start.countDown();
            return answers.stream().map(CompletableFuture::join)
                    .collect(Collectors.groupingBy(answer -> answer, Collectors.counting()));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
