package org.erp.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The origins {@link CorsGuard} lets through are those Quarkus's CORS filter allows: listed, matched by a listed
 * {@code /regex/}, any with {@code *}, and the service's own origin with default ports counted. (The problem it answers
 * otherwise, and the headers Quarkus adds for an allowed origin, are in {@code SecurityTest}.)
 */
class CorsGuardTest {

    private static final String SERVICE = "https://erp-provisioning.example/api/v1/accounts";

    private static CorsGuard guard(String... origins) {
        return new CorsGuard(origins.length == 0 ? Optional.empty() : Optional.of(List.of(origins)), null);
    }

    @Test
    void aListedOriginIsAllowedAndOnlyExactly() {
        CorsGuard guard = guard("https://erp.example", "https://admin.erp.example");
        assertTrue(guard.allows("https://erp.example", SERVICE));
        assertTrue(guard.allows("https://admin.erp.example", SERVICE));
        assertFalse(guard.allows("https://erp.example.evil.example", SERVICE));
        assertFalse(guard.allows("http://erp.example", SERVICE), "another scheme is another origin");
        assertFalse(guard.allows("https://erp.example:8443", SERVICE), "another port is another origin");
        assertFalse(guard.allows("null", SERVICE), "an opaque origin");
    }

    @Test
    void aListedRegularExpressionMatchesTheWholeOrigin() {
        CorsGuard guard = guard("https://erp.example", "/https://[a-z0-9-]+[.]erp[.]example/");
        assertTrue(guard.allows("https://eu.erp.example", SERVICE));
        assertTrue(guard.allows("https://us-2.erp.example", SERVICE));
        assertFalse(guard.allows("https://eu.erp.example.evil.example", SERVICE));
        assertFalse(guard.allows("http://eu.erp.example", SERVICE));
    }

    @Test
    void aWildcardAllowsEveryOrigin() {
        assertTrue(guard("*").allows("https://anywhere.example", SERVICE));
        assertTrue(guard("/.*/").allows("https://anywhere.example", SERVICE));
        assertFalse(guard("*", "https://erp.example").allows("https://anywhere.example", SERVICE),
                "* among other origins is not a wildcard, as for Quarkus");
    }

    @Test
    void theServicesOwnOriginIsAllowedWithDefaultPortsCounted() {
        CorsGuard none = guard();
        assertTrue(none.allows("https://erp-provisioning.example", SERVICE));
        assertTrue(none.allows("https://erp-provisioning.example:443", SERVICE));
        assertTrue(none.allows("http://erp-provisioning.internal", "http://erp-provisioning.internal:80/api/v1/enums"));
        assertTrue(none.allows("http://localhost:8080", "http://localhost:8080/api/v1/enums"));
        assertFalse(none.allows("http://localhost:8081", "http://localhost:8080/api/v1/enums"));
        assertFalse(none.allows("http://erp-provisioning.example", SERVICE), "http is not https");
        assertFalse(none.allows("https://erp-provisioning.example/app", SERVICE), "an origin has no path");
        assertFalse(none.allows("https://other.example", SERVICE));
    }
}
