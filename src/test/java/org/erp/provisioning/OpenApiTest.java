package org.erp.provisioning;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.quarkus.test.junit.QuarkusTest;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EvaDatabase.class)
class OpenApiTest {

    @Test
    void documentsEveryRouteWithItsProblems() {
        var doc = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200);
        doc.body("paths", hasKey("/api/v1/accounts"))
                .body("paths", hasKey("/api/v1/accounts/{accountId}"))
                .body("paths", hasKey("/api/v1/enums"))
                .body("paths", hasKey("/api/v1/accounts/{accountId}/domains/{domainId}"))
                .body("paths", hasKey("/api/v1/accounts/{accountId}/deals/{dealId}"))
                .body("paths", hasKey("/q/health/ready"))
                .body("paths", hasKey("/q/health/live"))
                .body("paths", hasKey("/q/health/started"))
                .body("paths.'/q/metrics'.get.responses.'200'.content", hasKey("text/plain"))
                .body("paths.'/q/openapi'.get.responses.'200'.content", hasKey("application/json"))
                .body("paths.'/q/metrics'.get.security", nullValue())
                .body("paths.'/q/metrics'.get.responses", not(hasKey("401")))
                .body("paths.'/q/health/ready'.get.responses", not(hasKey("401")))
                .body("paths.'/api/v1/enums'.get.responses", hasKey("401"))
                .body("paths.'/q/health/ready'.get.security", nullValue())
                .body("paths.'/api/v1/accounts'.post.security", notNullValue())
                .body("paths.'/api/v1/accounts'.post.responses", hasKey("201"))
                .body("paths.'/api/v1/accounts'.post.responses", hasKey("409"))
                .body("paths.'/api/v1/accounts'.post.responses.'400'.content", hasKey("application/problem+json"))
                .body("paths.'/api/v1/accounts/{accountId}'.patch.responses", hasKey("503"))
                .body("components.schemas.Problem.properties.code.enum",
                        hasItems("invalid-enum-value", "slug-taken", "schema-mismatch", "database-unavailable"))
                .body("components.schemas.AccountRequest.properties.name", notNullValue())
                .body("components.schemas.Problem.properties.existing.type", equalTo("string"));
        for (String delete : List.of("domains/{domainId}", "deals/{dealId}")) {
            doc.body("paths.'/api/v1/accounts/{accountId}/" + delete + "'.delete.responses",
                    allOf(hasKey("204"), hasKey("401"), hasKey("403"), hasKey("404"), hasKey("503")))
                    .body("paths.'/api/v1/accounts/{accountId}/" + delete + "'.delete.responses.'204'", not(hasKey("content")))
                    .body("paths.'/api/v1/accounts/{accountId}/" + delete + "'.delete.responses.'404'.content",
                            hasKey("application/problem+json"));
        }
    }

    /** What a client generator names its functions after: each operation, once, in camelCase, with a tag and summary. */
    @Test
    void everyOperationHasAStableCamelCaseIdATagAndASummary() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().path("paths");
        Map<String, String> ids = new TreeMap<>();
        paths.forEach((path, item) -> item.forEach((method, value) -> {
            if (!List.of("get", "put", "post", "delete", "options", "head", "patch", "trace").contains(method)) {
                return; // a path item's parameters or summary
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> operation = (Map<String, Object>) value;
            String where = method.toUpperCase() + " " + path;
            Object id = operation.get("operationId");
            assertTrue(id instanceof String s && s.matches("[a-z][a-zA-Z0-9]*"), where + " has operationId " + id);
            assertNull(ids.put((String) id, where), id + " names two operations");
            if (path.startsWith("/api/")) {
                assertTrue(operation.get("tags") instanceof List<?> tags && !tags.isEmpty(), where + " has no tag");
                assertTrue(operation.get("summary") instanceof String summary
                        && summary.matches(".*\\((admin|viewer)\\)$"), where + " names no role: " + operation.get("summary"));
            }
        }));
        assertEquals("POST /api/v1/accounts", ids.get("createAccount"));
        assertEquals("GET /api/v1/accounts", ids.get("listAccounts"));
        assertEquals("PATCH /api/v1/accounts/{accountId}/deals/{dealId}", ids.get("updateDeal"));
        assertEquals("DELETE /api/v1/accounts/{accountId}/domains/{domainId}", ids.get("deleteDomain"));
        assertEquals("GET /api/v1/enums", ids.get("listEnums"));
    }
}
