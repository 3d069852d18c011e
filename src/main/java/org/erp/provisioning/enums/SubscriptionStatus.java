package org.erp.provisioning.enums;

/** Labels of EVA's {@code subscription_status} type the service knows; the catalog may hold more. */
public enum SubscriptionStatus implements PgEnumConstant {
    TRIALING("trialing"),
    ACTIVE("active"),
    PAST_DUE("past_due"),
    CANCELED("canceled"),
    UNPAID("unpaid"),
    PAUSED("paused");

    private final String label;

    SubscriptionStatus(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
