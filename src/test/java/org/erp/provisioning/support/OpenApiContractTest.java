package org.erp.provisioning.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The judge the API tests rely on (ContractFilter) refuses what the committed document does not describe. */
class OpenApiContractTest {

    private static final String ACCOUNT = """
            {"id":"6f1c9a52-3f4e-4a8e-9b1e-2b7d0c4e5a10","name":"Acme GmbH","slug":"acme-gmbh","ownerEmail":"ops@acme.example",
             "subscriptionStatus":"trialing","planTier":null,"billingInterval":"annual","trialEndsAt":"2026-12-09T10:00:00Z",
             "createdAt":"2026-11-25T10:00:00Z","updatedAt":"2026-11-25T10:00:00Z"}""";
    private static final Map<String, String> CREATED = Map.of("x-request-id", "r1", "location", "http://h/api/v1/accounts/1",
            "etag", "\"7412\"");

    private final OpenApiContract contract;

    OpenApiContractTest() throws IOException {
        contract = new OpenApiContract(Files.readString(Path.of("src/main/openapi/openapi.json")));
    }

    private List<String> differences(String method, String path, int status, String type, Map<String, String> headers,
            String body) {
        return contract.differences(method, path,
                new OpenApiContract.Received(status, type, name -> headers.get(name.toLowerCase()), body));
    }

    @Test
    void acceptsWhatTheDocumentDescribes() {
        assertEquals(List.of(), differences("POST", "/api/v1/accounts", 201, "application/json", CREATED, ACCOUNT));
        assertEquals(List.of(), differences("GET", "/api/v1/accounts/6f1c9a52-3f4e-4a8e-9b1e-2b7d0c4e5a10", 200,
                "application/json;charset=UTF-8", Map.of("x-request-id", "r1", "etag", "\"7412\""), ACCOUNT));
        assertEquals(List.of(), differences("DELETE", "/api/v1/accounts/a/deals/b", 204, null, Map.of("x-request-id", "r1"), ""));
        assertEquals(List.of(), differences("PUT", "/api/v1/accounts", 405, "application/problem+json", Map.of(), """
                {"type":"https://erp.example/problems/method-not-allowed","title":"Method not allowed","status":405,
                 "instance":"/api/v1/accounts","code":"method-not-allowed","requestId":"r1"}"""));
    }

    @Test
    void refusesWhatItDoesNot() {
        assertRefused(differences("POST", "/api/v1/accounts", 201, "application/json",
                Map.of("x-request-id", "r1", "etag", "\"7412\""), ACCOUNT), "lacks the header Location");
        assertRefused(differences("GET", "/api/v1/accounts/6f1c9a52-3f4e-4a8e-9b1e-2b7d0c4e5a10", 200, "application/json",
                Map.of("x-request-id", "r1"), ACCOUNT), "lacks the header ETag");
        assertRefused(differences("POST", "/api/v1/accounts", 201, "application/json", CREATED, ACCOUNT.replace("\"planTier\":null,", "")),
                "planTier");
        assertRefused(differences("POST", "/api/v1/accounts", 201, "application/json", CREATED, ACCOUNT.replace("{", "{\"extra\":1,")),
                "extra");
        assertRefused(differences("POST", "/api/v1/accounts", 201, "application/json", CREATED, ACCOUNT.replace("\"annual\"", "\"weekly\"")),
                "billingInterval");
        assertRefused(differences("POST", "/api/v1/accounts", 201, "application/json", CREATED, ACCOUNT.replace("2026-11-25T10", "yesterday")),
                "createdAt");
        assertRefused(differences("GET", "/api/v1/enums", 404, "application/problem+json", Map.of("x-request-id", "r1"), "{}"),
                "does not list");
        assertRefused(differences("GET", "/api/v1/enums", 500, "application/problem+json", Map.of("x-request-id", "r1"), """
                {"type":"t","title":"t","status":500,"instance":"/api/v1/enums","code":"oops","requestId":"r1"}"""), "code");
        assertRefused(differences("GET", "/api/v1/nothing", 200, "application/json", Map.of(), "{}"), "no operation");
    }

    private static void assertRefused(List<String> differences, String naming) {
        assertFalse(differences.isEmpty());
        assertTrue(differences.stream().allMatch(difference -> difference.contains(naming)), differences::toString);
    }
}
