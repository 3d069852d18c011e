package org.erp.provisioning.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A dry run's claims name the would-be holder of a slug or domain, at most {@code window} values, newest accounts whole. */
class DryRunClaimsTest {

    @Test
    void aClaimNamesItsAccountUntilItLeavesTheWindow() {
        DryRunClaims claims = new DryRunClaims(4);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        claims.claim(a, "acme", List.of("acme.example", "shop.acme.example"));
        claims.claim(b, "beta", List.of());
        assertEquals(a, claims.slugHolder("acme"));
        assertEquals(a, claims.domainHolder("shop.acme.example"));
        assertEquals(b, claims.slugHolder("beta"));
        assertNull(claims.domainHolder("acme"), "a slug is no domain");
        assertNull(claims.slugHolder("acme.example"), "a domain is no slug");

        claims.claim(c, "gamma", List.of("gamma.example"));
        assertNull(claims.slugHolder("acme"), "over 4 values: the oldest account left the window, with all its values");
        assertNull(claims.domainHolder("acme.example"));
        assertNull(claims.domainHolder("shop.acme.example"));
        assertEquals(b, claims.slugHolder("beta"));
        assertEquals(c, claims.domainHolder("gamma.example"));

        UUID d = UUID.randomUUID();
        claims.claim(d, "delta", List.of("d1.example", "d2.example", "d3.example", "d4.example"));
        assertNull(claims.slugHolder("beta"), "one account's many domains push out the older ones");
        assertNull(claims.slugHolder("gamma"));
        assertNull(claims.slugHolder("delta"), "nor does an account with more values than the window stay");
        assertNull(claims.domainHolder("d4.example"));
    }
}
