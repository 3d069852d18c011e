package org.erp.provisioning.domain;

import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.erp.provisioning.enums.EnumSchemas;
import org.erp.provisioning.openapi.NullableReferences;

/**
 * The body of {@code POST} (schema {@code DomainCreate}) and {@code PATCH} ({@code DomainPatch}, derived from it by
 * {@code MergePatchSchemas}) on an account's domains. It documents the body in OpenAPI; the body itself is read
 * field by field (see {@link DomainInput}).
 */
@Schema(name = "DomainCreate", additionalProperties = Schema.False.class,
        description = "Read-only fields (id, accountId, verifiedAt, createdAt) are refused, unknown fields too.")
public record DomainRequest(
        @Schema(required = true, maxLength = HostNames.MAX_LENGTH, examples = "Bücher.Example.",
                description = "Trimmed, lower-cased, one trailing dot dropped, IDN stored as punycode; at least two labels")
        String domain,
        @Schema(ref = EnumSchemas.DOMAIN_STATUS, extensions = @Extension(name = NullableReferences.MARK, value = "true"),
                description = "Any spelling of a label; null or blank is pending on create and unchanged on PATCH. Moving "
                        + "to verified sets verifiedAt, leaving it clears it")
        String status) {
}
