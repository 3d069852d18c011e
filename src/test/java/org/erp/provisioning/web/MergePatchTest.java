package org.erp.provisioning.web;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/**
 * Every PATCH takes a JSON merge patch (RFC 7396), sent as {@value MergePatch#MEDIA_TYPE} or as plain JSON; a JSON
 * Patch (RFC 6902), whose list of operations would read quite differently, is refused with a problem and changes nothing.
 */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class MergePatchTest {

    private record Route(String path, String field, String first, String second) {

        String body(String value) {
            return "{\"" + field + "\":\"" + value + "\"}";
        }
    }

    private static List<Route> routes() {
        String account = "/api/v1/accounts/" + createAccount();
        String domain = account + "/domains/" + post(account + "/domains", "{\"domain\":\"" + unique("patch") + ".example\"}")
                .statusCode(201).extract().path("id");
        String deal = account + "/deals/" + post(account + "/deals", "{\"title\":\"Renewal\",\"amountCents\":100,\"currency\":\"EUR\"}")
                .statusCode(201).extract().path("id");
        return List.of(new Route(account, "planTier", "growth", "free"), new Route(domain, "status", "verified", "pending"),
                new Route(deal, "title", "Upsell", "Renewal 2027"));
    }

    @Test
    void everyPatchTakesAMergePatchAndPlainJson() {
        for (Route route : routes()) {
            given().contentType(MergePatch.MEDIA_TYPE).body(route.body(route.first())).patch(route.path()).then()
                    .statusCode(200).body(route.field(), equalTo(route.first()));
            given().contentType("application/json").body(route.body(route.second())).patch(route.path()).then()
                    .statusCode(200).body(route.field(), equalTo(route.second()));
        }
    }

    @Test
    void aJsonPatchIsRefusedAndChangesNothing() {
        for (Route route : routes()) {
            String before = given().get(route.path()).then().statusCode(200).extract().asString();
            given().contentType("application/json-patch+json")
                    .body("[{\"op\":\"replace\",\"path\":\"/" + route.field() + "\",\"value\":\"" + route.first() + "\"}]")
                    .patch(route.path()).then().statusCode(415).contentType("application/problem+json")
                    .body("code", equalTo("unsupported-media-type"));
            assertEquals(before, given().get(route.path()).then().statusCode(200).extract().asString(), route.path());
        }
    }
}
