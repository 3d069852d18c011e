package org.erp.provisioning.account;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.erp.provisioning.enums.EnumSchemas;
import org.erp.provisioning.openapi.NullableReferences;

// Serialised from Response entities and router handlers, which the native build does not see by itself.
@RegisterForReflection
@Schema(name = "Account", description = "An EVA customer account. Every field is present; those without a value are null.")
public record AccountView(
        @Schema(required = true) UUID id,
        @Schema(required = true, examples = "Acme GmbH") String name,
        @Schema(required = true, examples = "acme-gmbh") String slug,
        @Schema(required = true, examples = "ops@acme.example") String ownerEmail,
        @Schema(required = true, ref = EnumSchemas.SUBSCRIPTION_STATUS,
                extensions = @Extension(name = NullableReferences.MARK, value = "true")) String subscriptionStatus,
        @Schema(required = true, ref = EnumSchemas.PLAN_TIER,
                extensions = @Extension(name = NullableReferences.MARK, value = "true")) String planTier,
        @Schema(required = true, ref = EnumSchemas.BILLING_INTERVAL,
                extensions = @Extension(name = NullableReferences.MARK, value = "true")) String billingInterval,
        @Schema(required = true, nullable = true, description = "End of the trial; null when there is none") Instant trialEndsAt,
        @Schema(required = true) Instant createdAt,
        @Schema(required = true) Instant updatedAt) {

    public static AccountView of(Account account) {
        return new AccountView(account.id, account.name, account.slug, account.ownerEmail,
                account.subscriptionStatus, account.planTier, account.billingInterval, account.trialEndsAt,
                account.createdAt, account.updatedAt);
    }
}
