package org.erp.provisioning.deal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

// Serialised from Response entities and router handlers, which the native build does not see by itself.
@RegisterForReflection
@Schema(name = "Deal", description = "A partner deal of an account")
public record DealView(
        UUID id,
        UUID accountId,
        String title,
        long amountCents,
        @Schema(description = "ISO 4217, upper case", examples = "EUR") String currency,
        @Schema(description = "A deal_stage label from GET /api/v1/enums", examples = "closed-won") String stage,
        LocalDate expectedCloseDate,
        @Schema(description = "Set while the stage is closed-won or closed-lost") Instant closedAt,
        Instant createdAt,
        Instant updatedAt) {

    public static DealView of(PartnerDeal deal) {
        return of(deal, deal.stage);
    }

    /** With the stage as stored, for a row whose stage the database chose (EVA's column default). */
    static DealView of(PartnerDeal deal, String stage) {
        return new DealView(deal.id, deal.accountId, deal.title, deal.amountCents, deal.currency, stage,
                deal.expectedCloseDate, deal.closedAt, deal.createdAt, deal.updatedAt);
    }
}
