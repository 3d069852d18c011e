package org.erp.provisioning.config;

import io.smallrye.config.ConfigMapping;
import io.quarkus.runtime.configuration.MemorySize;
import java.time.Duration;

/**
 * Every {@code erp.*} setting of the service, typed and in one place. The values and what an operator may change
 * are in {@code application.properties} (environment variables {@code ERP_DB_DEADLINE} and so on in Kubernetes);
 * a key under {@code erp.} that is not declared here stops the start, so a misspelt setting cannot go unnoticed.
 */
@ConfigMapping(prefix = "erp")
public interface ErpSettings {

    Bulk bulk();

    Concurrency concurrency();

    Db db();

    Http http();

    Problem problem();

    Provisioning provisioning();

    Schema schema();

    Security security();

    /** Bulk imports ({@code POST /api/v1/accounts/bulk}). */
    interface Bulk {

        /** The longest line; a longer one is answered 413 on its own. */
        MemorySize maxLineSize();

        /** The most lines written by one statement; fewer when the stream pauses or a line repeats a value. */
        int batchSize();

        /** The most slugs and domains of a dry run's would-be creations that its later lines are checked against. */
        int dryRunWindow();
    }

    /** Conditional writes ({@code If-Match}). */
    interface Concurrency {

        /** A PATCH or DELETE without If-Match is refused (428 precondition-required): no change without its version. */
        boolean requireIfMatch();
    }

    /** EVA's database: how long each wait may last, how often work is retried, how creates are sent. */
    interface Db {

        /** Connections for creates (one statement each), shared by many requests at once; 0 sends them through the pool. */
        int pipelinedConnections();

        Duration connectTimeout();

        /** How long a request waits for a pooled connection. */
        Duration acquireTimeout();

        /** Sent to the server as statement_timeout: it cancels a statement running longer (57014). */
        Duration statementTimeout();

        /** The bound of one whole unit of work, against a peer gone silent. */
        Duration deadline();

        /**
         * Times a unit of work runs again after a conflict (40001, 40P01, 55P03); one prepared before a column type
         * changed (0A000) runs again up to once per pooled connection.
         */
        int transactionRetries();
    }

    /** The service's own limits on a request, answered with a problem ({@code web/RequestLimits}, {@code web/BodyLimit}). */
    interface Http {

        /** The largest body, on every route but the bulk import's stream. */
        MemorySize maxBodySize();

        /** The longest request line (method, target with its query, version), in bytes. */
        int maxRequestLine();

        /** The most the header lines may hold together, in bytes. */
        MemorySize maxHeaderSize();
    }

    interface Problem {

        /** Seconds a client is told to wait ({@code Retry-After}) on 503 database-unavailable and database-busy. */
        int retryAfter();
    }

    interface Provisioning {

        /** Days a trial lasts when a trialing account is given no end. */
        int trialDays();
    }

    interface Schema {

        /** How often the enum labels are read again from the catalog. */
        Duration refreshInterval();
    }

    interface Security {

        /** Off only on a developer's machine: every /api request is then served as the admin role. */
        boolean enabled();

        /** Verified tokens kept, so a client's next requests with the same token skip the signature check. */
        TokenCache tokenCache();

        interface TokenCache {

            /** Tokens kept at most (0: none, every request's token is verified). */
            int size();

            /** How long a verified token is kept at most; never past its own expiry. */
            Duration maxAge();
        }
    }
}
