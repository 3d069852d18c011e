package org.erp.provisioning.reliability;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.metric;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/**
 * EVA widens a column while the service runs, with the pool that ships (16 connections). Every pooled connection
 * holds statements prepared before the change, which PostgreSQL now refuses once ("cached plan must not change result
 * type", 0A000) and prepares afresh; the service runs the work again, up to once per connection, instead of answering
 * 500, however many stale connections a request meets. A column type restored afterwards keeps this from touching
 * other tests.
 */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class ColumnTypeChangeTest {

    private static final int CLIENTS = 16;

    @Test
    void statementsPreparedBeforeEvaChangesAColumnTypeAreRunAgain() {
        String id = createAccount();
        List<Supplier<Integer>> requests = List.of(
                () -> given().get("/api/v1/accounts/" + id).statusCode(),
                () -> given().get("/api/v1/accounts?limit=1").statusCode(),
                () -> given().contentType(ContentType.JSON).body("{\"name\":\"" + unique("renamed") + "\"}")
                        .patch("/api/v1/accounts/" + id).statusCode());
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
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

    /** The distinct statuses of each request sent by every client at once, three times over, so many connections serve each. */
    private static List<Integer> answers(ExecutorService clients, List<Supplier<Integer>> requests) {
        return IntStream.range(0, 3).boxed().flatMap(round -> requests.stream()).flatMap(request -> {
            List<CompletableFuture<Integer>> all = IntStream.range(0, CLIENTS)
                    .mapToObj(i -> CompletableFuture.supplyAsync(request, clients)).toList();
            return all.stream().map(CompletableFuture::join);
        }).distinct().toList();
    }
}
