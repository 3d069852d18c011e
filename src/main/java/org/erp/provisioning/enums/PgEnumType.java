package org.erp.provisioning.enums;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every native PostgreSQL enum type of EVA's schema the service reads or writes: its name in the catalog,
 * its key in {@code GET /api/v1/enums}, its schema in the OpenAPI document, and the Java constants the service
 * has logic for.
 */
public enum PgEnumType {
    SUBSCRIPTION_STATUS("subscription_status", "subscriptionStatus", EnumSchemas.SUBSCRIPTION_STATUS,
            SubscriptionStatus.values()),
    PLAN_TIER("plan_tier", "planTier", EnumSchemas.PLAN_TIER, PlanTier.values()),
    BILLING_INTERVAL("billing_interval", "billingInterval", EnumSchemas.BILLING_INTERVAL, BillingInterval.values()),
    DOMAIN_STATUS("domain_status", "domainStatus", EnumSchemas.DOMAIN_STATUS, DomainStatus.values()),
    DEAL_STAGE("deal_stage", "dealStage", EnumSchemas.DEAL_STAGE, DealStage.values());

    private final String typeName;
    private final String apiKey;
    private final String schemaName;
    private final List<String> knownLabels;

    PgEnumType(String typeName, String apiKey, String schemaName, PgEnumConstant[] constants) {
        this.typeName = typeName;
        this.apiKey = apiKey;
        this.schemaName = schemaName;
        this.knownLabels = Arrays.stream(constants).map(PgEnumConstant::label).toList();
    }

    /** The type's name in {@code pg_type}. */
    public String typeName() {
        return typeName;
    }

    /** The type's key in {@code GET /api/v1/enums}. */
    public String apiKey() {
        return apiKey;
    }

    /** The name of the type's schema in the OpenAPI document ({@link EnumSchemas}). */
    public String schemaName() {
        return schemaName;
    }

    /** Labels the service has a Java constant for, in declaration order. */
    public List<String> knownLabels() {
        return knownLabels;
    }

    public static Optional<PgEnumType> byTypeName(String typeName) {
        return Arrays.stream(values()).filter(t -> t.typeName.equals(typeName)).findFirst();
    }
}
