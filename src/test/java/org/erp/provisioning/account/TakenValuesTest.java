package org.erp.provisioning.account;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.patch;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.erp.provisioning.support.EvaDatabase;
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
}
