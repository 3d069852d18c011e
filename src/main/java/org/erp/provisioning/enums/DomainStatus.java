package org.erp.provisioning.enums;

/** Labels of EVA's {@code domain_status} type the service knows; the catalog may hold more. */
public enum DomainStatus implements PgEnumConstant {
    PENDING("pending"),
    VERIFIED("verified"),
    FAILED("failed"),
    REVOKED("revoked");

    private final String label;

    DomainStatus(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
