package org.erp.provisioning.domain;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.count;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
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
class DomainDeleteTest {

    private static String domains(String accountId) {
        return "/api/v1/accounts/" + accountId + "/domains";
    }

    private static String addDomain(String account, String name) {
        return post(domains(account), "{\"domain\":\"" + name + "\"}").statusCode(201).extract().path("id");
    }

    @Test
    void aDeletedDomainIsGoneAndItsNameIsFreeForAnyAccountAtOnce() {
        String wrong = createAccount();
        String rightful = createAccount();
        String name = unique("rightful") + ".example";
        String domain = addDomain(wrong, name);
        post(domains(rightful), "{\"domain\":\"" + name.toUpperCase() + "\"}").statusCode(409)
                .body("code", equalTo("domain-taken"));

        given().when().delete(domains(wrong) + "/" + domain).then().statusCode(204).body(emptyString());

        assertEquals(0, count("partner_domains", "id = '" + domain + "'"));
        given().get(domains(wrong) + "/" + domain).then().statusCode(404).body("code", equalTo("domain-not-found"));
        post(domains(rightful), "{\"domain\":\"" + name + "\"}").statusCode(201).body("accountId", equalTo(rightful));
        // The account and its other rows stay.
        given().get("/api/v1/accounts/" + wrong).then().statusCode(200);
    }

    @Test
    void aDomainThatIsNotThereIsNotFound() {
        String account = createAccount();
        String other = createAccount();
        String domain = addDomain(account, unique("held") + ".example");
        // Another account's domain, an unknown id, an id that is not a UUID.
        for (String path : List.of(domains(other) + "/" + domain, domains(account) + "/" + UUID.randomUUID(),
                domains(account) + "/not-a-uuid")) {
            given().when().delete(path).then().statusCode(404).contentType("application/problem+json")
                    .body("code", equalTo("domain-not-found"));
        }
        assertEquals(1, count("partner_domains", "id = '" + domain + "'"), "the other account's delete removed nothing");
        // Deleted once, gone: a second delete is a 404 too.
        given().when().delete(domains(account) + "/" + domain).then().statusCode(204);
        given().when().delete(domains(account) + "/" + domain).then().statusCode(404).body("code", equalTo("domain-not-found"));
        // Under an account that does not exist, the account is what is missing, as for a GET.
        given().when().delete(domains(UUID.randomUUID().toString()) + "/" + domain).then().statusCode(404)
                .body("code", equalTo("account-not-found"));
    }

    @Test
    void ofTwoConcurrentDeletesOneSucceedsAndTheOtherIsNotFound() throws Exception {
        String account = createAccount();
        String domain = addDomain(account, unique("race") + ".example");
        // The row is held by another transaction until both deletes wait on it; then one removes it.
        Process holder = EvaDatabase.sqlInBackground("BEGIN; SELECT id FROM partner_domains WHERE id = '" + domain
                + "' FOR UPDATE; SELECT pg_sleep(1); COMMIT;");
        while (count("pg_stat_activity", "query LIKE 'BEGIN; SELECT id FROM partner_domains%' AND state = 'active'") == 0) {
            Thread.sleep(20);
        }
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<Integer>> deletes = IntStream.range(0, 2).mapToObj(i -> CompletableFuture.supplyAsync(
                    () -> given().when().delete(domains(account) + "/" + domain).then().extract().statusCode(), clients)).toList();
            List<Integer> statuses = deletes.stream().map(CompletableFuture::join).sorted().toList();
            assertEquals(List.of(204, 404), statuses);
        } finally {
            clients.shutdown();
            holder.waitFor();
        }
        assertEquals(0, count("partner_domains", "id = '" + domain + "'"));
    }
}
