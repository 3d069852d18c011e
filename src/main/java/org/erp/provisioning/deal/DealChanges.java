package org.erp.provisioning.deal;

import java.time.LocalDate;
import org.erp.provisioning.web.BodyField;

/** What a deal body asks for, checked and normalised; absent fields leave the deal as it is. */
record DealChanges(BodyField<String> title, BodyField<Long> amountCents, BodyField<String> currency,
                   BodyField<String> stage, BodyField<LocalDate> expectedCloseDate) {

    boolean isEmpty() {
        return !title.isPresent() && !amountCents.isPresent() && !currency.isPresent() && !stage.isPresent()
                && !expectedCloseDate.isPresent();
    }

    /** Applies every field but the stage, whose move also decides {@code closedAt}. */
    void applyTo(PartnerDeal deal) {
        title.ifPresent(value -> deal.title = value);
        amountCents.ifPresent(value -> deal.amountCents = value);
        currency.ifPresent(value -> deal.currency = value);
        expectedCloseDate.ifPresent(value -> deal.expectedCloseDate = value);
    }
}
