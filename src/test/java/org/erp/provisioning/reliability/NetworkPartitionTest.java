package org.erp.provisioning.reliability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.erp.provisioning.support.Fixtures;
import org.erp.provisioning.support.PartitionedEvaDatabase;
import org.junit.jupiter.api.Test;

/**
 * The database's network silently cut under load, with the settings that ship: fourteen clients creating accounts
 * with two domains, three reading and three patching an account, more clients than the pool has connections (16). Nothing answers or closes while the network is cut, so the
 * requests in flight wait out the deadline (10 s) and hold their connections; once all the pool's connections are
 * held, the requests after them wait out the acquire timeout (3 s). Every one of them is a 503
 * database-unavailable, never a 500; a write in flight says it may have been committed, and one that never had a
 * connection says nothing was written, which the database confirms. Once the network heals the service writes again
 * by itself, and every account is whole.
 */
@QuarkusTest
@WithTestResource(PartitionedEvaDatabase.class)
class NetworkPartitionTest {

    private static final Duration CUT = Duration.ofSeconds(14);
    /** More than the pool's 16 connections, so that some requests always wait for one while the network is cut. */
    private static final int CLIENTS = 20;
    private static final String MAY_HAVE_BEEN_WRITTEN = "may have been committed";
    private static final String NOTHING_WRITTEN = "nothing was written";

    record Answer(String kind, String slug, int status, String code, String detail, String retryAfter, long millis) {
    }

    @Test
    void aSilentPartitionIsAnsweredUnavailableAndNothingIsLostOrHalfWritten() throws Exception {
        String prefix = Fixtures.unique("partition");
        String account = Fixtures.createAccount();
        List<Answer> answers = new CopyOnWriteArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger sequence = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            String kind = c < 14 ? "create" : c < 17 ? "read" : "patch";
            running.add(clients.submit(() -> {
                while (loading.get()) {
                    answers.add(send(kind, prefix + "-" + sequence.incrementAndGet(), account));
                }
                return null;
            }));
        }
        Thread.sleep(1500);
        PartitionedEvaDatabase.network().cut();
        Thread.sleep(CUT.toMillis());
        long healed = System.nanoTime();
        PartitionedEvaDatabase.network().heal();
        Answer recovered;
        do {
            recovered = send("create", prefix + "-after-" + sequence.incrementAndGet(), account);
            answers.add(recovered);
        } while (recovered.status() != 201 && System.nanoTime() - healed < Duration.ofSeconds(20).toNanos());
        long recoveryMillis = (System.nanoTime() - healed) / 1_000_000;
        loading.set(false);
        for (Future<?> client : running) {
            client.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertEquals(201, recovered.status(), "writing again by itself after the network healed: " + recovered);
        List<Answer> unexpected = answers.stream().filter(a -> a.status() != 200 && a.status() != 201
                && !(a.status() == 503 && "database-unavailable".equals(a.code()) && "2".equals(a.retryAfter()))).toList();
        assertEquals(List.of(), unexpected, "every answer a success or 503 database-unavailable with Retry-After");
        assertTrue(answers.stream().allMatch(a -> a.millis() < 13_000), "none waited much past the 10 s deadline");
        List<Answer> unavailable = answers.stream().filter(a -> a.status() == 503).toList();
        assertTrue(unavailable.stream().anyMatch(a -> a.kind().equals("create") && a.detail().contains(MAY_HAVE_BEEN_WRITTEN)),
                "creates in flight at the cut were told they may have been committed: " + unavailable);
        assertTrue(unavailable.stream().anyMatch(a -> a.kind().equals("create") && a.detail().contains(NOTHING_WRITTEN)),
                "creates that waited for a held connection were told nothing was written: " + unavailable);

        // The ledger. Statements held by the cut cross once it heals and may commit then: give them time to.
        Thread.sleep(2000);
        for (Answer answer : answers.stream().filter(a -> a.kind().equals("create")).toList()) {
            long written = Fixtures.count("accounts", "slug = '" + answer.slug() + "'");
            if (answer.status() == 201) {
                assertEquals(1, written, "acknowledged and written: " + answer);
            } else if (answer.detail().contains(NOTHING_WRITTEN)) {
                assertEquals(0, written, "told nothing was written, and nothing was: " + answer);
            }
        }
        assertEquals(0, Fixtures.count("accounts a", "a.slug LIKE '" + prefix + "-%' AND (SELECT count(*) FROM"
                + " partner_domains d WHERE d.account_id = a.id) <> 2"), "every account written is whole, with both domains");
        System.out.printf("partition: %d answers, %d of them 503 (%d may have been written), writing again %d ms after"
                        + " the network healed%n", answers.size(), unavailable.size(),
                unavailable.stream().filter(a -> a.detail().contains(MAY_HAVE_BEEN_WRITTEN)).count(), recoveryMillis);
    }

    private static Answer send(String kind, String slug, String account) {
        long start = System.nanoTime();
        Response response = switch (kind) {
            case "create" -> given().contentType(ContentType.JSON).body("""
                    {"name":"%s","slug":"%s","ownerEmail":"o@x.example","domains":["%s-a.example","%s-b.example"]}"""
                    .formatted(slug, slug, slug, slug)).post("/api/v1/accounts");
            case "read" -> given().get("/api/v1/accounts/" + account);
            default -> given().contentType("application/merge-patch+json").body("{\"name\":\"" + slug + "\"}")
                    .patch("/api/v1/accounts/" + account);
        };
        String detail = response.statusCode() >= 400 ? response.path("detail") : null;
        return new Answer(kind, slug, response.statusCode(), response.statusCode() >= 400 ? response.path("code") : null,
                detail, response.header("Retry-After"), (System.nanoTime() - start) / 1_000_000);
    }
}
