package org.erp.provisioning.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/** A request line or headers over the service's limits are a problem with the request id, not Vert.x's empty answer. */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class RequestLimitsTest {

    @Test
    void aRequestLineOverTheLimitIsAProblemWithItsRequestId() {
        given().queryParam("q", "a".repeat(5000)).get("/api/v1/accounts").then().statusCode(414)
                .contentType("application/problem+json").header("X-Request-Id", notNullValue())
                .body("code", equalTo("uri-too-long")).body("requestId", notNullValue())
                .body("detail", containsString("4096"));
        // Just under the limit is a list like any other.
        given().queryParam("q", "a".repeat(4000)).get("/api/v1/accounts").then().statusCode(200);
    }

    @Test
    void headersOverTheLimitAreAProblemWithItsRequestId() {
        given().header("X-Padding", "x".repeat(21 * 1024)).get("/api/v1/enums").then().statusCode(431)
                .contentType("application/problem+json").header("X-Request-Id", notNullValue())
                .body("code", equalTo("headers-too-large"));
        given().header("X-Padding", "x".repeat(8 * 1024)).get("/api/v1/enums").then().statusCode(200);
    }

}
