package org.erp.provisioning.enums;

/** Labels of EVA's {@code plan_tier} type the service knows; the catalog may hold more. */
public enum PlanTier implements PgEnumConstant {
    FREE("free"),
    STARTER("starter"),
    GROWTH("growth"),
    ENTERPRISE("enterprise");

    private final String label;

    PlanTier(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
