package org.erp.provisioning.account;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.patch;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.Test;

/** A 409 for a taken slug or domain names the resource holding it, so a retried create can tell its own first try. */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class TakenValuesTest {

    private static String account(String slug) {
        return """
                {"name":"Retry %s","slug":"%s","ownerEmail":"ops@%s.example"}""".formatted(slug, slug, slug);
    }

    @Test
    void aRetriedCreateLearnsWhichAccountHoldsTheSlug() {
        String slug = unique("retry");
        String first = post("/api/v1/accounts", account(slug)).statusCode(201).extract().path("id");

        String existing = post("/api/v1/accounts", account(slug)).statusCode(409)
                .body("code", equalTo("slug-taken"))
                .body("existing", equalTo("/api/v1/accounts/" + first))
                .body("errors[0].field", equalTo("slug"))
                .body("errors[0].existing", equalTo("/api/v1/accounts/" + first))
                .extract().path("existing");
        given().get(existing).then().statusCode(200).body("slug", equalTo(slug));
        // A dry run finds the same conflict, and says the same.
        given().contentType("application/json").body(account(slug)).post("/api/v1/accounts?dryRun=true").then()
                .statusCode(409).body("existing", equalTo("/api/v1/accounts/" + first));
        // A slug derived from the name is looked up as derived.
        post("/api/v1/accounts", """
                {"name":"%s","ownerEmail":"ops@derived.example"}""".formatted(slug.toUpperCase())).statusCode(409)
                .body("existing", equalTo("/api/v1/accounts/" + first));
    }

    @Test
    void aPatchToATakenSlugNamesItsHolder() {
        String slug = unique("held");
        String holder = post("/api/v1/accounts", account(slug)).statusCode(201).extract().path("id");
        String other = createAccount();
        patch("/api/v1/accounts/" + other, "{\"slug\":\"" + slug + "\"}").statusCode(409)
                .body("code", equalTo("slug-taken")).body("existing", equalTo("/api/v1/accounts/" + holder));
    }

    @Test
    void aTakenDomainNamesTheDomainThatHoldsIt() {
        String holder = createAccount();
        String name = unique("taken") + ".example";
        String domain = post("/api/v1/accounts/" + holder + "/domains", "{\"domain\":\"" + name + "\"}")
                .statusCode(201).extract().path("id");
        String path = "/api/v1/accounts/" + holder + "/domains/" + domain;

        String other = createAccount();
        String existing = post("/api/v1/accounts/" + other + "/domains", "{\"domain\":\"" + name.toUpperCase() + "\"}")
                .statusCode(409).body("code", equalTo("domain-taken")).body("existing", equalTo(path))
                .extract().path("existing");
        given().get(existing).then().statusCode(200).body("domain", equalTo(name));
        // A rename onto the name, too.
        String own = post("/api/v1/accounts/" + other + "/domains", "{\"domain\":\"" + unique("own") + ".example\"}")
                .statusCode(201).extract().path("id");
        patch("/api/v1/accounts/" + other + "/domains/" + own, "{\"domain\":\"" + name + "\"}").statusCode(409)
                .body("existing", equalTo(path));
    }

    @Test
    void anAccountCreatedWithSeveralTakenDomainsNamesEachHolder() {
        String first = createAccount();
        String second = createAccount();
        String a = unique("one") + ".example";
        String b = unique("two") + ".example";
        String aId = post("/api/v1/accounts/" + first + "/domains", "{\"domain\":\"" + a + "\"}").statusCode(201).extract().path("id");
        String bId = post("/api/v1/accounts/" + second + "/domains", "{\"domain\":\"" + b + "\"}").statusCode(201).extract().path("id");
        String slug = unique("both");
        post("/api/v1/accounts", """
                {"name":"Both","slug":"%s","ownerEmail":"ops@both.example","domains":["free-%s","%s","%s"]}"""
                .formatted(slug, a, a.toUpperCase(), b.toUpperCase())).statusCode(409)
                .body("code", equalTo("domain-taken"))
                .body("errors", hasSize(2))
                .body("errors[0].field", equalTo("domains[1]"))
                .body("errors[0].existing", equalTo("/api/v1/accounts/" + first + "/domains/" + aId))
                .body("errors[1].field", equalTo("domains[2]"))
                .body("errors[1].existing", equalTo("/api/v1/accounts/" + second + "/domains/" + bId))
                .body("existing", equalTo("/api/v1/accounts/" + first + "/domains/" + aId));
        given().get("/api/v1/accounts?q=" + slug).then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void otherProblemsCarryNoExisting() {
        post("/api/v1/accounts", "{\"name\":\"\",\"ownerEmail\":\"x@y.example\"}").statusCode(400)
                .body("existing", nullValue()).body("errors[0].existing", nullValue());
    }

    @Test
    void aSlugHolderDeletedBeforeItIsLookedUpLeavesThe409WithoutExisting() throws Exception {
        String slug = unique("vanishing");
        ValidatableResponse refused = refusedThenHolderDeleted("accounts", "insert into accounts%",
                "INSERT INTO accounts (name, slug, owner_email) VALUES ('Holder', '" + slug + "', 'a@b.example')",
                "DELETE FROM accounts WHERE slug = '" + slug + "'",
                () -> post("/api/v1/accounts", account(slug)));
        refused.statusCode(409).body("code", equalTo("slug-taken"))
                .body("existing", nullValue()).body("errors[0].field", equalTo("slug")).body("errors[0].existing", nullValue());
        assertEquals(0, Fixtures.count("accounts", "slug = '" + slug + "'"));
    }

    @Test
    void aDomainHolderDeletedBeforeItIsLookedUpLeavesThe409WithoutExisting() throws Exception {
        String holder = createAccount();
        String other = createAccount();
        String name = unique("vanishing") + ".example";
        ValidatableResponse refused = refusedThenHolderDeleted("partner_domains", "insert into partner_domains%",
                "INSERT INTO partner_domains (account_id, domain) VALUES ('" + holder + "', '" + name + "')",
                "DELETE FROM partner_domains WHERE domain = '" + name + "'",
                () -> post("/api/v1/accounts/" + other + "/domains", "{\"domain\":\"" + name + "\"}"));
        refused.statusCode(409).body("code", equalTo("domain-taken")).body("existing", nullValue());
        assertEquals(0, Fixtures.count("partner_domains", "lower(domain) = '" + name + "'"));
    }

    @Test
    void aDomainHolderDeletedBeforeAnAccountWithDomainsLooksItUpNamesTheListAndIsCounted() throws Exception {
        String holder = createAccount();
        String name = unique("vanishing-list") + ".example";
        String slug = unique("vanishing-list");
        double counted = Fixtures.metric("erp_database_errors_total", "sqlstate=\"23505\"");
        ValidatableResponse refused = refusedThenHolderDeleted("partner_domains", "with account as (insert into accounts%",
                "INSERT INTO partner_domains (account_id, domain) VALUES ('" + holder + "', '" + name + "')",
                "DELETE FROM partner_domains WHERE domain = '" + name + "'",
                () -> post("/api/v1/accounts", """
                        {"name":"List","slug":"%s","ownerEmail":"ops@list.example","domains":["%s"]}""".formatted(slug, name)));
        refused.statusCode(409).body("code", equalTo("domain-taken")).body("existing", nullValue())
                .body("errors", hasSize(1)).body("errors[0].field", equalTo("domains"))
                .body("errors[0].existing", nullValue());
        assertEquals(0, Fixtures.count("accounts", "slug = '" + slug + "'"));
        assertEquals(counted + 1, Fixtures.metric("erp_database_errors_total", "sqlstate=\"23505\""),
                "the refusal is counted once, by its SQLSTATE");
    }

    @Test
    void aTakenSlugIsCountedOnce() {
        String slug = unique("counted");
        post("/api/v1/accounts", account(slug)).statusCode(201);
        double counted = Fixtures.metric("erp_database_errors_total", "sqlstate=\"23505\"");
        post("/api/v1/accounts", account(slug)).statusCode(409);
        assertEquals(counted + 1, Fixtures.metric("erp_database_errors_total", "sqlstate=\"23505\""));
    }

    /**
     * The holder is gone when the service looks it up after the refusal (another writer deleted it in between):
     * the conflict stands, without {@code existing}. Plays the other writers with psql: one inserts the holder and
     * commits only once the request waits on its row; another has queued for an exclusive lock on the table by then,
     * gets it as soon as the request's INSERT is refused, ahead of the request's look-up, and deletes the holder.
     */
    private static ValidatableResponse refusedThenHolderDeleted(String table, String serviceStatement, String insertHolder,
                                                                String deleteHolder, Supplier<ValidatableResponse> request)
            throws Exception {
        Process holder = EvaDatabase.sqlInBackground("BEGIN; " + insertHolder + "; SELECT pg_sleep(3); COMMIT;");
        Process deleter = null;
        try {
            awaitActivity("query LIKE 'BEGIN; " + insertHolder.substring(0, 20) + "%' AND state = 'active'");
            CompletableFuture<ValidatableResponse> answer = CompletableFuture.supplyAsync(request);
            awaitActivity("usename = 'erp_provisioning' AND query ILIKE '" + serviceStatement + "' AND wait_event_type = 'Lock'");
            deleter = EvaDatabase.sqlInBackground("BEGIN; LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE; "
                    + deleteHolder + "; COMMIT;");
            awaitActivity("query LIKE 'BEGIN; LOCK TABLE " + table + "%' AND wait_event_type = 'Lock'");
            return answer.join();
        } finally {
            holder.waitFor();
            if (deleter != null) {
                deleter.waitFor();
            }
        }
    }

    private static void awaitActivity(String where) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(10));
        while (Fixtures.count("pg_stat_activity", where) == 0) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("no session with " + where);
            }
            Thread.sleep(20);
        }
    }
}
