package org.erp.provisioning;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.erp.provisioning.support.ContractFilter;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document as a client generator reads it. A database of its own: the committed document lists the
 * fixture's enum labels, and other tests add labels to theirs, as EVA would.
 */
@QuarkusTest
@WithTestResource(value = EvaDatabase.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class OpenApiTest {

    /** The document in review: a change to the contract shows as a diff of this file. */
    private static final Path COMMITTED = Path.of("src/main/openapi/openapi.json");

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        String served = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().asString();
        ObjectMapper json = new ObjectMapper();
        JsonNode servedTree = json.readTree(served);
        // Written the way the committed file is, so that a change is reviewed with diff and taken with cp.
        Path current = Path.of("target/openapi.json");
        Files.writeString(current, json.writerWithDefaultPrettyPrinter().writeValueAsString(servedTree) + "\n");
        JsonNode committed = json.readTree(COMMITTED.toFile());
        if (!committed.equals(servedTree)) {
            List<String> changed = new ArrayList<>();
            differences("", committed, servedTree, changed);
            fail("The served OpenAPI document differs from " + COMMITTED + " at " + changed.subList(0, Math.min(10, changed.size()))
                    + ": review the change (diff " + COMMITTED + " " + current + ") and commit it: cp " + current + " " + COMMITTED);
        }
    }

    /** The JSON pointers where two documents differ, as deep as both are objects. */
    private static void differences(String pointer, JsonNode committed, JsonNode served, List<String> changed) {
        if (committed.isObject() && served.isObject()) {
            Set<String> names = new TreeSet<>();
            committed.fieldNames().forEachRemaining(names::add);
            served.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode before = committed.path(name);
                JsonNode after = served.path(name);
                if (!before.equals(after)) {
                    differences(pointer + "/" + name.replace("~", "~0").replace("/", "~1"), before, after, changed);
                }
            }
        } else if (!committed.equals(served)) {
            changed.add(pointer);
        }
    }

    @Test
    void responsesOfTheTestsAreCheckedAgainstTheDocument() {
        assertTrue(RestAssured.filters().stream().anyMatch(ContractFilter.class::isInstance));
    }

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
                .body("paths.'/q/metrics'.get.security", empty())
                .body("paths.'/q/metrics'.get.responses", not(hasKey("401")))
                .body("paths.'/q/health/ready'.get.responses", not(hasKey("401")))
                .body("paths.'/api/v1/enums'.get.responses", hasKey("401"))
                .body("paths.'/q/health/ready'.get.security", empty())
                .body("paths.'/api/v1/accounts'.post.security", notNullValue())
                .body("paths.'/api/v1/accounts'.post.responses", hasKey("201"))
                .body("paths.'/api/v1/accounts'.post.responses", hasKey("409"))
                .body("paths.'/api/v1/accounts'.post.responses.'400'.content", hasKey("application/problem+json"))
                .body("paths.'/api/v1/accounts/{accountId}'.patch.responses", hasKey("503"))
                .body("components.schemas.Problem.properties.code.enum",
                        hasItems("invalid-enum-value", "slug-taken", "schema-mismatch", "database-unavailable"));
    }

    @Test
    void deletesAnswer204WithoutABodyOrAProblem() {
        var doc = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("components.schemas.Problem.properties.existing.type", equalTo("string"));
        for (String delete : List.of("domains/{domainId}", "deals/{dealId}")) {
            doc.body("paths.'/api/v1/accounts/{accountId}/" + delete + "'.delete.responses",
                    allOf(hasKey("204"), hasKey("401"), hasKey("403"), hasKey("404"), hasKey("503")))
                    .body("paths.'/api/v1/accounts/{accountId}/" + delete + "'.delete.responses.'204'", not(hasKey("content")))
                    .body("paths.'/api/v1/accounts/{accountId}/" + delete + "'.delete.responses.'404'.content",
                            hasKey("application/problem+json"));
        }
    }

    @Test
    void responsesSayWhatIsAlwaysThereAndWhatMayBeNull() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("components.schemas.Account.required", containsInAnyOrder("id", "name", "slug", "ownerEmail",
                        "subscriptionStatus", "planTier", "billingInterval", "trialEndsAt", "createdAt", "updatedAt"))
                .body("components.schemas.Account.properties.planTier.anyOf.$ref", contains("#/components/schemas/PlanTier", null))
                .body("components.schemas.Account.properties.planTier.anyOf.type", contains(null, "null"))
                .body("components.schemas.Account.properties.name.type", equalTo("string"))
                .body("components.schemas.AccountPage.required", containsInAnyOrder("items", "nextCursor"))
                .body("components.schemas.AccountPage.properties.nextCursor.type", contains("string", "null"))
                .body("components.schemas.Deal.properties.stage.$ref", equalTo("#/components/schemas/DealStage"))
                .body("components.schemas.Deal.properties.closedAt.anyOf.type", contains(null, "null"))
                .body("components.schemas.Problem.required", containsInAnyOrder("type", "title", "status", "instance",
                        "code", "requestId"))
                .body("components.schemas.FieldError.required", containsInAnyOrder("field", "code"))
                .body("components.schemas.EnumLabels.required", containsInAnyOrder("subscriptionStatus", "planTier",
                        "billingInterval", "domainStatus", "dealStage"))
                .body("components.schemas.EnumLabels.properties.dealStage.items.$ref", equalTo("#/components/schemas/DealStage"))
                .body("paths.'/api/v1/enums'.get.responses.'200'.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/EnumLabels"));
    }

    @Test
    void eachEnumTypeIsOneSchemaListingTheCatalogsLabels() {
        var doc = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200);
        doc.body("components.schemas.SubscriptionStatus.enum",
                        contains("trialing", "active", "past_due", "canceled", "unpaid", "paused"))
                .body("components.schemas.PlanTier.enum", contains("free", "starter", "growth", "enterprise"))
                .body("components.schemas.BillingInterval.enum", contains("monthly", "annual"))
                .body("components.schemas.DomainStatus.enum", contains("pending", "verified", "failed", "revoked"))
                .body("components.schemas.DealStage.enum", contains("prospecting", "qualified", "proposal", "negotiation",
                        "closed-won", "closed-lost"))
                .body("paths.'/api/v1/accounts'.get.parameters.find { it.name == 'planTier' }.schema.$ref",
                        equalTo("#/components/schemas/PlanTier"))
                .body("paths.'/api/v1/accounts'.get.parameters.find { it.name == 'subscriptionStatus' }.schema.$ref",
                        equalTo("#/components/schemas/SubscriptionStatus"))
                .body("paths.'/api/v1/accounts/{accountId}/deals'.get.parameters.find { it.name == 'stage' }.schema.$ref",
                        equalTo("#/components/schemas/DealStage"))
                .body("components.schemas.DomainCreate.properties.status.anyOf.$ref",
                        contains("#/components/schemas/DomainStatus", null));
    }

    @Test
    void patchBodiesAreMergePatchesOfTheCreateFields() {
        var doc = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200);
        for (String resource : List.of("Account", "Domain", "Deal")) {
            doc.body("components.schemas." + resource + "Patch.required", nullValue())
                    .body("components.schemas." + resource + "Patch.additionalProperties", equalTo(false));
        }
        doc.body("components.schemas.AccountCreate.required", containsInAnyOrder("name", "ownerEmail"))
                .body("components.schemas.AccountPatch.properties", not(hasKey("domains")))
                .body("components.schemas.AccountPatch.properties", not(hasKey("id")))
                .body("components.schemas.AccountPatch.properties.trialEndsAt.type", contains("string", "null"))
                .body("components.schemas.AccountPatch.properties.name.type", equalTo("string"))
                .body("components.schemas.DealPatch.properties.expectedCloseDate.type", contains("string", "null"))
                .body("components.schemas.DealPatch.properties.amountCents.type", equalTo("integer"));
        for (String path : List.of("/api/v1/accounts/{accountId}", "/api/v1/accounts/{accountId}/domains/{domainId}",
                "/api/v1/accounts/{accountId}/deals/{dealId}")) {
            doc.body("paths.'" + path + "'.patch.requestBody.content.keySet()",
                    containsInAnyOrder("application/merge-patch+json", "application/json"));
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
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
            responses.forEach((status, response) -> assertTrue(response.get("headers") instanceof Map<?, ?> headers
                    && headers.containsKey("X-Request-Id"), where + " " + status + " documents no X-Request-Id"));
            if (path.startsWith("/api/")) {
                assertTrue(operation.get("tags") instanceof List<?> tags && !tags.isEmpty(), where + " has no tag");
                assertTrue(operation.get("summary") instanceof String summary
                        && summary.matches(".*\\((admin|viewer)\\)$"), where + " names no role: " + operation.get("summary"));
                for (String status : List.of("400", "401", "403", "406", "500", "503")) {
                    assertTrue(responses.get(status) != null && responses.get(status).get("content") instanceof Map<?, ?> content
                            && content.keySet().equals(Set.of("application/problem+json")), where + " lists no problem " + status);
                }
                assertTrue(((Map<?, ?>) responses.get("503").get("headers")).containsKey("Retry-After"), where + " 503 without Retry-After");
                if (responses.containsKey("201")) {
                    assertTrue(((Map<?, ?>) responses.get("201").get("headers")).containsKey("Location"), where + " 201 without Location");
                }
            }
        }));
        assertEquals("POST /api/v1/accounts", ids.get("createAccount"));
        assertEquals("GET /api/v1/accounts", ids.get("listAccounts"));
        assertEquals("PATCH /api/v1/accounts/{accountId}/deals/{dealId}", ids.get("updateDeal"));
        assertEquals("DELETE /api/v1/accounts/{accountId}/domains/{domainId}", ids.get("deleteDomain"));
        assertEquals("GET /api/v1/enums", ids.get("listEnums"));
    }
}
