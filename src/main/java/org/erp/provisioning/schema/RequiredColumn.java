package org.erp.provisioning.schema;

import java.util.List;
import java.util.Set;
import org.erp.provisioning.enums.PgEnumType;

/** A column of EVA's schema the service reads or writes, with the types ({@code udt_name}) it can work with. */
public record RequiredColumn(String table, String column, Set<String> types) {

    private static final Set<String> TEXT = Set.of("varchar", "text");
    private static final Set<String> TIMESTAMP = Set.of("timestamptz");
    private static final Set<String> UUID = Set.of("uuid");

    /** Every column the entities map, as EVA-SCHEMA.md describes them. */
    public static final List<RequiredColumn> ALL = List.of(
            of("accounts", "id", UUID),
            of("accounts", "name", TEXT),
            of("accounts", "slug", TEXT),
            of("accounts", "owner_email", TEXT),
            of("accounts", "subscription_status", enumType(PgEnumType.SUBSCRIPTION_STATUS)),
            of("accounts", "plan_tier", enumType(PgEnumType.PLAN_TIER)),
            of("accounts", "billing_interval", enumType(PgEnumType.BILLING_INTERVAL)),
            of("accounts", "trial_ends_at", TIMESTAMP),
            of("accounts", "created_at", TIMESTAMP),
            of("accounts", "updated_at", TIMESTAMP),
            of("partner_domains", "id", UUID),
            of("partner_domains", "account_id", UUID),
            of("partner_domains", "domain", TEXT),
            of("partner_domains", "status", enumType(PgEnumType.DOMAIN_STATUS)),
            of("partner_domains", "verified_at", TIMESTAMP),
            of("partner_domains", "created_at", TIMESTAMP),
            of("partner_deals", "id", UUID),
            of("partner_deals", "account_id", UUID),
            of("partner_deals", "title", TEXT),
            of("partner_deals", "amount_cents", Set.of("int8")),
            of("partner_deals", "currency", Set.of("bpchar", "varchar", "text")),
            of("partner_deals", "stage", enumType(PgEnumType.DEAL_STAGE)),
            of("partner_deals", "expected_close_date", Set.of("date")),
            of("partner_deals", "closed_at", TIMESTAMP),
            of("partner_deals", "created_at", TIMESTAMP),
            of("partner_deals", "updated_at", TIMESTAMP));

    private static RequiredColumn of(String table, String column, Set<String> types) {
        return new RequiredColumn(table, column, types);
    }

    private static Set<String> enumType(PgEnumType type) {
        return Set.of(type.typeName());
    }

    public String key() {
        return table + "." + column;
    }
}
