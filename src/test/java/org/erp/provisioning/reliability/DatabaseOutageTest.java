package org.erp.provisioning.reliability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * The database stopped under load: every request is answered 503 database-unavailable quickly, readiness
 * goes down and liveness stays up; when the database returns, the service writes again within seconds without
 * a restart; no account is half-written and none answered 201 is lost.
 */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class DatabaseOutageTest {

    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(5);

    /** One request's answer, and when it was sent ({@link System#nanoTime()}). */
    record Answer(long sent, int status, String code, String retryAfter, long millis) {
    }

    @Test
    void answersUnavailableDuringAnOutageAndRecoversOnItsOwn() throws Exception {
        String prefix = Fixtures.unique("outage");
        List<Answer> answers = new CopyOnWriteArrayList<>();
        Map<String, Integer> created = new ConcurrentHashMap<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger sequence = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            // Half the clients send accounts with a domain (one statement writing both tables), half alone.
            boolean withDomain = c % 2 == 0;
            clients.submit(() -> {
                while (loading.get()) {
                    String slug = prefix + (withDomain ? "-d-" : "-s-") + sequence.incrementAndGet();
                    String domains = withDomain ? ",\"domains\":[\"" + slug + ".example\"]" : "";
                    long start = System.nanoTime();
                    Response response = given().contentType(ContentType.JSON).body("""
                            {"name":"%s","slug":"%s","ownerEmail":"o@x.example","planTier":"Growth"%s}"""
                            .formatted(slug, slug, domains)).post("/api/v1/accounts");
                    answers.add(new Answer(start, response.statusCode(), response.path("code"), response.header("Retry-After"),
                            (System.nanoTime() - start) / 1_000_000));
                    if (response.statusCode() == 201) {
                        created.put(slug, 1);
                    }
                }
                return null;
            });
        }
        try {
            Thread.sleep(1000);
            EvaDatabase.down();
            Thread.sleep(500);
            // Requests sent from here on: one sent before, even if answered later, may have been written (201).
            long outage = System.nanoTime();
            Thread.sleep(2500);
            List<Answer> duringOutage = answers.stream().filter(answer -> answer.sent() >= outage).toList();
            assertTrue(duringOutage.size() > 4, "requests kept being answered during the outage: " + duringOutage.size());
            for (Answer answer : duringOutage) {
                assertEquals(503, answer.status(), answer.toString());
                assertEquals("database-unavailable", answer.code(), answer.toString());
                assertTrue(answer.retryAfter() != null, "Retry-After is set");
                assertTrue(answer.millis() < ANSWER_LIMIT.toMillis(), "answered within the limit: " + answer);
            }
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);

            EvaDatabase.up();
            long back = System.nanoTime();
            awaitReadyAndWriting();
            long recoveredMillis = (System.nanoTime() - back) / 1_000_000;
            assertTrue(recoveredMillis < 5000, "ready and writing again in " + recoveredMillis + " ms");
            System.out.printf("%nDatabase outage: %d answers during the outage, all 503 database-unavailable, slowest %d ms;"
                    + " ready and writing %d ms after the database returned%n", duringOutage.size(),
                    duringOutage.stream().mapToLong(Answer::millis).max().orElse(0), recoveredMillis);
        } finally {
            loading.set(false);
            clients.shutdown();
            clients.awaitTermination(30, TimeUnit.SECONDS);
            EvaDatabase.up();
        }

        assertTrue(answers.stream().allMatch(a -> a.status() == 201 || a.status() == 503), "only 201 or 503, no 500s");
        assertEquals(0, Fixtures.count("accounts a", "a.slug LIKE '" + prefix + "-d-%' AND (SELECT count(*) FROM "
                + "partner_domains d WHERE d.account_id = a.id) <> 1"), "no account without its domain");
        assertEquals(created.size(), Fixtures.count("accounts", "slug LIKE '" + prefix + "-%'"),
                "every account answered 201 is there, and no other");
    }

    private static void awaitReadyAndWriting() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            boolean ready = given().get("/q/health/ready").statusCode() == 200;
            String slug = Fixtures.unique("back");
            if (ready && given().contentType(ContentType.JSON).body("""
                    {"name":"Back","slug":"%s","ownerEmail":"b@x.example"}""".formatted(slug))
                    .post("/api/v1/accounts").statusCode() == 201) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready and writing within 10 s");
    }
}
