package org.erp.provisioning.security;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/**
 * Tokens verified on a worker thread, as {@code quarkus.smallrye-jwt.blocking-authentication} does for keys fetched
 * from a slow JWKS URL: the request still carries on on its event loop, where the reactive database client runs.
 */
@QuarkusTest
@TestProfile(BlockingAuthenticationTest.Blocking.class)
@WithTestResource(EvaDatabase.class)
class BlockingAuthenticationTest {

    public static class Blocking extends SecuredProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("quarkus.smallrye-jwt.blocking-authentication", "true");
            return overrides;
        }
    }

    @Test
    void readsAndWritesWorkAndNoTokenIsStillUnauthenticated() {
        String admin = Tokens.withGroups("erp-admin", Roles.ADMIN);
        String slug = unique("blk");
        given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body("{\"name\":\"Blocking\",\"slug\":\"%s\",\"ownerEmail\":\"a@b.example\"}".formatted(slug))
                .when().post("/api/v1/accounts").then().statusCode(201).body("slug", equalTo(slug));
        given().header("Authorization", "Bearer " + admin).queryParam("q", slug).when().get("/api/v1/accounts")
                .then().statusCode(200).body("items[0].slug", equalTo(slug));
        given().header("Authorization", "Bearer " + Tokens.expired()).when().get("/api/v1/enums").then()
                .statusCode(401).body("code", equalTo("unauthenticated"));
        given().when().get("/api/v1/enums").then().statusCode(401).body("code", equalTo("unauthenticated"));
    }
}
