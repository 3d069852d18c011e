package org.erp.provisioning.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.erp.provisioning.enums.EnumSchemas;

// Serialised from Response entities and router handlers, which the native build does not see by itself.
@RegisterForReflection
@Schema(name = "Domain", description = "A partner domain of an account. Every field is present; those without a value are null.")
public record DomainView(
        @Schema(required = true) UUID id,
        @Schema(required = true) UUID accountId,
        @Schema(required = true, description = "Host name, lower case, ASCII (punycode)", examples = "acme.example") String domain,
        @Schema(required = true, ref = EnumSchemas.DOMAIN_STATUS) String status,
        @Schema(required = true, nullable = true, description = "Set while the status is verified") Instant verifiedAt,
        @Schema(required = true) Instant createdAt) {

    public static DomainView of(PartnerDomain domain) {
        return of(domain, domain.status);
    }

    /** With the status as stored, for a row whose status the database chose (EVA's column default). */
    static DomainView of(PartnerDomain domain, String status) {
        return new DomainView(domain.id, domain.accountId, domain.domain, status, domain.verifiedAt, domain.createdAt);
    }
}
