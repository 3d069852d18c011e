package org.erp.provisioning.account;

import java.time.Instant;
import java.util.List;
import org.erp.provisioning.web.BodyField;

/**
 * What a create or PATCH body asks for, checked and normalised: labels as the database spells them, trimmed
 * text, domains in their stored form. Absent fields leave the account as it is.
 */
record AccountChanges(BodyField<String> name, BodyField<String> slug, BodyField<String> ownerEmail,
                      BodyField<String> subscriptionStatus, BodyField<String> planTier,
                      BodyField<String> billingInterval, BodyField<Instant> trialEndsAt, List<String> domains) {

    boolean isEmpty() {
        return !name.isPresent() && !slug.isPresent() && !ownerEmail.isPresent() && !subscriptionStatus.isPresent()
                && !planTier.isPresent() && !billingInterval.isPresent() && !trialEndsAt.isPresent();
    }

    void applyTo(Account account) {
        name.ifPresent(value -> account.name = value);
        slug.ifPresent(value -> account.slug = value);
        ownerEmail.ifPresent(value -> account.ownerEmail = value);
        subscriptionStatus.ifPresent(value -> account.subscriptionStatus = value);
        planTier.ifPresent(value -> account.planTier = value);
        billingInterval.ifPresent(value -> account.billingInterval = value);
        trialEndsAt.ifPresent(value -> account.trialEndsAt = value);
    }
}
