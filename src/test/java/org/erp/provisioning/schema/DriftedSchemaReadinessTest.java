package org.erp.provisioning.schema;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.Test;

/** Against {@code eva_drifted}: a dropped column, a column of another type, a label added and one renamed. */
@QuarkusTest
@WithTestResource(value = EvaDatabase.class, initArgs = @ResourceArg(name = "database", value = "eva_drifted"))
class DriftedSchemaReadinessTest {

    private static final String CHECK = "checks.find { it.name == 'eva-schema' }";

    @Test
    void notReadyAndSaysWhichColumnsAndLabelsDrifted() {
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body(CHECK + ".status", equalTo("DOWN"))
                .body(CHECK + ".data.'partner_deals.expected_close_date'", equalTo("missing"))
                .body(CHECK + ".data.'accounts.plan_tier'", equalTo("text"))
                .body(CHECK + ".data.'deal_stage.unknown'", equalTo("sales-qualified,on-hold"))
                .body(CHECK + ".data.'deal_stage.missing'", equalTo("qualified"));
    }

    @Test
    void theMetricsCountTheIncompatibleColumnsForTheAlerts() {
        given().when().get("/q/health/ready").then().statusCode(503);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("\nerp_schema_columns_incompatible 2.0\n")); // one missing, one of another type
    }

    @Test
    void aWriteToADroppedColumnIsASchemaMismatchNamingTheColumnNotTheSql() {
        String account = Fixtures.createAccount();
        Fixtures.post("/api/v1/accounts/" + account + "/deals", """
                {"title":"T","amountCents":1,"currency":"EUR","expectedCloseDate":"2027-01-31"}""")
                .statusCode(500)
                .contentType("application/problem+json")
                .body("code", equalTo("schema-mismatch"))
                .body("detail", containsString("expected_close_date"))
                .body("detail", not(containsString("insert into")))
                .body("requestId", notNullValue());
    }

    @Test
    void staysLiveWhileNotReady() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
