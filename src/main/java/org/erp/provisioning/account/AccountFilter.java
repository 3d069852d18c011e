package org.erp.provisioning.account;

/** Checked list filters: enum labels as the database spells them, the free-text query, or null when unset. */
public record AccountFilter(String subscriptionStatus, String planTier, String text) {
}
