package org.erp.provisioning.security;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.erp.provisioning.support.PackagedService;
import org.junit.jupiter.api.Test;

/** The packaged service, started with security on (the default) and no verification key, refuses to start. */
class SecureByDefaultIT {

    @Test
    void refusesToStartWithoutAVerificationKey() throws Exception {
        // Output to a file: a pipe read only after the exit could fill up and hold the process, or block forever.
        Path log = Files.createTempFile("secure-by-default", ".log");
        Process process = new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        Files.delete(log);
        assertTrue(exited, "the service should stop by itself; it printed:\n" + output);
        assertNotEquals(0, process.exitValue());
        assertTrue(output.contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), "the message says what to set:\n" + output);
    }

    private static List<String> command() {
        // A database URL is given (nothing listens there) so that the missing key is the only thing wrong.
        return PackagedService.command(List.of("-Dquarkus.http.port=0", "-Derp.security.enabled=true",
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:9/eva"));
    }
}
