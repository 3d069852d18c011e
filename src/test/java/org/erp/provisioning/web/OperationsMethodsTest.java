package org.erp.provisioning.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/** The operations routes ({@code /q}) answer GET and HEAD only; any other method is a 405 problem naming them. */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class OperationsMethodsTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void theOperationsRoutesAreReadOnly() {
        for (String path : new String[] {"/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi"}) {
            given().when().post(path).then().statusCode(405).contentType(PROBLEM).header("Allow", "GET, HEAD")
                    .body("code", equalTo("method-not-allowed"));
            given().when().delete(path).then().statusCode(405).body("code", equalTo("method-not-allowed"));
            given().when().get(path).then().statusCode(200);
            given().when().head(path).then().statusCode(200);
        }
    }

}
