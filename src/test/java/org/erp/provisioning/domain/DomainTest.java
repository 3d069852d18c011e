package org.erp.provisioning.domain;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.ContractFilter.givenALabelNotYetRead;
import static org.erp.provisioning.support.Fixtures.count;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.patch;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(EvaDatabase.class)
class DomainTest {

    private static String domains(String accountId) {
        return "/api/v1/accounts/" + accountId + "/domains";
    }

    @Test
    void normalisesTheNameAndStoresInternationalNamesAsPunycode() {
        String account = createAccount();
        String tag = unique("büch");
        String location = post(domains(account), "{\"domain\":\"  " + tag.toUpperCase() + ".Example. \"}")
                .statusCode(201)
                .body("domain", equalTo("xn--" + java.net.IDN.toASCII(tag).substring(4) + ".example"))
                .body("status", equalTo("pending"))
                .body("verifiedAt", nullValue())
                .body("accountId", equalTo(account))
                .extract().header("Location");
        given().get(location).then().statusCode(200).body("domain", endsWith(".example"));
    }

    @Test
    void aNameTheTwoIdnaRulesEncodeApartIsAskedForInItsAsciiForm() {
        String account = createAccount();
        String tag = unique("stra");
        // IDNA2003 would store strasse-...: another domain than the one IDNA2008 (registries, browsers) means.
        post(domains(account), "{\"domain\":\"" + tag + "ße.example\"}").statusCode(400)
                .body("errors[0].field", equalTo("domain")).body("errors[0].code", equalTo("invalid-format"))
                .body("errors[0].message", containsString("xn--"));
        assertEquals(0, count("partner_domains", "domain LIKE '" + tag + "%'"));
        // Its xn-- form (IDNA2008's encoding of straße) is stored as sent.
        post(domains(account), "{\"domain\":\"xn--strae-oqa." + tag + ".example\"}").statusCode(201)
                .body("domain", equalTo("xn--strae-oqa." + tag + ".example"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "a..example", "-bad.example", "bad-.example", "under_score.example", "",
            "has space.example"})
    void refusesWhatIsNotAHostNameOfTwoLabels(String name) {
        post(domains(createAccount()), "{\"domain\":\"" + name + "\"}").statusCode(400)
                .body("errors[0].field", equalTo("domain"));
    }

    @Test
    void refusesLabelsAndNamesOverTheLengthLimits() {
        String account = createAccount();
        post(domains(account), "{\"domain\":\"" + "a".repeat(64) + ".example\"}").statusCode(400);
        String longName = String.join(".", java.util.Collections.nCopies(50, "abcd")) + ".example";
        post(domains(account), "{\"domain\":\"" + longName + "\"}").statusCode(400)
                .body("errors[0].code", equalTo("invalid-format"));
    }

    @Test
    void verifiedAtFollowsTheStatusInAnySpelling() {
        String account = createAccount();
        String id = post(domains(account), "{\"domain\":\"" + unique("v") + ".example\",\"status\":\" VERIFIED \"}")
                .statusCode(201).body("status", equalTo("verified")).body("verifiedAt", notNullValue())
                .extract().path("id");
        patch(domains(account) + "/" + id, "{\"status\":\"\"}").statusCode(200)
                .body("status", equalTo("verified")).body("verifiedAt", notNullValue());
        patch(domains(account) + "/" + id, "{\"status\":\"Failed\"}").statusCode(200)
                .body("status", equalTo("failed")).body("verifiedAt", nullValue());
        patch(domains(account) + "/" + id, "{\"status\":\"gone\"}").statusCode(400)
                .body("code", equalTo("invalid-enum-value"))
                .body("errors[0].allowedValues", hasItem("revoked"));
        post(domains(account), "{\"domain\":\"" + unique("n") + ".example\",\"status\":null}").statusCode(201)
                .body("status", equalTo("pending"));
    }

    @Test
    void withoutAStatusEvasDefaultAppliesEvenAfterARename() {
        String account = createAccount();
        EvaDatabase.sql("ALTER TYPE domain_status RENAME VALUE 'pending' TO 'awaiting'");
        try {
            givenALabelNotYetRead().contentType(ContentType.JSON).body("{\"domain\":\"" + unique("def") + ".example\"}")
                    .post(domains(account)).then().statusCode(201)
                    .body("status", equalTo("awaiting")).body("verifiedAt", nullValue());
        } finally {
            EvaDatabase.sql("ALTER TYPE domain_status RENAME VALUE 'awaiting' TO 'pending'");
        }
    }

    @Test
    void aDomainHeldByAnyAccountInAnyCaseIsTaken() {
        String name = unique("held") + ".example";
        post(domains(createAccount()), "{\"domain\":\"" + name + "\"}").statusCode(201);
        post(domains(createAccount()), "{\"domain\":\"" + name.toUpperCase() + "\"}").statusCode(409)
                .body("code", equalTo("domain-taken"));
    }

    @Test
    void twoAccountsRacingForOneDomainGetOneCreatedAndConflicts() throws Exception {
        String name = unique("race") + ".example";
        List<String> accounts = IntStream.range(0, 8).mapToObj(i -> createAccount()).toList();
        var pool = Executors.newFixedThreadPool(accounts.size());
        try {
            List<CompletableFuture<Integer>> answers = accounts.stream().map(account -> CompletableFuture.supplyAsync(
                    () -> post(domains(account), "{\"domain\":\"" + name + "\"}").extract().statusCode(), pool)).toList();
            List<Integer> statuses = answers.stream().map(CompletableFuture::join).toList();
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(accounts.size() - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Fixtures.count("partner_domains", "lower(domain) = '" + name + "'"));
    }

    @Test
    void unknownAccountsAndDomainsAreTheirNotFound() {
        String account = createAccount();
        post(domains("00000000-0000-0000-0000-000000000000"), "{\"domain\":\"" + unique("x") + ".example\"}")
                .statusCode(404).body("code", equalTo("account-not-found"));
        post(domains("nope"), "{\"domain\":\"x.example\"}").statusCode(404).body("code", equalTo("account-not-found"));
        given().get(domains("00000000-0000-0000-0000-000000000000")).then().statusCode(404)
                .body("code", equalTo("account-not-found"));
        given().get(domains(account) + "/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .body("code", equalTo("domain-not-found"));
        given().get(domains(account) + "/not-a-uuid").then().statusCode(404).body("code", equalTo("domain-not-found"));
    }

    @Test
    void readsTellAnAccountWithoutDomainsFromAMissingAccountAndAnotherAccountsDomain() {
        String empty = createAccount();
        given().get(domains(empty)).then().statusCode(200).body("items", hasSize(0));
        String holder = createAccount();
        String id = post(domains(holder), "{\"domain\":\"" + unique("held") + ".example\"}").statusCode(201)
                .extract().path("id");
        given().get(domains(holder) + "/" + id).then().statusCode(200).body("id", equalTo(id))
                .body("accountId", equalTo(holder)).body("verifiedAt", nullValue());
        given().get(domains(empty) + "/" + id).then().statusCode(404).body("code", equalTo("domain-not-found"));
        given().get(domains("00000000-0000-0000-0000-000000000000") + "/" + id).then().statusCode(404)
                .body("code", equalTo("account-not-found"));
    }

    @Test
    void anAccountDeletedUnderTheWriteIsAccountNotFound() {
        String account = createAccount();
        EvaDatabase.sql("DELETE FROM accounts WHERE id = '" + account + "'");
        post(domains(account), "{\"domain\":\"" + unique("gone") + ".example\"}").statusCode(404)
                .body("code", equalTo("account-not-found"));
    }

    @Test
    void aStatusLabelTheServiceHasNeverSeenIsListedAsItIs() {
        String account = createAccount();
        EvaDatabase.sql("ALTER TYPE domain_status ADD VALUE IF NOT EXISTS 'parked'");
        EvaDatabase.sql("INSERT INTO partner_domains (account_id, domain, status) VALUES ('" + account + "', '"
                + unique("parked") + ".example', 'parked')");
        givenALabelNotYetRead().get(domains(account)).then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].status", equalTo("parked"));
    }

    @Test
    void readOnlyAndUnknownFieldsAreRefused() {
        String account = createAccount();
        post(domains(account), "{\"domain\":\"" + unique("r") + ".example\",\"verifiedAt\":\"2026-01-01T00:00:00Z\"}")
                .statusCode(400).body("errors[0].code", equalTo("read-only"));
        post(domains(account), "{\"domain\":\"" + unique("r") + ".example\",\"owner\":\"me\"}")
                .statusCode(400).body("code", equalTo("malformed-request"));
    }

    @Test
    void aBlankOrNullStatusIsTheDefaultAndARenameToAHeldNameIsTaken() {
        String account = createAccount();
        for (String status : new String[] {"null", "\"  \""}) {
            post(domains(account), "{\"domain\":\"" + unique("st") + ".example\",\"status\":" + status + "}")
                    .statusCode(201).body("status", equalTo("pending"));
        }
        String held = unique("held") + ".example";
        post(domains(createAccount()), "{\"domain\":\"" + held + "\"}").statusCode(201);
        String mine = post(domains(account), "{\"domain\":\"" + unique("mine") + ".example\"}").statusCode(201)
                .extract().path("id");
        patch(domains(account) + "/" + mine, "{\"domain\":\"" + held.toUpperCase() + "\"}").statusCode(409)
                .body("code", equalTo("domain-taken"));
        post(domains(account), "{\"domain\":\"" + unique("ro") + ".example\",\"accountId\":\"" + account + "\"}")
                .statusCode(400).body("errors[0].field", equalTo("accountId")).body("errors[0].code", equalTo("read-only"));
    }
}
