package org.erp.provisioning.account;

import java.time.Instant;
import java.util.UUID;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

// Serialised from Response entities and router handlers, which the native build does not see by itself.
@RegisterForReflection
@Schema(name = "Account", description = "An EVA customer account")
public record AccountView(
        UUID id,
        String name,
        String slug,
        String ownerEmail,
        @Schema(description = "A subscription_status label from GET /api/v1/enums", examples = "trialing") String subscriptionStatus,
        @Schema(description = "A plan_tier label from GET /api/v1/enums", examples = "growth") String planTier,
        @Schema(description = "A billing_interval label from GET /api/v1/enums", examples = "annual") String billingInterval,
        Instant trialEndsAt,
        Instant createdAt,
        Instant updatedAt) {

    public static AccountView of(Account account) {
        return new AccountView(account.id, account.name, account.slug, account.ownerEmail,
                account.subscriptionStatus, account.planTier, account.billingInterval, account.trialEndsAt,
                account.createdAt, account.updatedAt);
    }
}
