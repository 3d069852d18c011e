package org.erp.provisioning.deal;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.hibernate.annotations.DynamicInsert;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.Formula;

/**
 * A row of EVA's {@code partner_deals}. Columns left null are left out of the INSERT, so EVA's defaults apply
 * (the default stage is whatever label EVA's default is now, even after a rename).
 */
@Entity
@Table(name = "partner_deals")
@DynamicInsert
@DynamicUpdate
public class PartnerDeal extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    public UUID id;

    @Column(name = "account_id")
    public UUID accountId;

    public String title;

    @Column(name = "amount_cents")
    public long amountCents;

    public String currency;

    /** A {@code deal_stage} label; the column is the native enum type. */
    public String stage;

    @Column(name = "expected_close_date")
    public LocalDate expectedCloseDate;

    /** Set exactly while the stage is closed (check {@code partner_deals_closed_at_matches_stage}). */
    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /**
     * The row's version: PostgreSQL's {@code xmin}, the transaction that wrote it last, which every write of the row
     * changes, EVA's included. Read with the row, never written; its {@code ETag}.
     */
    @Formula("xmin::text")
    public String version;
}
