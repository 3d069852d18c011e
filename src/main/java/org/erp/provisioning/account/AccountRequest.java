package org.erp.provisioning.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.erp.provisioning.enums.EnumSchemas;
import org.erp.provisioning.openapi.NullableReferences;
import org.hibernate.validator.constraints.CodePointLength;

/**
 * The body of {@code POST /api/v1/accounts} (schema {@code AccountCreate}) and, without {@code domains}, of
 * {@code PATCH} ({@code AccountPatch}, derived from it by {@code MergePatchSchemas}). It documents the body in
 * OpenAPI and declares the field rules; the body itself is read field by field (see {@link AccountInput}) so that
 * absent, {@code null} and wrongly typed fields can be told apart. Lengths count characters as PostgreSQL's
 * {@code varchar(n)} does, not UTF-16 units.
 */
@Schema(name = "AccountCreate", additionalProperties = Schema.False.class, description = "Enum fields accept any "
        + "spelling of a label: case, spaces, '-' and '_' are ignored (CLOSED_WON is closed-won). Read-only fields (id, "
        + "createdAt, updatedAt) are refused, unknown fields too.")
public record AccountRequest(
        @Schema(required = true, description = "Trimmed", minLength = 1, maxLength = 200, examples = "Acme GmbH")
        @NotBlank @CodePointLength(max = 200) String name,

        @Schema(description = "On create, derived from name when absent; a taken slug is 409 slug-taken", maxLength = 63,
                pattern = SLUG, examples = "acme-gmbh")
        @Size(max = 63) @Pattern(regexp = SLUG, message = "must be lower-case letters, digits and inner hyphens") String slug,

        @Schema(required = true, format = "email", maxLength = 254, examples = "ops@acme.example")
        @NotBlank @Email @CodePointLength(max = 254) String ownerEmail,

        @Schema(ref = EnumSchemas.SUBSCRIPTION_STATUS, description = "null clears it",
                extensions = @Extension(name = NullableReferences.MARK, value = "true")) String subscriptionStatus,
        @Schema(ref = EnumSchemas.PLAN_TIER, description = "null clears it",
                extensions = @Extension(name = NullableReferences.MARK, value = "true")) String planTier,
        @Schema(ref = EnumSchemas.BILLING_INTERVAL, description = "null clears it",
                extensions = @Extension(name = NullableReferences.MARK, value = "true")) String billingInterval,

        @Schema(nullable = true, format = "date-time", description = "ISO-8601 with an offset, not in the past. "
                + "Defaults to now + erp.provisioning.trial-days while trialing; PATCH null while trialing is 400")
        String trialEndsAt,

        @Schema(description = "Create only: domain names created with the account, in the same transaction",
                examples = "[\"acme.example\"]")
        List<String> domains) {

    public static final String SLUG = "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$";
}
