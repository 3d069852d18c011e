package org.erp.provisioning.problem;

import static org.erp.provisioning.support.Fixtures.patch;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each SQLSTATE of the problem table, raised by the real database (see faults.sql), becomes its problem. */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class DatabaseProblemsTest {

    /** An account alone: one INSERT. */
    private static ValidatableResponse createWithOwner(String ownerEmail) {
        return post("/api/v1/accounts", """
                {"name":"Fault","slug":"%s","ownerEmail":"%s"}""".formatted(unique("fault"), ownerEmail));
    }

    /** An account with a domain: one statement writing both tables. */
    private static ValidatableResponse createWithOwnerAndDomain(String ownerEmail) {
        return post("/api/v1/accounts", """
                {"name":"Fault","slug":"%s","ownerEmail":"%s","domains":["%s.example"]}"""
                .formatted(unique("fault"), ownerEmail, unique("fault")));
    }

    @ParameterizedTest(name = "SQLSTATE {0} is {1} {2}")
    @CsvSource({
            "57014, 503, database-unavailable",
            "53300, 503, database-unavailable",
            "40P01, 503, database-busy",
            "55P03, 503, database-busy",
            "25006, 503, database-unavailable",
            "28P01, 503, database-unavailable",
            "42804, 500, schema-mismatch",
            "42883, 500, schema-mismatch",
            "42703, 500, schema-mismatch",
            "42P01, 500, schema-mismatch",
            "23514, 400, constraint-violated",
            "23502, 400, constraint-violated",
            "22001, 400, constraint-violated",
            "22021, 400, constraint-violated",
            "22003, 400, constraint-violated",
            "23503, 404, account-not-found",
            "XX000, 500, internal-error"})
    void mapsTheSqlStateToItsProblem(String sqlState, int status, String code) {
        String owner = "sqlstate-" + sqlState + "@fault.example";
        assertProblem(createWithOwner(owner), status, code);
        assertProblem(createWithOwnerAndDomain(owner), status, code);
    }

    private static void assertProblem(ValidatableResponse response, int status, String code) {
        response.statusCode(status)
                .contentType("application/problem+json")
                .body("code", equalTo(code))
                .body("requestId", notNullValue())
                .body("detail", not(containsString("INSERT")))
                .body("detail", not(containsString("insert into")))
                .body("detail", not(containsString("Exception")));
        if (status == 503) {
            response.header("Retry-After", notNullValue());
        }
    }

    @Test
    void aStatementOverTheStatementTimeoutIsCancelledByTheServer() {
        createWithOwner("sleep-7@fault.example").statusCode(503)
                .body("code", equalTo("database-unavailable")).header("Retry-After", notNullValue());
    }

    @Test
    void aConnectionTerminatedByAnAdministratorMidStatementIsUnavailableAndThePoolRecovers() throws Exception {
        CompletableFuture<ValidatableResponse> slow = CompletableFuture.supplyAsync(
                () -> createWithOwner("sleep-3@fault.example"));
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        String terminated = "";
        while (terminated.isEmpty() && System.nanoTime() < deadline) {
            terminated = EvaDatabase.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                    + EvaDatabase.SERVICE_INSERTING_ACCOUNT);
        }
        assertEquals("t", terminated, "the slow insert was seen and terminated");
        slow.get(10, TimeUnit.SECONDS).statusCode(503).body("code", equalTo("database-unavailable"));
        createWithOwner("after-termination@fault.example").statusCode(201);
    }

    @Test
    void aSerializationFailureIsRetriedInsideTheService() {
        assertEquals(2, attemptsOf(() -> createWithOwner("flaky@fault.example").statusCode(201)),
                "the failed attempt and its retry, alone");
        assertEquals(2, attemptsOf(() -> createWithOwnerAndDomain("flaky@fault.example").statusCode(201)),
                "the failed attempt and its retry, with a domain");
    }

    /**
     * A change runs in a Hibernate Reactive transaction (the row locked, read, updated): a serialization failure at its
     * UPDATE is retried, after the back-off, as a fresh transaction, and the change is made once.
     */
    @Test
    void aSerializationFailureInAChangeIsRetriedAsAFreshTransaction() {
        String location = createWithOwner("steady@fault.example").statusCode(201).extract().header("Location");
        String path = location.substring(location.indexOf("/api/v1/"));
        EvaDatabase.sql("CREATE TRIGGER accounts_injected_update_fault BEFORE UPDATE ON accounts"
                + " FOR EACH ROW EXECUTE FUNCTION raise_injected_fault()");
        try {
            assertEquals(2, attemptsOf(() -> patch(path, """
                    {"ownerEmail":"flaky@fault.example","name":"Changed once"}""").statusCode(200)
                    .body("ownerEmail", equalTo("flaky@fault.example")).body("name", equalTo("Changed once"))),
                    "the failed attempt and its retry");
        } finally {
            EvaDatabase.sql("DROP TRIGGER accounts_injected_update_fault ON accounts");
        }
        assertEquals("flaky@fault.example|Changed once", EvaDatabase.sql(
                "SELECT owner_email || '|' || name FROM accounts WHERE id = '" + path.substring(path.lastIndexOf('/') + 1) + "'"));
    }

    /** Attempts the database saw for {@code write}, its first one made to fail with 40001 (an odd number, faults.sql). */
    private static long attemptsOf(Runnable write) {
        long before = Long.parseLong(EvaDatabase.sql(
                "SELECT setval('fault_attempts', (SELECT last_value FROM fault_attempts) / 2 * 2 + 2)"));
        write.run();
        return attempts() - before;
    }

    @ParameterizedTest(name = "SQLSTATE {0}")
    @ValueSource(strings = {"40001", "40P01", "55P03"})
    void retriesAreBoundedThenTheClientIsToldToComeBack(String sqlState) {
        long before = Long.parseLong(EvaDatabase.sql("SELECT nextval('fault_attempts')"));
        createWithOwner("sqlstate-" + sqlState + "@fault.example").statusCode(503)
                .body("code", equalTo("database-busy")).header("Retry-After", equalTo("2"));
        assertEquals(4, attempts() - before, "one attempt and three retries");
    }

    @Test
    void anyOtherUniqueViolationIsAConflictNamingTheConstraint() {
        String email = unique("unique") + "@fault.example";
        createWithOwner(email).statusCode(201);
        createWithOwner(email).statusCode(409)
                .body("code", equalTo("conflict"))
                .body("detail", containsString("accounts_fault_email_key"));
    }

    private static long attempts() {
        return Long.parseLong(EvaDatabase.sql("SELECT last_value FROM fault_attempts"));
    }
}
