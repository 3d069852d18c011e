package org.erp.provisioning.account;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.erp.provisioning.enums.PgEnumType;
import org.erp.provisioning.persistence.DatabaseTime;
import org.erp.provisioning.web.Versioned;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

    /** Every column of {@link Account}, as Hibernate would write them. */
    private static final String INSERT = "INSERT INTO accounts (id, name, slug, owner_email, subscription_status,"
            + " plan_tier, billing_interval, trial_ends_at, created_at, updated_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    /**
     * The account and its domains in one statement. The domains' foreign key is checked at the end of the statement,
     * when the account is there; every other column of a domain is EVA's default (its id, its status). A column added
     * to {@link org.erp.provisioning.domain.PartnerDomain} that a create sets belongs here too.
     */
    private static final String INSERT_WITH_DOMAINS = "WITH account AS (" + INSERT + " RETURNING id, created_at, xmin::text AS version),"
            + " domain AS (INSERT INTO partner_domains (account_id, domain, created_at)"
            + " SELECT account.id, requested.domain, account.created_at FROM account, unnest($11::text[]) AS requested (domain))"
            + " SELECT version FROM account";
    /** The inserted account's version ({@link Account#version}), the answer of both statements. */
    private static final String RETURNING_VERSION = " RETURNING xmin::text";

    /**
     * Many accounts and their domains in one statement, for a bulk import: each account is inserted unless a unique
     * rule refuses it (its slug taken, by another account or an earlier one of the same batch: {@code ON CONFLICT DO
     * NOTHING}), and its domains only with it. Answers the ids inserted. A domain held by another account fails the
     * whole statement (23505), so the caller leaves out the accounts whose domains it found held just before. Enum
     * columns arrive as text arrays and are cast to EVA's types by name, as the readiness check verifies them.
     */
    private static final String INSERT_BATCH = "WITH account AS (INSERT INTO accounts (id, name, slug, owner_email,"
            + " subscription_status, plan_tier, billing_interval, trial_ends_at, created_at, updated_at)"
            + " SELECT id, name, slug, owner_email, subscription_status::" + PgEnumType.SUBSCRIPTION_STATUS.typeName()
            + ", plan_tier::" + PgEnumType.PLAN_TIER.typeName() + ", billing_interval::" + PgEnumType.BILLING_INTERVAL.typeName()
            + ", trial_ends_at, created_at, updated_at FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[],"
            + " $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[])"
            + " AS requested (id, name, slug, owner_email, subscription_status, plan_tier, billing_interval, trial_ends_at,"
            + " created_at, updated_at)"
            + " ON CONFLICT DO NOTHING RETURNING id, created_at),"
            + " domain AS (INSERT INTO partner_domains (account_id, domain, created_at)"
            + " SELECT account.id, requested.domain, account.created_at"
            + " FROM account JOIN unnest($11::uuid[], $12::text[]) AS requested (account_id, domain) ON requested.account_id = account.id)"
            + " SELECT id FROM account";

    /** Inserts {@code batch} (accounts with their domains) as {@link #INSERT_BATCH} does; answers the ids inserted. */
    public Uni<Set<UUID>> insertBatch(SqlClient client, List<Account> batch, Map<UUID, List<String>> domainsByAccount) {
        int size = batch.size();
        UUID[] ids = new UUID[size];
        String[] names = new String[size];
        String[] slugs = new String[size];
        String[] emails = new String[size];
        String[] statuses = new String[size];
        String[] tiers = new String[size];
        String[] intervals = new String[size];
        OffsetDateTime[] trialEnds = new OffsetDateTime[size];
        OffsetDateTime[] created = new OffsetDateTime[size];
        OffsetDateTime[] updated = new OffsetDateTime[size];
        List<UUID> domainAccounts = new ArrayList<>();
        List<String> domainNames = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Account account = batch.get(i);
            ids[i] = account.id;
            names[i] = account.name;
            slugs[i] = account.slug;
            emails[i] = account.ownerEmail;
            statuses[i] = account.subscriptionStatus;
            tiers[i] = account.planTier;
            intervals[i] = account.billingInterval;
            trialEnds[i] = DatabaseTime.timestamp(account.trialEndsAt);
            created[i] = DatabaseTime.timestamp(account.createdAt);
            updated[i] = DatabaseTime.timestamp(account.updatedAt);
            for (String domain : domainsByAccount.getOrDefault(account.id, List.of())) {
                domainAccounts.add(account.id);
                domainNames.add(domain);
            }
        }
        Tuple values = Tuple.tuple(List.of(ids, names, slugs, emails, statuses, tiers, intervals, trialEnds, created, updated,
                domainAccounts.toArray(UUID[]::new), domainNames.toArray(String[]::new)));
        return client.preparedQuery(INSERT_BATCH).execute(values).map(rows -> {
            Set<UUID> inserted = new HashSet<>();
            rows.forEach(row -> inserted.add(row.getUUID(0)));
            return inserted;
        });
    }

    /**
     * Inserts an account with its domains, if any, as one statement: atomic on its own, so it needs neither a
     * session nor an explicit transaction, and costs one round trip however many domains come with it. This is the
     * hot path of provisioning. Labels are bound as parameters whose type PostgreSQL infers from the column, as
     * Hibernate binds them.
     */
    public Uni<Account> insert(SqlClient client, Account account, List<String> domains) {
        account.id = UUID.randomUUID();
        List<Object> values = new ArrayList<>(Arrays.asList(account.id, account.name, account.slug, account.ownerEmail,
                account.subscriptionStatus, account.planTier, account.billingInterval, DatabaseTime.timestamp(account.trialEndsAt),
                DatabaseTime.timestamp(account.createdAt), DatabaseTime.timestamp(account.updatedAt)));
        if (!domains.isEmpty()) {
            values.add(domains.toArray(String[]::new));
        }
        return client.preparedQuery(domains.isEmpty() ? INSERT + RETURNING_VERSION : INSERT_WITH_DOMAINS)
                .execute(Tuple.tuple(values)).map(rows -> {
                    account.version = rows.iterator().next().getString(0);
                    return account;
                });
    }

    /** The columns of an {@link AccountView}, enum labels as text, in {@link #view}'s order. */
    private static final String VIEW_COLUMNS = "id, name, slug, owner_email, subscription_status::text, plan_tier::text,"
            + " billing_interval::text, trial_ends_at, created_at, updated_at";

    /** One account as a view, and its version. */
    private static final String VIEW = "SELECT " + VIEW_COLUMNS + ", xmin::text FROM accounts WHERE id = $1";

    /** The rows an export reads at a time: enough to keep the client busy, few enough to hold. */
    private static final int EXPORT_FETCH = 500;

    /**
     * One page of accounts in slug order, after {@code cursor} when given, read as views by one statement: a page is
     * only read, so no entity is built for it (Hibernate's per-row loading was most of a list's cost).
     */
    public Uni<List<AccountView>> page(SqlClient client, AccountFilter filter, PageCursor cursor, int size) {
        Select select = select(filter, cursor);
        select.values.add(size);
        return client.preparedQuery(select.sql + " LIMIT $" + select.values.size()).execute(Tuple.tuple(select.values))
                .map(rows -> {
                    List<AccountView> page = new ArrayList<>(rows.size());
                    rows.forEach(row -> page.add(view(row)));
                    return page;
                });
    }

    /**
     * Every account matching {@code filter}, in slug order, read by one statement through a cursor: from one
     * snapshot however long the reading takes, a few hundred rows held at a time, fetched as the stream is read. The
     * connection must be in a transaction (a cursor lives in one).
     */
    public Multi<AccountView> stream(SqlConnection connection, AccountFilter filter) {
        Select select = select(filter, null);
        return connection.prepare(select.sql).onItem().transformToMulti(statement ->
                statement.createStream(EXPORT_FETCH, Tuple.tuple(select.values)).toMulti().onTermination().call(statement::close))
                .map(AccountRepository::view);
    }

    /**
     * One account as a view with its version (xmin), or null when there is none with {@code id}: read only to be
     * answered, so by one statement and without an entity, as a page is (GET by id about 90 against 133 µs of CPU
     * through the session; the A/B is in bench/results/reads-2026-12-07-road.md's appendix).
     */
    public Uni<Versioned<AccountView>> view(SqlClient client, UUID id) {
        return client.preparedQuery(VIEW).execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Versioned<>(view(row), row.getString(10));
                });
    }

    /** A statement and the values of its parameters. */
    private record Select(String sql, List<Object> values) {
    }

    /**
     * The accounts matching {@code filter} after {@code cursor} (null: from the first), in slug order. Slug order walks
     * the unique index {@code accounts_slug_key}, the only ordered index EVA's schema has on accounts: a page costs the
     * same at a thousand rows and at a million, where any other order would sort the whole table for every page. Each
     * filter is added only when set: a "{@code $1 is null or column = $1}" pattern would make PostgreSQL type the
     * parameter as text, and an enum column compared with text is SQLSTATE 42883. A label is bound as a parameter
     * whose type PostgreSQL infers from the column.
     */
    private static Select select(AccountFilter filter, PageCursor cursor) {
        List<String> where = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (filter.subscriptionStatus() != null) {
            values.add(filter.subscriptionStatus());
            where.add("subscription_status = $" + values.size());
        }
        if (filter.planTier() != null) {
            values.add(filter.planTier());
            where.add("plan_tier = $" + values.size());
        }
        if (filter.text() != null) {
            // lower() on both sides, in PostgreSQL: Java's lower-casing depends on the locale and differs for non-ASCII.
            values.add("%" + escapeLike(filter.text()) + "%");
            int p = values.size();
            where.add("(lower(name) LIKE lower($" + p + ") OR lower(slug) LIKE lower($" + p + ")"
                    + " OR lower(owner_email) LIKE lower($" + p + "))");
        }
        if (cursor != null) {
            values.add(cursor.slug());
            where.add("slug > $" + values.size());
        }
        String sql = "SELECT " + VIEW_COLUMNS + " FROM accounts"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY slug";
        return new Select(sql, values);
    }

    private static AccountView view(Row row) {
        return new AccountView(row.getUUID(0), row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), DatabaseTime.instant(row.getOffsetDateTime(7)),
                DatabaseTime.instant(row.getOffsetDateTime(8)), DatabaseTime.instant(row.getOffsetDateTime(9)));
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
