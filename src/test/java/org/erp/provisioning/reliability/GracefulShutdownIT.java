package org.erp.provisioning.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.PackagedService;
import org.junit.jupiter.api.Test;

/** SIGTERM while writes are being served, as in a rolling restart: the packaged service finishes them, then exits cleanly. */
class GracefulShutdownIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * A rolling restart while writes are in flight: six creates (three alone, three with a domain; one statement each)
     * wait on a lock EVA holds when SIGTERM arrives. Readiness goes down at once, so no new
     * request is routed here, and one that arrives anyway is a 503 shutting-down with Connection: close; each of the six finishes with its 201 once the lock is released; the process exits
     * within quarkus.shutdown.timeout; and exactly the accounts that were answered 201 exist.
     */
    @Test
    void finishesInFlightWritesBeforeExitingAndReportsNotReadyAtOnce() throws Exception {
        EvaDatabase database = new EvaDatabase();
        Map<String, String> config = database.start();
        int port = freePort();
        Path log = Files.createTempFile("graceful", ".log");
        Process service = null;
        Process lock = null;
        try {
            service = new ProcessBuilder(command(config, port)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            awaitReady(port);

            lock = EvaDatabase.sqlInBackground("BEGIN; LOCK TABLE accounts IN SHARE MODE; SELECT pg_sleep(4); COMMIT;");
            awaitSql("SELECT count(*) > 0 FROM pg_locks WHERE relation = 'accounts'::regclass AND mode = 'ShareLock' AND granted");
            List<CompletableFuture<HttpResponse<String>>> writes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String slug = "rolling-" + i;
                String domains = i % 2 == 0 ? "" : ",\"domains\":[\"" + slug + ".example\"]";
                writes.add(http.sendAsync(HttpRequest.newBuilder()
                        .uri(URI.create("http://127.0.0.1:" + port + "/api/v1/accounts"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Rolling\",\"slug\":\"" + slug
                                + "\",\"ownerEmail\":\"ops@rolling.example\"" + domains + "}"))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            // Most of the six wait on the lock (all of them, unless some are still on their way).
            awaitSql("SELECT count(*) >= 4 FROM pg_stat_activity WHERE usename = 'erp_provisioning' AND wait_event_type = 'Lock'");

            long signalled = System.nanoTime();
            service.destroy(); // SIGTERM
            // The signal is handled asynchronously: allow it half a second to reach the shutdown hooks.
            long readyUntil = System.nanoTime() + Duration.ofMillis(500).toNanos();
            while (isReady(port) && System.nanoTime() < readyUntil) {
                Thread.sleep(20);
            }
            assertFalse(isReady(port), "readiness is down as soon as shutdown starts");
            // A request that still arrives (a client's kept-alive connection) is sent elsewhere at once, so the replica
            // drains instead of taking new work until the shutdown timeout cuts the connections.
            HttpResponse<String> late = http.send(HttpRequest.newBuilder()
                    .uri(URI.create("http://127.0.0.1:" + port + "/api/v1/accounts"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Late\",\"slug\":\"rolling-late\","
                            + "\"ownerEmail\":\"ops@rolling.example\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, late.statusCode(), late.body());
            assertTrue(late.body().contains("\"code\":\"shutting-down\""), late.body());
            assertEquals("application/problem+json", late.headers().firstValue("Content-Type").orElse(""));
            assertEquals("close", late.headers().firstValue("Connection").orElse(""));
            assertTrue(late.headers().firstValue("Retry-After").isPresent(), "told when to retry");

            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> write : writes) {
                HttpResponse<String> response = write.get(25, TimeUnit.SECONDS);
                assertEquals(201, response.statusCode(), response.body());
                statuses.add(response.statusCode());
            }
            assertTrue(service.waitFor(25, TimeUnit.SECONDS), "the service exits after finishing its work");
            Duration shutdown = Duration.ofNanos(System.nanoTime() - signalled);
            assertTrue(shutdown.compareTo(Duration.ofSeconds(20)) <= 0,
                    "exited within quarkus.shutdown.timeout (20 s), took " + shutdown);
            // 143 = 128 + SIGTERM: how the JVM ends on the signal once its shutdown hooks have run.
            assertTrue(service.exitValue() == 0 || service.exitValue() == 143, "exit status " + service.exitValue());
            assertEquals(String.valueOf(statuses.size()),
                    EvaDatabase.sql("SELECT count(*) FROM accounts WHERE slug LIKE 'rolling-%'"), "one account per 201,"
                            + " none for the request refused while shutting down");
            assertEquals("3", EvaDatabase.sql("SELECT count(*) FROM partner_domains WHERE domain LIKE 'rolling-%'"));
        } finally {
            if (lock != null) {
                lock.waitFor(10, TimeUnit.SECONDS);
            }
            if (service != null && service.isAlive()) {
                service.destroyForcibly();
                System.out.println(Files.readString(log));
            }
            database.stop();
        }
    }

    /** Whether the readiness probe answers 200; a refused connection is not ready either. */
    private boolean isReady(int port) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (java.io.IOException refused) {
            return false;
        }
    }

    private static void awaitSql(String condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (EvaDatabase.sql(condition).equals("t")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("never: " + condition);
    }

    private List<String> command(Map<String, String> config, int port) {
        List<String> properties = new ArrayList<>();
        config.forEach((key, value) -> properties.add("-D" + key + "=" + value));
        properties.add("-Dquarkus.http.port=" + port);
        properties.add("-Derp.security.enabled=false");
        return PackagedService.command(properties);
    }

    private void awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service did not become ready");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
