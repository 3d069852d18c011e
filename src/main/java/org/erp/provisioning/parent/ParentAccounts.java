package org.erp.provisioning.parent;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.web.EntityTags;
import org.erp.provisioning.web.PathIds;

/**
 * The account a domain or deal lives under, as the domain and deal features meet it: its id in their paths, the
 * not-found that says whether the account or the row is missing, and the account deleted under a write. Apart from
 * the account feature, so that domains and deals need nothing of it (the account feature uses domains: it creates
 * an account with its domains).
 */
@ApplicationScoped
public class ParentAccounts {

    /** The account id of a path: a value that is not a UUID names no account, so it is {@code account-not-found}. */
    public static UUID parseId(String accountId) {
        return PathIds.parse(accountId, ProblemCode.ACCOUNT_NOT_FOUND, "account");
    }

    public static ProblemException notFound(UUID accountId) {
        return PathIds.notFound(ProblemCode.ACCOUNT_NOT_FOUND, "account", accountId);
    }

    /** The path of the account, as {@code existing} and {@code Location} name it. */
    public static String path(UUID accountId) {
        return "/api/v1/accounts/" + accountId;
    }

    /**
     * {@code row}, a row that belongs to the account, loaded in the request's session to be changed, or the
     * not-found that says which is missing: the account's when it does not exist, the row's ({@code notFound}) when
     * only the row does not.
     */
    public <T> Uni<T> rowOrNotFound(UUID accountId, Uni<T> row, ProblemCode notFound, String resource, UUID id) {
        return row.onItem().ifNull().switchTo(() -> requireExists(accountId)
                .chain(() -> Uni.createFrom().<T>failure(PathIds.notFound(notFound, resource, id))));
    }

    /**
     * The statement that reads {@code columns} of the rows of {@code table} (as {@code child}) under account
     * {@code $1}, those meeting {@code condition} if given, read from the account: it answers no row when the account
     * does not exist and one row of nulls when it has no such row, so one statement says which is missing and a
     * read of an account's rows needs no second query to tell an empty account from a missing one.
     */
    public static String selectUnderAccount(String table, String columns, String condition) {
        return "SELECT " + columns + " FROM accounts LEFT JOIN " + table + " AS child ON child.account_id = accounts.id"
                + (condition == null ? "" : " AND " + condition) + " WHERE accounts.id = $1";
    }

    /**
     * The rows a {@link #selectUnderAccount} statement answered, each {@code read}; {@code account-not-found} when it
     * answered none.
     */
    public static <T> List<T> rowsUnderAccount(RowSet<Row> rows, UUID accountId, Function<Row, T> read) {
        if (rows.size() == 0) {
            throw notFound(accountId);
        }
        List<T> found = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (row.getValue(0) != null) {
                found.add(read.apply(row));
            }
        }
        return found;
    }

    /**
     * The one row a {@link #selectUnderAccount} statement for row {@code id} answered, {@code read}; otherwise the
     * not-found of what is missing: the account's when it does not exist, the row's ({@code notFound}) when only the
     * row does not.
     */
    public static <T> T rowUnderAccount(RowSet<Row> rows, UUID accountId, Function<Row, T> read, ProblemCode notFound,
                                        String resource, UUID id) {
        List<T> found = rowsUnderAccount(rows, accountId, read);
        if (found.isEmpty()) {
            throw PathIds.notFound(notFound, resource, id);
        }
        return found.get(0);
    }

    /**
     * The statement that deletes one row of {@code table} ({@code $1}) under its account ({@code $2}), if its version
     * is one of {@code $3} (a text array; null: whatever its version), and answers one row either way: the deleted
     * row's {@code returned} columns (null when nothing was deleted), the row's {@code version} and
     * {@code account_exists}, so a delete that deleted nothing says why. The row is locked before its version is
     * compared ({@code FOR UPDATE} waits for a concurrent writer and then reads the row it wrote), so the comparison
     * and the delete are one step: of two writers holding one version, the second finds a new version or no row.
     * One statement on the Vert.x client, atomic on its own. Rows are never removed through a Hibernate Reactive
     * session: its entity delete keeps per-call state in an object every session shares
     * (hibernate/hibernate-reactive#1713), so concurrent deletes of one entity type complete each other's work on
     * the wrong thread (HR000069).
     */
    public static String deleteUnderAccount(String table, String returned) {
        return "WITH target AS (SELECT id, xmin::text AS version FROM " + table + " WHERE id = $1 AND account_id = $2"
                + " FOR UPDATE), deleted AS (DELETE FROM " + table + " WHERE id IN (SELECT id FROM target"
                + " WHERE $3::text[] IS NULL OR version = ANY ($3::text[])) RETURNING " + returned + ")"
                + " SELECT deleted.*, (SELECT version FROM target) AS version,"
                + " EXISTS (SELECT 1 FROM accounts WHERE id = $2) AS account_exists"
                + " FROM (VALUES (1)) AS one LEFT JOIN deleted ON true";
    }

    /**
     * The row a {@link #deleteUnderAccount} statement answered, when it deleted one; otherwise the problem that says
     * why: {@code 412} when the row is there at another version than {@code ifMatch} names, else the not-found of
     * what is missing: the account's when it does not exist, the row's ({@code notFound}) when only the row does not.
     */
    public static Row deletedOrRefused(Row answer, EntityTags.Condition ifMatch, UUID accountId, ProblemCode notFound,
                                       String resource, UUID id) {
        if (answer.getValue("id") != null) {
            return answer;
        }
        String version = answer.getString("version");
        if (version != null) {
            EntityTags.require(ifMatch, version);
        }
        throw answer.getBoolean("account_exists") ? PathIds.notFound(notFound, resource, id) : notFound(accountId);
    }

    /** The versions a delete statement may delete ({@code $3}): null for any. */
    public static String[] versions(EntityTags.Condition ifMatch) {
        return ifMatch == null || ifMatch.any() ? null : ifMatch.versions().toArray(String[]::new);
    }

    /** Fails with {@code account-not-found} unless the account exists, in the session of the request. */
    private Uni<Void> requireExists(UUID accountId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("SELECT count(*) FROM accounts WHERE id = :id", Long.class)
                        .setParameter("id", accountId).getSingleResult())
                .invoke(count -> {
                    if (count == 0) {
                        throw notFound(accountId);
                    }
                })
                .replaceWithVoid();
    }
}
