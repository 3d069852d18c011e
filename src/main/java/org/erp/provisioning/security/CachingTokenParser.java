package org.erp.provisioning.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.erp.provisioning.config.ErpSettings;

/**
 * Verifies a bearer token once, then answers its next uses from {@link VerifiedTokens}: checking an RS256 signature
 * and the claims was most of what a request cost the service with security on (bench/results/reads-2026-12-07-road.md).
 * It decorates smallrye-jwt's parser, so every rule of the verification (signature, issuer, expiry) runs before a
 * token is kept, and Quarkus still builds each request's identity, with its own request, from the token's claims.
 * A token signed by a key ERP's identity provider withdrew is refused at most {@code erp.security.token-cache.max-age}
 * after the key set the service reads no longer holds that key.
 */
@Decorator
@Priority(1)
abstract class CachingTokenParser implements JWTParser {

    private final JWTParser parser;
    private final VerifiedTokens verified;

    @Inject
    CachingTokenParser(@Delegate JWTParser parser, ErpSettings settings, MeterRegistry metrics) {
        this.parser = parser;
        ErpSettings.Security.TokenCache cache = settings.security().tokenCache();
        this.verified = new VerifiedTokens(cache.size(), cache.maxAge());
        verified.measuredBy(metrics);
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        return verified.verified(bearerToken, parser::parse);
    }
}
