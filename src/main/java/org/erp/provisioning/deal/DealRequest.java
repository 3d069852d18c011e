package org.erp.provisioning.deal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.CodePointLength;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST} and {@code PATCH} on an account's deals. It documents the body in OpenAPI and
 * declares the field rules; the body itself is read field by field (see {@link DealInput}).
 */
@Schema(name = "DealRequest", description = "Read-only fields (id, accountId, closedAt, createdAt, updatedAt) are "
        + "refused: closedAt follows the stage.")
public record DealRequest(
        @Schema(required = true, minLength = 1, maxLength = 200, examples = "Acme annual renewal")
        @NotBlank @CodePointLength(max = 200) String title,
        @Schema(required = true, minimum = "0", description = "A JSON integer: no strings, no fractions", examples = "1200000")
        @PositiveOrZero Long amountCents,
        @Schema(required = true, description = "ISO 4217 code, any case", examples = "eur") String currency,
        @Schema(nullable = true, description = "A deal_stage label, any spelling (CLOSED_WON, Closed Won); null or blank "
                + "is prospecting on create and unchanged on PATCH", examples = "Closed Won") String stage,
        @Schema(nullable = true, format = "date", examples = "2026-12-31") String expectedCloseDate) {
}
