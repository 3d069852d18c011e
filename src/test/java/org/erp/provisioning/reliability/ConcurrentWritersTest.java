package org.erp.provisioning.reliability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Many writers racing for one slug or one domain: exactly one wins, every other is told why, never a 500. Many
 * writers on every write route of one account: never a 5xx.
 */
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

    /**
     * Eight clients at once on every write route of one account: the account patched, its domains added, renamed,
     * verified and deleted, its deals added, moved through their stages and deleted, each client often on the same
     * row as another. Every answer is one the contract gives such a race (a success, a row deleted by another client
     * meanwhile, a name another client took), never a 5xx, and the rows stay true to their rules.
     */
    @Test
    void everyWriteRouteAtOnceOnOneAccountNeverAnswers5xx() throws Exception {
        String account = Fixtures.createAccount();
        String prefix = Fixtures.unique("routes");
        List<String> domains = new CopyOnWriteArrayList<>();
        List<String> deals = new CopyOnWriteArrayList<>();
        Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        String base = "/api/v1/accounts/" + account;
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            long seed = c;
            running.add(clients.submit(() -> {
                Random random = new Random(seed);
                for (int n = 0; n < 40; n++) {
                    String name = prefix + "-" + random.nextInt(12) + ".example"; // few names: clients collide on them
                    String domain = domains.isEmpty() ? null : domains.get(random.nextInt(domains.size()));
                    String deal = deals.isEmpty() ? null : deals.get(random.nextInt(deals.size()));
                    Response response = switch (random.nextInt(domain == null || deal == null ? 3 : 8)) {
                        case 0 -> given().contentType("application/merge-patch+json")
                                .body("{\"name\":\"Routes " + n + "\",\"planTier\":\"growth\"}").patch(base);
                        case 1 -> given().contentType(ContentType.JSON).body("{\"domain\":\"" + name + "\"}").post(base + "/domains");
                        case 2 -> given().contentType(ContentType.JSON).body("{\"title\":\"Deal\",\"amountCents\":1,\"currency\":\"eur\"}")
                                .post(base + "/deals");
                        case 3 -> given().contentType("application/merge-patch+json").body(random.nextBoolean()
                                ? "{\"domain\":\"" + name + "\"}" : "{\"status\":\"verified\"}").patch(base + "/domains/" + domain);
                        case 4 -> given().delete(base + "/domains/" + domain);
                        case 5 -> given().contentType("application/merge-patch+json").body(random.nextBoolean()
                                ? "{\"stage\":\"closed-won\"}" : "{\"stage\":\"negotiation\"}").patch(base + "/deals/" + deal);
                        case 6 -> given().delete(base + "/deals/" + deal);
                        default -> given().get(base + "/domains");
                    };
                    if (response.statusCode() == 201) {
                        (response.path("domain") != null ? domains : deals).add(response.path("id"));
                    }
                    String answer = response.statusCode() < 300 ? String.valueOf(response.statusCode())
                            : response.statusCode() + " " + response.path("code");
                    answers.computeIfAbsent(answer, a -> new LongAdder()).increment();
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get(120, TimeUnit.SECONDS);
        }
        clients.shutdown();

        Set<String> expected = Set.of("200", "201", "204", "404 domain-not-found", "404 deal-not-found", "409 domain-taken");
        assertEquals(Set.of(), answers.keySet().stream().filter(a -> !expected.contains(a)).collect(Collectors.toSet()),
                "only the answers a race gives: " + answers);
        assertEquals(0, Fixtures.count("partner_deals", "account_id = '" + account + "' AND (closed_at IS NULL) <>"
                + " (stage NOT IN ('closed-won', 'closed-lost'))"), "closedAt follows the stage");
        assertEquals(0, Fixtures.count("partner_domains", "account_id = '" + account + "' AND (verified_at IS NULL) <>"
                + " (status <> 'verified')"), "verifiedAt follows the status");
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
