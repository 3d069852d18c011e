package org.erp.provisioning.persistence;

import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * With {@code erp.db.pipelined-connections=0} (the setting for PgBouncer) an account created alone goes through the
 * pool, and answers exactly as on the pipelined client.
 */
@QuarkusTest
@TestProfile(PipeliningOffTest.NoPipelining.class)
@WithTestResource(EvaDatabase.class)
class PipeliningOffTest {

    public static class NoPipelining implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("erp.db.pipelined-connections", "0");
        }
    }

    @Test
    void anAccountAloneIsWrittenThroughThePoolWithTheSameAnswers() {
        String slug = unique("unpipelined");
        String body = """
                {"name":"Unpipelined","slug":"%s","ownerEmail":"o@x.example","subscriptionStatus":"PAST DUE"}""".formatted(slug);
        post("/api/v1/accounts", body).statusCode(201)
                .body("slug", equalTo(slug)).body("subscriptionStatus", equalTo("past_due"));
        assertEquals(1, Fixtures.count("accounts", "slug = '" + slug + "' AND subscription_status = 'past_due'"));
        post("/api/v1/accounts", body).statusCode(409).body("code", equalTo("slug-taken"));
        post("/api/v1/accounts", """
                {"name":"Fault","slug":"%s","ownerEmail":"sqlstate-40001@fault.example"}""".formatted(unique("fault")))
                .statusCode(503).body("code", equalTo("database-busy"));
    }
}
