package org.erp.provisioning.reliability;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.metric;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/**
 * EVA widens a column while the service runs. Every pooled connection holds statements prepared before the change,
 * which PostgreSQL now refuses once ("cached plan must not change result type", 0A000); the service runs the work
 * again instead of answering 500. Its own pool (two connections, both used before the change) and a column type
 * restored afterwards keep this from touching other tests.
 */
@QuarkusTest
@TestProfile(ColumnTypeChangeTest.TwoConnections.class)
@WithTestResource(EvaDatabase.class)
class ColumnTypeChangeTest {

    public static class TwoConnections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.max-size", "2");
        }
    }

    @Test
    void statementsPreparedBeforeEvaChangesAColumnTypeAreRunAgain() {
        String id = createAccount();
        List<Supplier<Integer>> requests = List.of(
                () -> given().get("/api/v1/accounts/" + id).statusCode(),
                () -> given().get("/api/v1/accounts?limit=1").statusCode(),
                () -> given().contentType(ContentType.JSON).body("{\"name\":\"" + unique("renamed") + "\"}")
                        .patch("/api/v1/accounts/" + id).statusCode());
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            assertEquals(List.of(200), answers(clients, requests), "before the change");
            double staleBefore = staleStatementsRunAgain();
            EvaDatabase.sql("ALTER TABLE accounts ALTER COLUMN name TYPE varchar(250)");
            assertEquals(List.of(200), answers(clients, requests), "after the change");
            assertTrue(staleStatementsRunAgain() > staleBefore, "PostgreSQL refused statements prepared before the change");
        } finally {
            clients.shutdownNow();
            EvaDatabase.sql("ALTER TABLE accounts ALTER COLUMN name TYPE varchar(200)");
        }
    }

    private static double staleStatementsRunAgain() {
        return metric("erp_database_retryable_failures_total", "sqlstate=\"0A000\"");
    }

    /** The distinct statuses of each request sent twice at once, three times over, so both connections serve each. */
    private static List<Integer> answers(ExecutorService clients, List<Supplier<Integer>> requests) {
        return IntStream.range(0, 3).boxed().flatMap(round -> requests.stream()).flatMap(request -> {
            List<CompletableFuture<Integer>> pair = List.of(CompletableFuture.supplyAsync(request, clients),
                    CompletableFuture.supplyAsync(request, clients));
            return pair.stream().map(CompletableFuture::join);
        }).distinct().toList();
    }
}
