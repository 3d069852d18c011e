package org.erp.provisioning.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.erp.provisioning.persistence.DatabaseFailure;
import org.erp.provisioning.problem.handling.DatabaseProblems;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.TlsCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every way of not reaching the database, against a real PostgreSQL configured for it: the failure the
 * PostgreSQL client reports when the service's pool connects is classified {@code database-unavailable} (503 with
 * Retry-After), never {@code internal-error}, and its detail names no host, role or setting. The cluster is this
 * test's own ({@link TlsCluster}, plus a SCRAM role, a role refused by {@code pg_hba.conf} and a role without
 * connections), so the suite's database is not touched.
 */
class ConnectionFailuresTest {

    private static TlsCluster cluster;
    private static int port;
    private static Vertx vertx;

    enum Way {
        CONNECTION_REFUSED(null, options -> options.setPort(EvaDatabase.freePort())),
        UNKNOWN_HOST(null, options -> options.setHost("no-such-host.invalid")),
        DATABASE_DOES_NOT_EXIST("3D000", options -> options.setDatabase("no_such_database")),
        WRONG_PASSWORD("28P01", options -> options.setUser("erp_scram").setPassword("not-the-password")),
        LOGIN_REFUSED_BY_PG_HBA("28000", options -> options.setUser("erp_refused")),
        TOO_MANY_CONNECTIONS("53300", options -> options.setUser("erp_no_connections")),
        TLS_CERTIFICATE_OF_AN_UNKNOWN_CA(null, options -> tls(options, "other-ca.pem")),
        TLS_CERTIFICATE_FOR_ANOTHER_HOST(null, options -> tls(options, "ca.pem").setHost("127.0.0.1"));

        /** What PostgreSQL answers, for the ways it answers at all (the others fail before it can). */
        final String sqlState;
        final UnaryOperator<PgConnectOptions> misconfigure;

        Way(String sqlState, UnaryOperator<PgConnectOptions> misconfigure) {
            this.sqlState = sqlState;
            this.misconfigure = misconfigure;
        }
    }

    @BeforeAll
    static void startCluster() {
        cluster = new TlsCluster(false,
                "host all erp_scram 127.0.0.1/32 scram-sha-256",
                "host all erp_refused 127.0.0.1/32 reject");
        port = cluster.port();
        cluster.sql("CREATE ROLE erp_scram LOGIN PASSWORD 'the-password'", "CREATE ROLE erp_refused LOGIN",
                "CREATE ROLE erp_no_connections LOGIN CONNECTION LIMIT 0");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        cluster.stop();
    }

    @Test
    void anExpiredServerCertificateIsDatabaseUnavailable() throws Exception {
        serverCertificate("expired.crt");
        try {
            assertUnavailable("expired certificate", connect(tls(working(), "ca.pem")));
        } finally {
            serverCertificate("server.crt");
        }
    }

    @Test
    void aServerShuttingDownIsDatabaseUnavailable() throws Exception {
        // A session keeps a smart shutdown waiting; meanwhile the server refuses new logins (57P03).
        Process session = new ProcessBuilder("psql", "-X", "-q", "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-U", "postgres", "-d", "eva", "-c", "SELECT pg_sleep(3)").start();
        awaitSql("SELECT count(*) > 0 FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(3)'");
        Process stop = new ProcessBuilder("bash", "-c", pgCtl(), "pg_ctl", "-D", cluster.directory() + "/data", "-m", "smart", "-w",
                "-t", "20", "stop").start();
        try {
            Thread.sleep(500);
            Throwable refused = connect(working());
            assertEquals("57P03", DatabaseFailure.of(refused).map(DatabaseFailure::sqlState).orElse(null), refused.toString());
            assertUnavailable("shutting down", refused);
        } finally {
            session.waitFor(10, TimeUnit.SECONDS);
            stop.waitFor(20, TimeUnit.SECONDS);
            new ProcessBuilder("bash", "deploy/local/eva-db.sh", "up", cluster.directory()).inheritIO().start().waitFor();
        }
    }

