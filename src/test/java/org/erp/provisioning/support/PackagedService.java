package org.erp.provisioning.support;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** The command that runs the packaged service: the native executable in the native build, the JVM application otherwise. */
public final class PackagedService {

    private PackagedService() {
    }

    /** {@code properties} are {@code -Dkey=value} settings; the JVM takes them before {@code -jar}. */
    public static List<String> command(List<String> properties) {
        List<String> command = new ArrayList<>();
        String nativeImage = System.getProperty("native.image.path");
        if (nativeImage != null && new File(nativeImage).canExecute()) {
            command.add(nativeImage);
            command.addAll(properties);
        } else {
            command.add(System.getProperty("java.home") + "/bin/java");
            command.addAll(properties);
            command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        }
        return command;
    }
}
