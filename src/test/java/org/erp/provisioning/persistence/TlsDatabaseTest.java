package org.erp.provisioning.persistence;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.patch;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.erp.provisioning.support.SettingUnderTest;
import org.erp.provisioning.support.TlsCluster;
import org.junit.jupiter.api.Test;

/**
 * The service against a PostgreSQL that accepts TLS only, as a managed production database does: the standard
 * Quarkus keys for {@code verify-full} with the CA that signed the server, a SCRAM login. The main account flow
 * works, and every connection the service opened (the pool and, turned on here, the pipelined connections) is
 * encrypted.
 */
@QuarkusTest
@WithTestResource(TlsDatabaseTest.TlsOnlyDatabase.class)
class TlsDatabaseTest {

    /** The cluster, with the settings production uses to reach it (k8s/README.md, TLS to the database). */
    public static class TlsOnlyDatabase implements QuarkusTestResourceLifecycleManager, SettingUnderTest {

        @Override
        public String settingUnderTest() {
            return "TLS to the database (verify-full), on the pool and on pipelined connections";
        }


        static TlsCluster cluster;

        @Override
        public Map<String, String> start() {
            cluster = new TlsCluster(true);
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://localhost:" + cluster.port() + "/eva",
                    "quarkus.datasource.username", "erp_provisioning",
                    "quarkus.datasource.password", "erp_provisioning",
                    "erp.db.pipelined-connections", "2",
                    "quarkus.datasource.reactive.postgresql.ssl-mode", "verify-full",
                    "quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS",
                    "quarkus.datasource.reactive.trust-certificate-pem", "true",
                    "quarkus.datasource.reactive.trust-certificate-pem.certs", cluster.certificate("ca.pem").toString());
        }

        @Override
        public void stop() {
            cluster.stop();
        }
    }

    @Test
    void theAccountFlowRunsOverTlsOnEveryConnection() {
        String slug = unique("tls");
        // Creates, alone and with a domain, run on the pipelined connections; the reads and the patch on the pool.
        String alone = post("/api/v1/accounts", """
                {"name":"Tls","slug":"%s","ownerEmail":"ops@tls.example","subscriptionStatus":"trialing"}""".formatted(slug))
                .statusCode(201).extract().path("id");
        String withDomain = post("/api/v1/accounts", """
                {"name":"%s too","ownerEmail":"ops@tls.example","domains":["%s.example"]}""".formatted(slug, slug))
                .statusCode(201).extract().path("id");
        given().get("/api/v1/accounts/" + alone).then().statusCode(200).body("slug", equalTo(slug));
        patch("/api/v1/accounts/" + alone, "{\"planTier\":\"growth\"}").statusCode(200).body("planTier", equalTo("growth"));
        given().get("/api/v1/accounts?q=" + slug).then().statusCode(200).body("items", hasSize(2));
        given().get("/api/v1/accounts/" + withDomain + "/domains").then().statusCode(200).body("items", hasSize(1));
        given().get("/q/health/ready").then().statusCode(200);

        String connections = TlsOnlyDatabase.cluster.sql("""
                SELECT a.application_name || ':' || s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
                WHERE a.usename = 'erp_provisioning'""");
        assertTrue(connections.lines().count() >= 2, "the pool and the pipelined connections: " + connections);
        assertTrue(connections.lines().allMatch(line -> line.endsWith(":true")), "every connection encrypted: " + connections);
        assertEquals("0", TlsOnlyDatabase.cluster.sql(
                "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename = 'erp_provisioning' AND NOT s.ssl"));
    }

    @Test
    void theDatabaseTakesNoConnectionWithoutTls() {
        // The control: a login without TLS is refused by the server itself, so the flow above could not have
        // run on a plain connection.
        ProcessBuilder plain = new ProcessBuilder("psql", "-X", "-At", "host=127.0.0.1 port=" + TlsOnlyDatabase.cluster.port()
                + " user=erp_provisioning password=erp_provisioning dbname=eva sslmode=disable", "-c", "SELECT 1")
                .redirectErrorStream(true);
        try {
            Process process = plain.start();
            String output = new String(process.getInputStream().readAllBytes());
            assertTrue(process.waitFor() != 0 && output.contains("no pg_hba.conf entry"), output);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        createAccount();
    }
}
