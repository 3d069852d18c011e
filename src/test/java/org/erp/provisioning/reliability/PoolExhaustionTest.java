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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Every pooled connection held, with the settings that ship (16 connections, a 3 s acquire timeout, a 5 s statement
 * timeout): EVA holds a lock on the accounts table while 48 requests arrive at once, creates alone and with domains,
 * dry runs, reads and patches. The 16 that get a connection wait on the lock until the server cancels their statement
 * at the statement timeout; the 32 behind them wait for a connection until the acquire timeout. Each is a 503
 * database-unavailable saying nothing was written, and nothing is, or (sent late, after a connection came free) a
 * success written whole; none a 500, none left hanging; once the lock is gone the service serves every kind of request
 * again by itself.
 */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class PoolExhaustionTest {

    private static final int REQUESTS = 48;

    record Answer(String kind, String slug, int status, String code, String detail, String retryAfter, long millis) {
    }

    @Test
    void everyRequestWaitingOnAHeldPoolIsUnavailableAndNothingIsWritten() throws Exception {
        String account = Fixtures.createAccount();
        // Each kind of request once before the pool is held, so none of them pays for loading its code then.
        for (String kind : List.of("create", "create-domains", "dry-run", "read", "patch")) {
            assertTrue(send(kind, Fixtures.unique("warm"), account).status() < 300, kind);
        }
        String prefix = Fixtures.unique("held");
        Process lock = EvaDatabase.sqlInBackground("BEGIN; LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE;"
                + " SELECT pg_sleep(9); COMMIT;");
        List<Answer> answers;
        ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
        try {
            awaitLock();
            List<String> kinds = List.of("create", "create-domains", "dry-run", "create", "read", "patch");
            answers = IntStream.range(0, REQUESTS).mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> send(kinds.get(i % kinds.size()), prefix + "-" + i, account), clients))
                    .toList().stream().map(CompletableFuture::join).toList();
        } finally {
            clients.shutdownNow();
            lock.waitFor();
        }

        // A request sent late by this busy machine may get a connection freed at the statement timeout and succeed
        // once the lock is gone: then it is written. Every other one is a 503 that wrote nothing.
        List<Answer> unexpected = answers.stream().filter(a -> a.status() >= 300 && !(a.status() == 503
                && "database-unavailable".equals(a.code()) && "2".equals(a.retryAfter())
                && a.detail().contains("nothing was written"))).toList();
        assertEquals(List.of(), unexpected, "each a success or a 503 database-unavailable saying nothing was written");
        List<Answer> refused = answers.stream().filter(a -> a.status() == 503).toList();
        assertTrue(refused.size() >= REQUESTS / 2, "most met the held pool: " + answers);
        assertTrue(answers.stream().allMatch(a -> a.millis() < 9500), "none waited longer than the acquire timeout and the"
                + " statement timeout together: " + answers);
        for (Answer answer : answers.stream().filter(a -> a.kind().startsWith("create")).toList()) {
            assertEquals(answer.status() == 201 ? 1 : 0, Fixtures.count("accounts", "slug = '" + answer.slug() + "'"),
                    "written exactly when acknowledged: " + answer);
        }
        assertEquals(0, Fixtures.count("accounts", "slug LIKE '" + prefix + "-%' AND name = 'Held' AND id NOT IN"
                + " (SELECT account_id FROM partner_domains) AND slug IN (" + String.join(",", answers.stream()
                .filter(a -> a.kind().equals("create-domains")).map(a -> "'" + a.slug() + "'").toList()) + ")"),
                "no account without its domain");

        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (String kind : List.of("create", "create-domains", "dry-run", "read", "patch")) {
            Answer after;
            do {
                after = send(kind, Fixtures.unique("after"), account);
            } while (after.status() >= 300 && System.nanoTime() < giveUp);
            assertTrue(after.status() < 300, "served again once the lock is gone: " + after);
        }
    }

    private static Answer send(String kind, String slug, String account) {
        long start = System.nanoTime();
        Response response = switch (kind) {
            case "create", "dry-run" -> given().contentType(ContentType.JSON).body("""
                    {"name":"Held","slug":"%s","ownerEmail":"o@x.example"}""".formatted(slug))
                    .post("/api/v1/accounts" + (kind.equals("dry-run") ? "?dryRun=true" : ""));
            case "create-domains" -> given().contentType(ContentType.JSON).body("""
                    {"name":"Held","slug":"%s","ownerEmail":"o@x.example","domains":["%s.example"]}""".formatted(slug, slug))
                    .post("/api/v1/accounts");
            case "read" -> given().get("/api/v1/accounts/" + account);
            default -> given().contentType("application/merge-patch+json").body("{\"name\":\"" + slug + "\"}")
                    .patch("/api/v1/accounts/" + account);
        };
        boolean failed = response.statusCode() >= 400;
        return new Answer(kind, slug, response.statusCode(), failed ? response.path("code") : null,
                failed ? response.path("detail") : null, response.header("Retry-After"), (System.nanoTime() - start) / 1_000_000);
    }

    private static void awaitLock() throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Fixtures.count("pg_locks l JOIN pg_class c ON c.oid = l.relation",
                "c.relname = 'accounts' AND l.mode = 'AccessExclusiveLock' AND l.granted") == 0) {
            assertTrue(System.nanoTime() < giveUp, "the lock was taken");
            Thread.sleep(20);
        }
    }
}
