package org.erp.provisioning.web;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.count;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/**
 * A test of {@code erp.concurrency.require-if-match=true}: every change and delete must name the version it is based
 * on; one that does not is {@code 428 precondition-required} and writes nothing. Creates and reads need no version.
 */
@QuarkusTest
@TestProfile(RequiredIfMatchTest.IfMatchRequired.class)
@WithTestResource(EvaDatabase.class)
class RequiredIfMatchTest {

    public static class IfMatchRequired implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("erp.concurrency.require-if-match", "true");
        }
    }

    @Test
    void aChangeOrDeleteWithoutIfMatchIsPreconditionRequiredAndWritesNothing() {
        String account = "/api/v1/accounts/" + createAccount();
        String domain = account + "/domains/" + post(account + "/domains", "{\"domain\":\"" + unique("req") + ".example\"}")
                .statusCode(201).extract().path("id");
        String deal = account + "/deals/" + post(account + "/deals", "{\"title\":\"Renewal\",\"amountCents\":100,\"currency\":\"eur\"}").statusCode(201).extract().path("id");
        String before = given().get(account).then().statusCode(200).extract().asString();

        Map<String, String> changes = Map.of(account, "{\"name\":\"x\"}", domain, "{\"status\":\"verified\"}",
                deal, "{\"title\":\"x\"}");
        for (String path : List.of(account, domain, deal)) {
            given().contentType("application/merge-patch+json").body(changes.get(path)).patch(path).then().statusCode(428).contentType("application/problem+json")
                    .body("code", equalTo("precondition-required"));
        }
        for (String path : List.of(domain, deal)) {
            given().delete(path).then().statusCode(428).body("code", equalTo("precondition-required"));
        }
        assertEquals(before, given().get(account).then().extract().asString());
        assertEquals(1, count("partner_domains", "id = '" + domain.substring(domain.lastIndexOf('/') + 1) + "' AND status = 'pending'"));
        assertEquals(1, count("partner_deals", "id = '" + deal.substring(deal.lastIndexOf('/') + 1) + "' AND title = 'Renewal'"));

        // With the version it was read at, the same change goes ahead.
        String tag = given().get(domain).then().extract().header("ETag");
        given().contentType("application/merge-patch+json").header("If-Match", tag).body("{\"status\":\"verified\"}")
                .patch(domain).then().statusCode(200).body("status", equalTo("verified"));
        given().header("If-Match", "*").delete(deal).then().statusCode(204);
    }
}
