package org.erp.provisioning.domain;

import java.time.Instant;
import java.util.UUID;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

// Serialised from Response entities and router handlers, which the native build does not see by itself.
@RegisterForReflection
@Schema(name = "Domain", description = "A partner domain of an account")
public record DomainView(
        UUID id,
        UUID accountId,
        @Schema(description = "Host name, lower case, ASCII (punycode)", examples = "acme.example") String domain,
        @Schema(description = "A domain_status label from GET /api/v1/enums", examples = "pending") String status,
        @Schema(description = "Set while the status is verified") Instant verifiedAt,
        Instant createdAt) {

    public static DomainView of(PartnerDomain domain) {
        return of(domain, domain.status);
    }

    /** With the status as stored, for a row whose status the database chose (EVA's column default). */
    static DomainView of(PartnerDomain domain, String status) {
        return new DomainView(domain.id, domain.accountId, domain.domain, status, domain.verifiedAt, domain.createdAt);
    }
}
