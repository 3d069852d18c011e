package org.erp.provisioning;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.metric;
import static org.erp.provisioning.support.Fixtures.post;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        createAccount();
        given().get("/api/v1/enums").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("erp_database_errors_total{sqlstate=\"23514\"}"))
                .body(containsString("erp_enum_catalog_refreshes_total{result=\"success\"}"))
                .body(containsString("erp_enum_labels_unknown{type=\"deal_stage\"}"))
                .body(containsString("http_server_requests_seconds_count{method=\"POST\",outcome=\"CLIENT_ERROR\",status=\"400\",uri=\"/api/v1/accounts\"}"))
                .body(containsString("sql_pool_queue_size{pool_name=\"eva\""))
                .body(containsString("sql_pool_active{pool_name=\"eva\""))
                .body(containsString("postgresql_processing_seconds_count{clientName=\"eva\""))
                // One connection's gauges, not the client's (telemetry/ConnectionGauges).
                .body(not(containsString("postgresql_queue_size")))
                .body(not(containsString("postgresql_current")));
    }

    @Test
    void httpMetricsAreLabelledByRouteTemplateWithLatencyBucketsAndNoIds() {
        String accountId = createAccount();
        given().get("/api/v1/accounts/" + accountId).then().statusCode(200);
        given().get("/api/v1/accounts/" + accountId + "/domains").then().statusCode(200);
        given().get("/api/v1/accounts/00000000-0000-4000-8000-000000000000").then().statusCode(404);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("http_server_requests_seconds_bucket{method=\"GET\",outcome=\"SUCCESS\",status=\"200\","
                + "uri=\"/api/v1/accounts/{accountId}\",le=\"0.5\"}"), "a 500 ms bucket per route template");
        assertTrue(metrics.contains("uri=\"/api/v1/accounts/{accountId}/domains\""), "the nested route's template");
        assertTrue(metrics.lines().noneMatch(line -> line.contains(accountId) || line.contains("00000000-0000")),
                "no id in any label value");
    }

    /** The series the alert rules and the dashboard select from the service (Prometheus's own {@code up} aside). */
    private static Set<String> seriesMonitoringReads() throws Exception {
        String monitoring = Files.readString(Path.of("k8s/base/prometheusrule.yaml"))
                + Files.readString(Path.of("k8s/grafana-dashboard.json"));
        Set<String> names = new TreeSet<>();
        Matcher selector = Pattern.compile("([a-z_]+)\\{job=").matcher(monitoring);
        while (selector.find()) {
            names.add(selector.group(1));
        }
        names.remove("up");
        return names;
    }

    @Test
    void everySeriesTheAlertsAndTheDashboardReadIsExported() throws Exception {
        createAccount();
        // A database error: its counter exists from the first one on.
        post("/api/v1/accounts", "{\"name\":\"M\",\"ownerEmail\":\"sqlstate-23514@fault.example\"}").statusCode(400);
        Set<String> names = seriesMonitoringReads();
        assertTrue(names.containsAll(Set.of("erp_problems_total", "erp_schema_columns_incompatible",
                "http_server_requests_seconds_bucket", "sql_pool_queue_size", "sql_pool_queue_delay_seconds_count",
                "erp_database_errors_total")), "the rules and the dashboard were read: " + names);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : names) {
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith(name + "{") || line.startsWith(name + " ")),
                    name + " is read by an alert or the dashboard but not exported");
        }
        assertTrue(metrics.contains("erp_problems_total{code=\"database-unavailable\""), "the alert's problem code");
    }
}
