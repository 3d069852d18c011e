package org.erp.provisioning.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** SIGTERM while a request is being served: the packaged service finishes it, then exits cleanly. */
class GracefulShutdownIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void finishesInFlightRequestsBeforeExiting() throws Exception {
        EvaDatabase database = new EvaDatabase();
        Map<String, String> config = database.start();
        int port = freePort();
        Path log = Files.createTempFile("graceful", ".log");
        Process service = null;
        try {
            service = new ProcessBuilder(command(config, port)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            awaitReady(port);

            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder()
                    .uri(URI.create("http://127.0.0.1:" + port + "/api/v1/accounts"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"Graceful\",\"slug\":\"graceful-shutdown\",\"ownerEmail\":\"sleep-2@fault.example\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            awaitStatementRunning();
            service.destroy(); // SIGTERM

            HttpResponse<String> response = inFlight.get(20, TimeUnit.SECONDS);
            assertEquals(201, response.statusCode(), response.body());
            assertTrue(service.waitFor(25, TimeUnit.SECONDS), "the service exits after finishing its work");
            assertEquals("1", EvaDatabase.sql("SELECT count(*) FROM accounts WHERE slug = 'graceful-shutdown'"));
        } finally {
            if (service != null && service.isAlive()) {
                service.destroyForcibly();
                System.out.println(Files.readString(log));
            }
            database.stop();
        }
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

    /** Waits until the request's INSERT is running in the database, so the signal arrives mid-request. */
    private static void awaitStatementRunning() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!EvaDatabase.sql("SELECT pid FROM pg_stat_activity WHERE " + EvaDatabase.SERVICE_INSERTING_ACCOUNT).isEmpty()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the request's INSERT never reached the database");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
