package org.erp.provisioning.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cache of verified tokens, in front of smallrye-jwt's real parser and the test key pair. */
class VerifiedTokensTest {

    private static final String ISSUER = "https://idp.erp.example";

    private final AtomicInteger verifications = new AtomicInteger();
    private VerifiedTokens.Verifier verifier;
    private PrivateKey signingKey;

    @BeforeEach
    void parser() throws Exception {
        DefaultJWTParser parser = new DefaultJWTParser(new JWTAuthContextInfo(KeyUtils.readPublicKey("jwt/public-key.pem"), ISSUER));
        verifier = token -> {
            verifications.incrementAndGet();
            return parser.parse(token);
        };
        signingKey = KeyUtils.readPrivateKey("jwt/private-key.pem");
    }

    @Test
    void aTokenIsVerifiedOnceThenAnsweredFromTheCache() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(100, Duration.ofMinutes(1));
        String token = token(Instant.now().plusSeconds(300), signingKey);
        JsonWebToken first = tokens.verified(token, verifier);
        assertSame(first, tokens.verified(token, verifier));
        assertEquals("erp-admin", first.getSubject());
        assertEquals(1, verifications.get());
        tokens.verified(token(Instant.now().plusSeconds(301), signingKey), verifier);
        assertEquals(2, verifications.get(), "another token is verified on its own");
    }

    @Test
    void aTokenThatFailsIsNeverKept() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(100, Duration.ofMinutes(1));
        String forged = token(Instant.now().plusSeconds(300), KeyUtils.readPrivateKey("jwt/other-private-key.pem"));
        assertThrows(ParseException.class, () -> tokens.verified(forged, verifier));
        assertThrows(ParseException.class, () -> tokens.verified(forged, verifier));
        assertEquals(2, verifications.get());
    }

    @Test
    void aTokenIsKeptNoLongerThanTheMaximumAge() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(100, Duration.ofMillis(200));
        String token = token(Instant.now().plusSeconds(300), signingKey);
        tokens.verified(token, verifier);
        Thread.sleep(400);
        tokens.verified(token, verifier);
        assertEquals(2, verifications.get());
    }

    @Test
    void aTokenIsNotKeptPastItsExpiry() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(100, Duration.ofMinutes(1));
        // Whole seconds in the token: it expires between one and two seconds from now.
        String token = token(Instant.now().plusSeconds(2), signingKey);
        tokens.verified(token, verifier);
        Thread.sleep(2_100);
        // Verified again: smallrye-jwt still accepts it within its clock skew, but the cache never answers for it.
        tokens.verified(token, verifier);
        assertEquals(2, verifications.get());
    }

    @Test
    void sizeZeroVerifiesEveryRequest() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(0, Duration.ofMinutes(1));
        String token = token(Instant.now().plusSeconds(300), signingKey);
        tokens.verified(token, verifier);
        tokens.verified(token, verifier);
        assertEquals(2, verifications.get());
    }

    private static String token(Instant expiry, PrivateKey key) {
        return Jwt.issuer(ISSUER).subject("erp-admin").groups(Set.of(Roles.ADMIN)).expiresAt(expiry).sign(key);
    }
}
