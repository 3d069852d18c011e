package org.erp.provisioning.security;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged service, started with security on (the default) and no verification key, refuses to start. */
class SecureByDefaultIT {

    @Test
    void refusesToStartWithoutAVerificationKey() throws Exception {
        Process process = new ProcessBuilder(command()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            process.destroyForcibly();
        }
        assertTrue(exited, "the service should stop by itself; it printed:\n" + output);
        assertNotEquals(0, process.exitValue());
        assertTrue(output.contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), "the message says what to set:\n" + output);
    }

    /** The native executable in the native build, the JVM application otherwise. */
    private static List<String> command() {
        List<String> command = new ArrayList<>();
        String nativeImage = System.getProperty("native.image.path");
        if (nativeImage != null && new File(nativeImage).canExecute()) {
            command.add(nativeImage);
        } else {
            command.addAll(List.of(System.getProperty("java.home") + "/bin/java", "-jar", "target/quarkus-app/quarkus-run.jar"));
        }
        command.add("-Dquarkus.http.port=0");
        command.add("-Derp.security.enabled=true");
        return command;
    }
}
