package org.erp.provisioning.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicInsert;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.Formula;

/**
 * A row of EVA's {@code partner_domains}. Columns left null are left out of the INSERT, so EVA's defaults apply
 * (the default status is whatever label EVA's default is now, even after a rename). Domains created with their
 * account are written by {@code AccountRepository.insert}, one statement, with the same defaults.
 */
@Entity
@Table(name = "partner_domains")
@DynamicInsert
@DynamicUpdate
public class PartnerDomain extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    public UUID id;

    @Column(name = "account_id")
    public UUID accountId;

    public String domain;

    /** A {@code domain_status} label; the column is the native enum type. */
    public String status;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    /**
     * The row's version: PostgreSQL's {@code xmin}, the transaction that wrote it last, which every write of the row
     * changes, EVA's included. Read with the row, never written; its {@code ETag}.
     */
    @Formula("xmin::text")
    public String version;
}
