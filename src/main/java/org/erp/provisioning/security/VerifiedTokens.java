package org.erp.provisioning.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens already verified, each kept at most {@code maxAge} and never past its {@code exp}, at most
 * {@code size} of them (the least used go first). A token that fails verification is not kept. Size 0 keeps none.
 */
final class VerifiedTokens {

    /** Verifies a token, as smallrye-jwt's parser does: answers its claims or throws. */
    interface Verifier {
        JsonWebToken verify(String bearerToken) throws ParseException;
    }

    private final Cache<String, JsonWebToken> kept;

    VerifiedTokens(int size, Duration maxAge) {
        this.kept = size <= 0 ? null : Caffeine.newBuilder().maximumSize(size).recordStats()
                .expireAfter(untilExpiryOrAtMost(maxAge)).build();
    }

    /** The token's claims, from the cache or else from {@code verifier}, whose answer is then kept. */
    JsonWebToken verified(String bearerToken, Verifier verifier) throws ParseException {
        if (kept == null) {
            return verifier.verify(bearerToken);
        }
        JsonWebToken token = kept.getIfPresent(bearerToken);
        if (token == null) {
            token = verifier.verify(bearerToken);
            kept.put(bearerToken, token);
        }
        return token;
    }

    /** Publishes the cache's hits, misses, size and evictions as {@code cache_*{cache="verified-tokens"}}. */
    void measuredBy(MeterRegistry registry) {
        if (kept != null) {
            CaffeineCacheMetrics.monitor(registry, kept, "verified-tokens");
        }
    }

    private static Expiry<String, JsonWebToken> untilExpiryOrAtMost(Duration maxAge) {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(String key, JsonWebToken token, long now) {
                long untilExpiry = TimeUnit.SECONDS.toMillis(token.getExpirationTime()) - System.currentTimeMillis();
                return Math.max(0, Math.min(TimeUnit.MILLISECONDS.toNanos(untilExpiry), maxAge.toNanos()));
            }

            @Override
            public long expireAfterUpdate(String key, JsonWebToken token, long now, long remaining) {
                return remaining;
            }

            @Override
            public long expireAfterRead(String key, JsonWebToken token, long now, long remaining) {
                return remaining;
            }
        };
    }
}
