package org.erp.provisioning.deal;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.erp.provisioning.enums.EnumSchemas;

// Serialised from Response entities and router handlers, which the native build does not see by itself.
@RegisterForReflection
@Schema(name = "Deal", description = "A partner deal of an account. Every field is present; those without a value are null.")
public record DealView(
        @Schema(required = true) UUID id,
        @Schema(required = true) UUID accountId,
        @Schema(required = true, examples = "Acme annual renewal") String title,
        @Schema(required = true, examples = "1200000") long amountCents,
        @Schema(required = true, description = "ISO 4217, upper case", examples = "EUR") String currency,
        @Schema(required = true, ref = EnumSchemas.DEAL_STAGE) String stage,
        @Schema(required = true, nullable = true) LocalDate expectedCloseDate,
        @Schema(required = true, nullable = true, description = "Set while the stage is closed-won or closed-lost") Instant closedAt,
        @Schema(required = true) Instant createdAt,
        @Schema(required = true) Instant updatedAt) {

    public static DealView of(PartnerDeal deal) {
        return of(deal, deal.stage);
    }

    /** With the stage as stored, for a row whose stage the database chose (EVA's column default). */
    static DealView of(PartnerDeal deal, String stage) {
        return new DealView(deal.id, deal.accountId, deal.title, deal.amountCents, deal.currency, stage,
                deal.expectedCloseDate, deal.closedAt, deal.createdAt, deal.updatedAt);
    }
}
