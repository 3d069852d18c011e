package org.erp.provisioning.enums;

/** Labels of EVA's {@code billing_interval} type the service knows; the catalog may hold more. */
public enum BillingInterval implements PgEnumConstant {
    MONTHLY("monthly"),
    ANNUAL("annual");

    private final String label;

    BillingInterval(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
