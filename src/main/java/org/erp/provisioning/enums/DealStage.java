package org.erp.provisioning.enums;

/** Labels of EVA's {@code deal_stage} type the service knows; the catalog may hold more. */
public enum DealStage implements PgEnumConstant {
    PROSPECTING("prospecting"),
    QUALIFIED("qualified"),
    PROPOSAL("proposal"),
    NEGOTIATION("negotiation"),
    CLOSED_WON("closed-won"),
    CLOSED_LOST("closed-lost");

    private final String label;

    DealStage(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** Whether a deal in this stage carries {@code closed_at} (check {@code partner_deals_closed_at_matches_stage}). */
    public static boolean isClosed(String label) {
        return CLOSED_WON.label.equals(label) || CLOSED_LOST.label.equals(label);
    }
}
