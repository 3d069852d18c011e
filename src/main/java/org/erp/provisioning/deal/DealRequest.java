package org.erp.provisioning.deal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.erp.provisioning.enums.EnumSchemas;
import org.erp.provisioning.openapi.NullableReferences;
import org.hibernate.validator.constraints.CodePointLength;

/**
 * The body of {@code POST} (schema {@code DealCreate}) and {@code PATCH} ({@code DealPatch}, derived from it by
 * {@code MergePatchSchemas}) on an account's deals. It documents the body in OpenAPI and declares the field rules;
 * the body itself is read field by field (see {@link DealInput}).
 */
@Schema(name = "DealCreate", additionalProperties = Schema.False.class, description = "Read-only fields (id, accountId, "
        + "closedAt, createdAt, updatedAt) are refused, unknown fields too: closedAt follows the stage.")
public record DealRequest(
        @Schema(required = true, minLength = 1, maxLength = 200, examples = "Acme annual renewal")
        @NotBlank @CodePointLength(max = 200) String title,
        @Schema(required = true, minimum = "0", description = "A JSON integer: no strings, no fractions", examples = "1200000")
        @PositiveOrZero Long amountCents,
        @Schema(required = true, description = "ISO 4217 code, any case", examples = "eur") String currency,
        @Schema(ref = EnumSchemas.DEAL_STAGE, extensions = @Extension(name = NullableReferences.MARK, value = "true"),
                description = "Any spelling of a label (CLOSED_WON, Closed Won); null or blank is prospecting on create "
                        + "and unchanged on PATCH")
        String stage,
        @Schema(nullable = true, format = "date", examples = "2026-12-31", description = "null clears it")
        String expectedCloseDate) {
}
