package org.erp.provisioning.reliability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.SettingUnderTest;
import org.junit.jupiter.api.Test;

/**
 * Reads of the enum catalog and the schema that the database does not answer end at the deadline, like writes:
 * {@code GET /api/v1/enums} is told 503 and readiness goes down, neither waits for the statement timeout (or, with
 * a peer gone silent, for TCP to give up). Here a lock on {@code pg_enum} holds the catalog query.
 */
@QuarkusTest
@TestProfile(CatalogReadDeadlineTest.ShortDeadline.class)
@WithTestResource(EvaDatabase.class)
class CatalogReadDeadlineTest {

    public static class ShortDeadline implements QuarkusTestProfile, SettingUnderTest {

        @Override
        public String settingUnderTest() {
            return "erp.db.deadline shorter than the statement timeout, so the deadline, not the server, ends the catalog read";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("erp.db.deadline", "1s", "erp.db.statement-timeout", "6s");
        }
    }

    @Test
    void anUnansweredCatalogReadEndsAtTheDeadline() throws Exception {
        // Read once before the lock, so the time measured below is the service's alone: the client's contract check
        // loads the OpenAPI document on the class's first request, and on a slow start the catalog was not read yet.
        given().when().get("/api/v1/enums").then().statusCode(200);
        Process holder = EvaDatabase.sqlInBackground(
                "BEGIN; LOCK TABLE pg_catalog.pg_enum IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(8); COMMIT;");
        try {
            awaitLockOnPgEnum();
            long start = System.nanoTime();
            Response enums = given().when().get("/api/v1/enums");
            long enumsMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, enums.statusCode(), enums.asString());
            assertEquals("database-unavailable", enums.path("code"));
            // Without the deadline the statement timeout (6 s) would end it.
            assertTrue(enumsMillis < 4000, "answered after " + enumsMillis + " ms");

            start = System.nanoTime();
            given().when().get("/q/health/ready").then().statusCode(503);
            long readyMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(readyMillis < 4000, "readiness answered after " + readyMillis + " ms");
        } finally {
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "the lock holder ended");
        }
        given().when().get("/api/v1/enums").then().statusCode(200).body("dealStage[0]", equalTo("prospecting"));
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    private static void awaitLockOnPgEnum() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!EvaDatabase.sql("SELECT 1 FROM pg_locks WHERE relation = 'pg_catalog.pg_enum'::regclass"
                    + " AND mode = 'AccessExclusiveLock' AND granted").isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("pg_enum was not locked");
    }
}
