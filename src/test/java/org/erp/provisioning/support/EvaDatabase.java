package org.erp.provisioning.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL cluster with EVA's schema for the tests, started by {@code deploy/local/eva-db.sh}
 * (the same script the local quick start uses) on a free port and removed afterwards. It holds two databases:
 * {@code eva}, as EVA-SCHEMA.md describes it, and {@code eva_drifted}, a copy EVA has drifted from (a dropped
 * column, a changed type, added and renamed labels) for the readiness tests. Tests change schemas as the
 * superuser through {@link #sql}; the service logs in as {@code erp_provisioning}, which may run no DDL.
 * {@code faults.sql} adds a trigger that makes the real database raise any SQLSTATE on demand.
 */
public class EvaDatabase implements QuarkusTestResourceLifecycleManager {

    /** A pg_stat_activity condition: the service's connection running an INSERT into accounts right now. */
    public static final String SERVICE_INSERTING_ACCOUNT =
            "usename = 'erp_provisioning' AND state = 'active' AND query ILIKE 'insert into accounts%'";

    // The cluster most recently started, for the static helpers below. Clusters can overlap (GracefulShutdownIT
    // starts its own while the suite's is up), so each instance removes exactly the cluster it started.
    private static volatile int port;
    private static volatile String directory;
    private String ownDirectory;
    private String database = "eva";

    /** {@code database}: which database the service connects to, {@code eva} (default) or {@code eva_drifted}. */
    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        run(List.of("bash", "deploy/local/eva-db.sh", "install")); // nothing to do where PostgreSQL is installed
        int ownPort = freePort();
        ownDirectory = "/tmp/eva-db-test-" + UUID.randomUUID();
        run(List.of("bash", "deploy/local/eva-db.sh", "start", ownDirectory, String.valueOf(ownPort),
                "src/test/resources/eva/schema.sql", "src/test/resources/eva/faults.sql"));
        port = ownPort;
        directory = ownDirectory;
        sql("postgres", "CREATE DATABASE eva_drifted TEMPLATE eva");
        sql("eva_drifted", """
                ALTER TABLE partner_deals DROP COLUMN expected_close_date;
                ALTER TABLE accounts ALTER COLUMN plan_tier TYPE text;
                ALTER TYPE deal_stage ADD VALUE 'on-hold' AFTER 'negotiation';
                ALTER TYPE deal_stage RENAME VALUE 'qualified' TO 'sales-qualified';""");
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + ownPort + "/" + database,
                "quarkus.datasource.username", "erp_provisioning",
                "quarkus.datasource.password", "erp_provisioning");
    }

    @Override
    public void stop() {
        run(List.of("bash", "deploy/local/eva-db.sh", "stop", ownDirectory));
    }

    /** The port of the cluster most recently started. */
    public static int port() {
        return port;
    }

    /** Stops the database server as an outage would; the data stays. */
    public static void down() {
        run(List.of("bash", "deploy/local/eva-db.sh", "down", directory));
    }

    /** Starts the database server again after {@link #down()}. */
    public static void up() {
        run(List.of("bash", "deploy/local/eva-db.sh", "up", directory));
    }

    /** Runs SQL as the superuser in database {@code eva}; answers the rows, one a line, columns split by '|'. */
    public static String sql(String statement) {
        return sql("eva", statement);
    }

    public static String sql(String database, String statement) {
        return run(psql(database, statement)).strip();
    }

    /** Starts {@code statement} as the superuser in database {@code eva} and returns without waiting for it. */
    public static Process sqlInBackground(String statement) {
        try {
            return new ProcessBuilder(psql("eva", statement)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> psql(String database, String statement) {
        return List.of("psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                "-p", String.valueOf(port), "-U", "postgres", "-d", database, "-c", statement);
    }

    private static String run(List<String> command) {
        return run(null, command);
    }

    /** Runs {@code command} in {@code directory} (null: this one); answers its output, fails unless it exits 0. */
    static String run(File directory, List<String> command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).directory(directory).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("Failed: " + String.join(" ", command) + "\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A TCP port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
