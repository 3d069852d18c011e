package org.erp.provisioning.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.erp.provisioning.config.ErpSettings;
import org.erp.provisioning.domain.DomainConstraints;
import org.erp.provisioning.domain.DomainHolders;
import org.erp.provisioning.domain.PartnerDomain;
import org.erp.provisioning.domain.PartnerDomainRepository;
import org.erp.provisioning.enums.LabelRecheck;
import org.erp.provisioning.enums.SubscriptionStatus;
import org.erp.provisioning.parent.ParentAccounts;
import org.erp.provisioning.persistence.DatabaseClients;
import org.erp.provisioning.persistence.DatabaseFailure;
import org.erp.provisioning.persistence.DatabaseTime;
import org.erp.provisioning.persistence.RowVersions;
import org.erp.provisioning.persistence.Transactions;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.FieldError;
import org.erp.provisioning.problem.FieldErrors;
import org.erp.provisioning.problem.handling.TakenValues;
import org.erp.provisioning.web.EntityTags;
import org.erp.provisioning.web.Versioned;

@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final PartnerDomainRepository domains;
    private final AccountInput input;
    private final LabelRecheck labels;
    private final Transactions transactions;
    private final TakenValues taken;
    private final Duration trialLength;
    private final DatabaseClients clients;
    /** How long an export's transaction may wait on a client that reads slowly, before the database ends it. */
    static final Duration EXPORT_IDLE = Duration.ofMinutes(1);
    /** Accounts written to the client at once by an export. */
    private static final int EXPORT_CHUNK = 200;
    private final ObjectMapper json;

    AccountService(AccountRepository accounts, PartnerDomainRepository domains, AccountInput input, LabelRecheck labels,
                   Transactions transactions, TakenValues taken, ErpSettings settings, DatabaseClients clients,
                   ObjectMapper json) {
        this.clients = clients;
        this.json = json;
        this.accounts = accounts;
        this.domains = domains;
        this.input = input;
        this.labels = labels;
        this.transactions = transactions;
        this.taken = taken;
        this.trialLength = Duration.ofDays(settings.provisioning().trialDays());
    }

    /**
     * Creates the account and its domains with one statement, atomic on its own; with {@code dryRun} the statement
     * runs in a transaction that is rolled back. A taken slug or domain is a 409 naming the row that holds it.
     */
    public Uni<Versioned<AccountView>> create(JsonNode body, boolean dryRun) {
        return labels.checkThenRun(() -> input.forCreate(body), changes -> {
            // Built (and its trial rule checked) before a connection is taken; each attempt gives it a new id.
            Account account = newAccount(changes);
            Function<SqlClient, Uni<Versioned<AccountView>>> insert = client ->
                    accounts.insert(client, account, changes.domains()).map(AccountService::versioned);
            return (dryRun ? transactions.dryRun(insert) : transactions.statement(insert))
                    .onFailure(refusal -> DatabaseFailure.isUniqueViolation(refusal, DomainConstraints.DOMAIN_KEY))
                    .recoverWithUni(refusal -> domainsTaken(body, changes.domains(), refusal))
                    .onFailure(refusal -> DatabaseFailure.isUniqueViolation(refusal, AccountConstraints.SLUG_KEY))
                    .recoverWithUni(refusal -> slugTaken(account.slug, refusal));
        });
    }

    /**
     * The index refuses the first taken domain it meets; the client is told every one, as {@code domains[i]} (the
     * checked names are in the order they were sent, which passed the checks without duplicates), each with the
     * domain that holds it as {@code existing}. Should none be held any more (released in the meantime), the 409
     * names {@code domains} as a whole.
     */
    private <T> Uni<T> domainsTaken(JsonNode body, List<String> requested, Throwable refusal) {
        return taken.heldByEach(refusal, "domains", () -> domains.holding(requested).map(holding -> {
            List<FieldError> errors = new ArrayList<>();
            for (int i = 0; i < requested.size(); i++) {
                PartnerDomain holder = holding.get(requested.get(i));
                if (holder != null) {
                    errors.add(FieldError.of("domains[" + i + "]", FieldCode.DOMAIN_TAKEN,
                            "belongs to an account already", body.path("domains").path(i).asText())
                            .heldBy(DomainHolders.path(holder)));
                }
            }
            return errors;
        }));
    }

    /** Fails with {@code refusal} (a unique violation on the slug), as a 409 naming the account that holds {@code slug}. */
    private <T> Uni<T> slugTaken(String slug, Throwable refusal) {
        return taken.heldBy(refusal, () -> accounts.find("slug", slug).<Account>firstResult()
                .map(account -> account == null ? null : ParentAccounts.path(account.id)));
    }

    public Uni<Versioned<AccountView>> get(String accountId) {
        UUID id = ParentAccounts.parseId(accountId);
        return transactions.select(client -> accounts.view(client, id)).onItem().ifNull().failWith(() -> ParentAccounts.notFound(id));
    }

    /**
     * Applies a JSON merge patch, holding the row lock so the trial rule is checked against the current row and
     * {@code ifMatch} (null: none) against its current version: the check and the write are one step.
     */
    public Uni<Versioned<AccountView>> patch(String accountId, JsonNode body, EntityTags.Condition ifMatch) {
        return labels.checkThenRun(() -> input.forPatch(body), changes -> transactions.write(() ->
                findLocked(accountId).chain(account -> {
                    EntityTags.require(ifMatch, account.version);
                    if (changes.isEmpty()) {
                        return Uni.createFrom().item(versioned(account));
                    }
                    changes.applyTo(account);
                    keepTrialEnd(account, changes);
                    account.updatedAt = DatabaseTime.now();
                    return accounts.flush().chain(() -> RowVersions.of("accounts", account.id))
                            .map(version -> new Versioned<>(AccountView.of(account), version));
                })).onFailure(refusal -> DatabaseFailure.isUniqueViolation(refusal, AccountConstraints.SLUG_KEY))
                .recoverWithUni(refusal -> slugTaken(changes.slug().value(), refusal)));
    }

    public Uni<AccountPage> list(String subscriptionStatus, String planTier, String text, String limit, String cursor) {
        return labels.checkThenRun(() -> input.forList(subscriptionStatus, planTier, text, limit, cursor),
                query -> transactions.select(client -> accounts.page(client, query.filter(), query.after(), query.size() + 1))
                        .map(rows -> {
                            boolean more = rows.size() > query.size();
                            List<AccountView> page = more ? rows.subList(0, query.size()) : rows;
                            return new AccountPage(page, more ? PageCursor.after(page.get(query.size() - 1)).encode() : null);
                        }));
    }

    /**
     * Every account matching the filters, as a stream read from one snapshot ({@link AccountRepository#stream}) on a
     * connection of its own, in a read-only transaction that ends, and the connection with it, when the stream does:
     * read to the end, failed, or cancelled by a client that went away. The transaction may stay idle while a slow
     * client reads, up to {@link #EXPORT_IDLE}; the server's statement timeout does not apply to the reading.
     */
    public Multi<byte[]> export(String subscriptionStatus, String planTier, String text, String limit, String cursor) {
        return Multi.createFrom().deferred(() -> Multi.createFrom().uni(labels.checkThenRun(
                        () -> input.forExport(subscriptionStatus, planTier, text, limit, cursor), Uni.createFrom()::item)))
                .onItem().transformToMultiAndConcatenate(filter -> Multi.createFrom().resourceFromUni(
                        () -> clients.connection().call(connection -> connection.query("BEGIN READ ONLY; SET LOCAL"
                                + " statement_timeout = 0; SET LOCAL idle_in_transaction_session_timeout = '"
                                + EXPORT_IDLE.toMillis() + "ms'").execute()
                                .onFailure().call(connection::close)),
                        connection -> accounts.stream(connection, filter))
                        .withFinalizer(AccountService::endExport))
                .group().intoLists().of(EXPORT_CHUNK).map(this::ndjson);
    }

    /** Accounts as NDJSON lines, the last without its newline (the stream adds one after each chunk). */
    private byte[] ndjson(List<AccountView> views) {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(views.size() * 300);
        try {
            for (AccountView view : views) {
                if (chunk.size() > 0) {
                    chunk.write('\n');
                }
                json.writeValue(chunk, view);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return chunk.toByteArray();
    }

    /** Ends an export's transaction and gives its connection back, whatever became of the stream. */
    private static Uni<Void> endExport(SqlConnection connection) {
        return connection.query("ROLLBACK").execute().replaceWithVoid().onFailure().recoverWithNull()
                .eventually(connection::close);
    }

    private static Versioned<AccountView> versioned(Account account) {
        return new Versioned<>(AccountView.of(account), account.version);
    }

    /** The account, its row locked for the transaction, or {@code account-not-found} (also for an id that is no UUID). */
    private Uni<Account> findLocked(String accountId) {
        UUID id = ParentAccounts.parseId(accountId);
        return accounts.findById(id, LockModeType.PESSIMISTIC_WRITE).onItem().ifNull().failWith(() -> ParentAccounts.notFound(id));
    }

    /** A trialing account always has an end: the default when none is given or stored, never a cleared one. */
    private void keepTrialEnd(Account account, AccountChanges changes) {
        if (!SubscriptionStatus.TRIALING.label().equals(account.subscriptionStatus) || account.trialEndsAt != null) {
            return;
        }
        if (changes.trialEndsAt().isNull()) {
            new FieldErrors().add("trialEndsAt", FieldCode.REQUIRED, "cannot be cleared while the subscription is trialing",
                    null).throwIfAny();
        }
        account.trialEndsAt = DatabaseTime.now().plus(trialLength);
    }

    /** The account a create writes, built from the checked request; its id is set when it is written. */
    Account newAccount(AccountChanges changes) {
        Account account = new Account();
        changes.applyTo(account);
        account.createdAt = DatabaseTime.now();
        account.updatedAt = account.createdAt;
        keepTrialEnd(account, changes);
        return account;
    }
}
