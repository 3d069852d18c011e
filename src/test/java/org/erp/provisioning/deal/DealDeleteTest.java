package org.erp.provisioning.deal;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.count;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.post;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EvaDatabase.class)
class DealDeleteTest {

    private static String deals(String accountId) {
        return "/api/v1/accounts/" + accountId + "/deals";
    }

    private static String addDeal(String account) {
        return post(deals(account), "{\"title\":\"Entered by mistake\",\"amountCents\":100,\"currency\":\"eur\"}")
                .statusCode(201).extract().path("id");
    }

    @Test
    void aDeletedDealIsGoneAndTheAccountsOtherDealsStay() {
        String account = createAccount();
        String mistake = addDeal(account);
        String kept = addDeal(account);

        given().when().delete(deals(account) + "/" + mistake).then().statusCode(204).body(emptyString());

        assertEquals(0, count("partner_deals", "id = '" + mistake + "'"));
        given().get(deals(account) + "/" + mistake).then().statusCode(404).body("code", equalTo("deal-not-found"));
        given().get(deals(account)).then().statusCode(200).body("items", hasSize(1)).body("items[0].id", equalTo(kept));
    }

    @Test
    void aDealThatIsNotThereIsNotFound() {
        String account = createAccount();
        String other = createAccount();
        String deal = addDeal(account);
        for (String path : List.of(deals(other) + "/" + deal, deals(account) + "/" + UUID.randomUUID(),
                deals(account) + "/42")) {
            given().when().delete(path).then().statusCode(404).contentType("application/problem+json")
                    .body("code", equalTo("deal-not-found"));
        }
        assertEquals(1, count("partner_deals", "id = '" + deal + "'"));
        given().when().delete(deals(UUID.randomUUID().toString()) + "/" + deal).then().statusCode(404)
                .body("code", equalTo("account-not-found"));
    }

    @Test
    void ofTwoConcurrentDeletesOneSucceedsAndTheOtherIsNotFound() throws Exception {
        String account = createAccount();
        String deal = addDeal(account);
        Process holder = EvaDatabase.sqlInBackground("BEGIN; SELECT id FROM partner_deals WHERE id = '" + deal
                + "' FOR UPDATE; SELECT pg_sleep(1); COMMIT;");
        while (count("pg_stat_activity", "query LIKE 'BEGIN; SELECT id FROM partner_deals%' AND state = 'active'") == 0) {
            Thread.sleep(20);
        }
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            List<Integer> statuses = IntStream.range(0, 2).mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> given().when().delete(deals(account) + "/" + deal).then().extract().statusCode(), clients))
                    .toList().stream().map(CompletableFuture::join).sorted().toList();
            assertEquals(List.of(204, 404), statuses);
        } finally {
            clients.shutdown();
            holder.waitFor();
        }
    }

    @Test
    void accountsCannotBeDeleted() {
        String account = createAccount();
        given().when().delete("/api/v1/accounts/" + account).then().statusCode(405)
                .contentType("application/problem+json").body("code", equalTo("method-not-allowed"));
        assertEquals(1, count("accounts", "id = '" + account + "'"));
    }
}
