package org.erp.provisioning.telemetry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/** Every request has an id: the caller's {@code X-Request-Id} when it is a sane token, a new UUID otherwise; sent back on every answer and named in its problem. */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class RequestIdsTest {

    @Test
    void theRequestIdIsTheCallersOrANewOneAndAppearsInTheProblem() {
        given().header("X-Request-Id", "erp-trace-123").when().get("/api/v1/accounts/nope").then()
                .header("X-Request-Id", "erp-trace-123").body("requestId", equalTo("erp-trace-123"));
        given().when().get("/q/health/live").then().header("X-Request-Id", notNullValue());
    }

    @Test
    void anIdThatIsNotASaneTokenIsReplacedByANewOne() {
        for (String given : new String[] {"has spaces in it", "x".repeat(129), "new\\nline", "<script>"}) {
            String answered = given().header("X-Request-Id", given).when().get("/api/v1/accounts/nope").then()
                    .statusCode(404).extract().header("X-Request-Id");
            assertTrue(answered.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
                    given + " answered with " + answered);
        }
        String longest = "a".repeat(128);
        given().header("X-Request-Id", longest).when().get("/api/v1/enums").then().header("X-Request-Id", longest);
    }
}