    private static void assertUnavailable(String way, Throwable failure) {
        assertTrue(DatabaseFailure.isUnavailable(failure), way + ": " + failure);
        assertEquals(ProblemCode.DATABASE_UNAVAILABLE,
                new DatabaseProblems().classify(failure).orElseThrow().code(), way + ": " + failure);
    }

    /** Makes the server present {@code file} from now on (PostgreSQL reloads its TLS settings on SIGHUP). */
    private static void serverCertificate(String file) throws Exception {
        cluster.sql("ALTER SYSTEM SET ssl_cert_file = '" + cluster.certificate(file) + "'", "SELECT pg_reload_conf()");
        awaitSql("SELECT current_setting('ssl_cert_file') = '" + cluster.certificate(file) + "'");
    }

    private static void awaitSql(String condition) throws Exception {
        for (int i = 0; i < 100; i++) {
            Process check = new ProcessBuilder("psql", "-X", "-At", "-h", "127.0.0.1", "-p", String.valueOf(port),
                    "-U", "postgres", "-d", "eva", "-c", condition).start();
            String answer = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            check.waitFor();
            if (answer.equals("t")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never: " + condition);
    }

    /** pg_ctl of the server eva-db.sh runs (EVA_PG_BIN, or the newest installed), as the cluster's owner. */
    private static String pgCtl() {
        String bin = System.getenv("EVA_PG_BIN");
        String pgCtl = bin != null ? bin + "/pg_ctl" : "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/pg_ctl";
        return "if [ \"$(id -u)\" = 0 ]; then runuser -u postgres -- " + pgCtl + " \"$@\"; else " + pgCtl + " \"$@\"; fi";
    }

    /** As the service connects: the login of the local cluster, over TLS when the server offers it. */
    private static PgConnectOptions working() {
        return new PgConnectOptions().setHost("localhost").setPort(port).setDatabase("eva")
                .setUser("erp_provisioning").setPassword("erp_provisioning").setConnectTimeout(3000);
    }

    private static PgConnectOptions tls(PgConnectOptions options, String trustedCa) {
        return options.setSslMode(SslMode.VERIFY_FULL).setHostnameVerificationAlgorithm("HTTPS")
                .setPemTrustOptions(new PemTrustOptions().addCertPath(cluster.certificate(trustedCa).toString()));
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void isDatabaseUnavailable(Way way) throws Exception {
        Throwable failure = connect(way.misconfigure.apply(working()));
        assertEquals(way.sqlState, DatabaseFailure.of(failure).map(DatabaseFailure::sqlState).orElse(null), failure.toString());
        assertTrue(DatabaseFailure.isUnavailable(failure), way + ": " + failure);
        ProblemException problem = new DatabaseProblems().classify(failure).orElseThrow();
        assertEquals(ProblemCode.DATABASE_UNAVAILABLE, problem.code(), way + ": " + failure);
        for (String secret : List.of("no-such-host", "erp_", "no_such_database", "not-the-password", "localhost",
                String.valueOf(port))) {
            assertFalse(problem.detail().contains(secret), problem.detail());
        }
    }

    @Test
    void withTheRightCertificateAndHostTheSameSettingsConnectOverTls() throws Exception {
        // The control: the cluster is sound; in the cases above only the way it is reached is wrong.
        PgConnectOptions options = tls(working(), "ca.pem");
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(options).using(vertx).build();
        try {
            String ssl = pool.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute()
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).iterator().next().getValue(0).toString();
            assertEquals("true", ssl);
        } finally {
            pool.close();
        }
    }

    /** The failure of a pooled connection's first statement, as the service meets it. */
    private static Throwable connect(PgConnectOptions options) throws Exception {
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(options).using(vertx).build();
        try {
            pool.query("SELECT 1").execute().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            throw new AssertionError("connected with " + options.getHost() + ":" + options.getPort());
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } finally {
            pool.close();
        }
    }
}
