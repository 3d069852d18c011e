package org.erp.provisioning.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link EvaDatabase}, reached by the service through a {@link NetworkPartition} the test controls ({@link #network()}):
 * the database URL is the only setting that differs from what ships.
 */
public class PartitionedEvaDatabase extends EvaDatabase {

    private static volatile NetworkPartition network;

    public static NetworkPartition network() {
        return network;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> settings = new HashMap<>(super.start());
        try {
            network = new NetworkPartition(EvaDatabase.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + network.port() + "/eva");
        return settings;
    }

    @Override
    public void stop() {
        try {
            network.close();
        } catch (IOException ignored) {
            // Closing a proxy that is going away anyway.
        }
        super.stop();
    }
}
