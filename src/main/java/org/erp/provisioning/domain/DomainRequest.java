package org.erp.provisioning.domain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST} and {@code PATCH} on an account's domains. It documents the body in OpenAPI; the
 * body itself is read field by field (see {@link DomainInput}).
 */
@Schema(name = "DomainRequest", description = "Read-only fields (id, accountId, verifiedAt, createdAt) are refused.")
public record DomainRequest(
        @Schema(required = true, maxLength = HostNames.MAX_LENGTH, examples = "Bücher.Example.",
                description = "Trimmed, lower-cased, one trailing dot dropped, IDN stored as punycode; at least two labels")
        String domain,
        @Schema(nullable = true, description = "A domain_status label, any spelling; null or blank is pending on create and "
                + "unchanged on PATCH. Moving to verified sets verifiedAt, leaving it clears it", examples = "verified")
        String status) {
}
