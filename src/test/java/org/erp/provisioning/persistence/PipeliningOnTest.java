package org.erp.provisioning.persistence;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * With {@code erp.db.pipelined-connections} above 0 (off by default) an account created alone is one INSERT on the
 * pipelined client, and answers exactly as through the pool.
 */
@QuarkusTest
@TestProfile(PipeliningOnTest.Pipelining.class)
@WithTestResource(EvaDatabase.class)
class PipeliningOnTest {

    public static class Pipelining implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("erp.db.pipelined-connections", "2");
        }
    }

    @Test
    void anAccountAloneIsWrittenOnThePipelinedClientWithTheSameAnswers() {
        String slug = unique("pipelined");
        String body = """
                {"name":"Pipelined","slug":"%s","ownerEmail":"o@x.example","subscriptionStatus":"PAST DUE"}""".formatted(slug);
        post("/api/v1/accounts", body).statusCode(201)
                .body("slug", equalTo(slug)).body("subscriptionStatus", equalTo("past_due"));
        assertEquals(1, Fixtures.count("accounts", "slug = '" + slug + "' AND subscription_status = 'past_due'"));
        post("/api/v1/accounts", body).statusCode(409).body("code", equalTo("slug-taken"));
        post("/api/v1/accounts", """
                {"name":"Fault","slug":"%s","ownerEmail":"sqlstate-40001@fault.example"}""".formatted(unique("fault")))
                .statusCode(503).body("code", equalTo("database-busy"));
        // The pipelined client has its own pool, and the INSERTs above went through it.
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("sql_pool_queue_size{pool_name=\"eva-pipelined\""))
                .body(containsString("postgresql_queue_size{clientName=\"eva-pipelined\""));
        assertTrue(pipelinedUsage() > 0, "the pipelined pool served the creates");
    }

    /** How many times a connection of the pipelined pool was used, from {@code sql_pool_usage_seconds_count}. */
    private static double pipelinedUsage() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("sql_pool_usage_seconds_count{") && line.contains("pool_name=\"eva-pipelined\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
