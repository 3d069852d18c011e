package org.erp.provisioning.account;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.Formula;

/**
 * A row of EVA's {@code accounts}. Enum columns hold labels as strings: a label EVA added after this service
 * was built must still load. They are bound as parameters whose type PostgreSQL infers from the column, so
 * they reach the database as the native enum type, never as {@code character varying}. Only changed columns
 * are written, so a PATCH never overwrites what another writer changed in the other columns.
 */
@Entity
@Table(name = "accounts")
@DynamicUpdate
public class Account extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    public UUID id;

    public String name;

    public String slug;

    @Column(name = "owner_email")
    public String ownerEmail;

    /** A {@code subscription_status} label, or null. */
    @Column(name = "subscription_status")
    public String subscriptionStatus;

    /** A {@code plan_tier} label, or null. */
    @Column(name = "plan_tier")
    public String planTier;

    /** A {@code billing_interval} label, or null. */
    @Column(name = "billing_interval")
    public String billingInterval;

    @Column(name = "trial_ends_at")
    public Instant trialEndsAt;

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
