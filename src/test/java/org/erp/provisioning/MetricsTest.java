package org.erp.provisioning;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.metric;
import static org.erp.provisioning.support.Fixtures.post;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EvaDatabase.class)
class MetricsTest {

    private static double problems(String code) {
        return metric("erp_problems_total", "code=\"" + code + "\"");
    }

    @Test
    void aRefusedRequestIsCountedByProblemCode() {
        double before = problems("invalid-enum-value");
        post("/api/v1/accounts", "{\"name\":\"M\",\"ownerEmail\":\"m@x.example\",\"planTier\":\"gold\"}").statusCode(400);
        assertTrue(problems("invalid-enum-value") >= before + 1, "the problem counter moved");
    }

    @Test
    void exposesRoutesSqlStatesCatalogRefreshesDriftAndPools() {
        post("/api/v1/accounts", "{\"name\":\"M\",\"ownerEmail\":\"sqlstate-23514@fault.example\"}").statusCode(400);
        createAccount(); // one INSERT: the pipelined pool
        given().get("/api/v1/enums").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("erp_database_errors_total{sqlstate=\"23514\"}"))
                .body(containsString("erp_enum_catalog_refreshes_total{result=\"success\"}"))
                .body(containsString("erp_enum_labels_unknown{type=\"deal_stage\"}"))
                .body(containsString("http_server_requests_seconds_count{method=\"POST\",outcome=\"CLIENT_ERROR\",status=\"400\",uri=\"/api/v1/accounts\"}"))
                .body(containsString("sql_pool_queue_size{pool_name=\"eva\""))
                .body(containsString("sql_pool_queue_size{pool_name=\"eva-pipelined\""))
                .body(containsString("postgresql_queue_size{clientName=\"eva\""))
                .body(containsString("postgresql_queue_size{clientName=\"eva-pipelined\""))
                .body(containsString("postgresql_current"));
    }

    @Test
    void httpMetricsAreLabelledByRouteTemplateWithLatencyBucketsAndNoIds() throws Exception {
        String accountId = createAccount();
        given().get("/api/v1/accounts/" + accountId).then().statusCode(200);
        given().get("/api/v1/accounts/" + accountId + "/domains").then().statusCode(200);
        given().get("/api/v1/accounts/00000000-0000-4000-8000-000000000000").then().statusCode(404);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/metrics-dump.txt"), metrics);
        assertTrue(metrics.contains("http_server_requests_seconds_bucket{method=\"GET\",outcome=\"SUCCESS\",status=\"200\","
                + "uri=\"/api/v1/accounts/{accountId}\",le=\"0.5\"}"), "a 500 ms bucket per route template");
        assertTrue(metrics.contains("uri=\"/api/v1/accounts/{accountId}/domains\""), "the nested route's template");
        assertTrue(metrics.lines().noneMatch(line -> line.contains(accountId) || line.contains("00000000-0000")),
                "no id in any label value");
    }
}
