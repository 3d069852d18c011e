package org.erp.provisioning.account;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.erp.provisioning.domain.PartnerDomain;
import org.erp.provisioning.domain.PartnerDomainRepository;
import org.erp.provisioning.enums.EnumCatalog;
import org.erp.provisioning.enums.PgEnumType;
import org.erp.provisioning.enums.SubscriptionStatus;
import org.erp.provisioning.persistence.DatabaseFailure;
import org.erp.provisioning.persistence.DatabaseTime;
import org.erp.provisioning.persistence.Transactions;
import org.erp.provisioning.problem.DatabaseProblems;
import org.erp.provisioning.problem.FieldError;
import org.erp.provisioning.problem.FieldErrors;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.web.PathIds;
import org.erp.provisioning.web.StorableText;

@ApplicationScoped
public class AccountService {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;

    private final AccountRepository accounts;
    private final PartnerDomainRepository domains;
    private final AccountInput input;
    private final EnumCatalog catalog;
    private final Transactions transactions;
    private final Holders holders;
    private final Duration trialLength;

    AccountService(AccountRepository accounts, PartnerDomainRepository domains, AccountInput input,
                   EnumCatalog catalog, Transactions transactions, Holders holders,
                   @ConfigProperty(name = "erp.provisioning.trial-days") int trialDays) {
        this.accounts = accounts;
        this.holders = holders;
        this.domains = domains;
        this.input = input;
        this.catalog = catalog;
        this.transactions = transactions;
        this.trialLength = Duration.ofDays(trialDays);
    }

    /**
     * Creates the account and its domains in one transaction; with {@code dryRun} the transaction is rolled back.
     * An account without domains is a single INSERT, atomic without an explicit transaction.
     */
    public Uni<AccountView> create(JsonNode body, boolean dryRun) {
        return transactions.write(dryRun, () -> input.forCreate(body), changes -> changes.domains().isEmpty(),
                        changes -> accounts.insertAlone(newAccount(changes)).map(AccountView::of), this::insert)
                .onFailure(taken -> DatabaseFailure.isUniqueViolation(taken, DatabaseProblems.DOMAIN_KEY))
                .recoverWithUni(taken -> input.forCreate(body).chain(changes -> domainsTaken(body, changes.domains(), taken)))
                .onFailure(taken -> DatabaseFailure.isUniqueViolation(taken, DatabaseProblems.SLUG_KEY))
                .recoverWithUni(taken -> input.forCreate(body).chain(changes -> holders.slugTaken(slugOf(changes), taken)));
    }

    /**
     * The index refuses the first taken domain it meets; the client is told every one, as {@code domains[i]} (the
     * checked names are in the order they were sent, which passed the checks without duplicates), each with the
     * domain that holds it as {@code existing}, and the first of them as the problem's. The transaction was rolled
     * back, so this reads in a session of its own. Should none be taken any more (released in the meantime), or the
     * read fail, the original refusal stands: as for {@link Holders}, the look-up never changes the answer.
     */
    private Uni<AccountView> domainsTaken(JsonNode body, List<String> requested, Throwable refusal) {
        return transactions.read(() -> domains.holding(requested))
                .onFailure().recoverWithItem(Map.of()).chain(holding -> {
            List<FieldError> errors = new ArrayList<>();
            for (int i = 0; i < requested.size(); i++) {
                PartnerDomain holder = holding.get(requested.get(i));
                if (holder != null) {
                    errors.add(FieldError.of("domains[" + i + "]", ProblemCode.DOMAIN_TAKEN.code(),
                            "belongs to an account already", body.path("domains").path(i).asText())
                            .heldBy(Holders.domainPath(holder)));
                }
            }
            return Uni.createFrom().failure(errors.isEmpty() ? refusal
                    : new ProblemException(ProblemCode.DOMAIN_TAKEN, "A domain belongs to an account already", errors)
                            .heldBy(errors.get(0).existing()));
        });
    }

    /** The slug an account is written with: as given, or derived from the name by the input checks. */
    private static String slugOf(AccountChanges changes) {
        Account account = new Account();
        changes.applyTo(account);
        return account.slug;
    }

    private Uni<AccountView> insert(AccountChanges changes) {
        Account account = newAccount(changes);
        return accounts.persist(account)
                .chain(() -> changes.domains().isEmpty() ? Uni.createFrom().voidItem()
                        : domains.persist(newDomains(account, changes.domains())))
                .chain(accounts::flush)
                .map(flushed -> AccountView.of(account));
    }

    public Uni<AccountView> get(String accountId) {
        return transactions.read(() -> find(accountId, LockModeType.NONE).map(AccountView::of));
    }

    /** Applies a JSON merge patch, holding the row lock so the trial rule is checked against the current row. */
    public Uni<AccountView> patch(String accountId, JsonNode body) {
        return transactions.write(() -> input.forPatch(body), changes ->
                find(accountId, LockModeType.PESSIMISTIC_WRITE).chain(account -> {
                    if (changes.isEmpty()) {
                        return Uni.createFrom().item(AccountView.of(account));
                    }
                    changes.applyTo(account);
                    keepTrialEnd(account, changes);
                    account.updatedAt = DatabaseTime.now();
                    return accounts.flush().map(flushed -> AccountView.of(account));
                }))
                .onFailure(taken -> DatabaseFailure.isUniqueViolation(taken, DatabaseProblems.SLUG_KEY))
                .recoverWithUni(taken -> input.forPatch(body).chain(changes -> holders.slugTaken(slugOf(changes), taken)));
    }

    public Uni<AccountPage> list(String subscriptionStatus, String planTier, String text, String limit, String cursor) {
        return transactions.read(() -> catalog.labels().map(labels -> {
            FieldErrors errors = new FieldErrors();
            String status = labels.parameter(PgEnumType.SUBSCRIPTION_STATUS, "subscriptionStatus", subscriptionStatus, errors);
            String tier = labels.parameter(PgEnumType.PLAN_TIER, "planTier", planTier, errors);
            int size = pageSize(limit, errors);
            PageCursor after = null;
            if (cursor != null && !cursor.isBlank()) {
                after = PageCursor.decode(cursor.strip()).orElse(null);
                if (after == null) {
                    errors.add("cursor", "invalid-cursor", "is not a cursor this service issued", cursor);
                }
            }
            if (text != null && !StorableText.isStorable(text)) {
                errors.add("q", StorableText.CODE, StorableText.MESSAGE, null);
            }
            errors.throwIfAny();
            return new PageQuery(new AccountFilter(status, tier, text == null || text.isBlank() ? null : text.strip()), after, size);
        }), query -> accounts.page(query.filter(), query.after(), query.size() + 1).map(rows -> {
            boolean more = rows.size() > query.size();
            List<Account> page = more ? rows.subList(0, query.size()) : rows;
            return new AccountPage(page.stream().map(AccountView::of).toList(),
                    more ? PageCursor.after(page.get(query.size() - 1)).encode() : null);
        }));
    }

    private record PageQuery(AccountFilter filter, PageCursor after, int size) {
    }

    /** The account, or {@code account-not-found} for an unknown id or one that is not a UUID. */
    Uni<Account> find(String accountId, LockModeType lock) {
        UUID id = parseId(accountId);
        Uni<Account> found = lock == LockModeType.NONE ? accounts.findById(id) : accounts.findById(id, lock);
        return found.onItem().ifNull().failWith(() -> notFound(id));
    }

    /** Fails with {@code account-not-found} unless the account exists. */
    private Uni<Void> requireExists(UUID accountId) {
        return accounts.count("id", accountId)
                .invoke(count -> {
                    if (count == 0) {
                        throw notFound(accountId);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * {@code row}, a row that belongs to the account, or the not-found that says which is missing: the account's
     * when it does not exist, the row's ({@code notFound}) when only the row does not.
     */
    public <T> Uni<T> rowOrNotFound(UUID accountId, Uni<T> row, ProblemCode notFound, String resource, UUID id) {
        return row.onItem().ifNull().switchTo(() -> requireExists(accountId)
                .chain(() -> Uni.createFrom().<T>failure(PathIds.notFound(notFound, resource, id))));
    }

    /**
     * {@code rows}, the rows under the account. Rows exist only under an existing account (the foreign key), so
     * only an empty list needs asking whether the account exists: one query in the common case instead of two.
     */
    public <T> Uni<List<T>> rowsOrNotFound(UUID accountId, Uni<List<T>> rows) {
        return rows.call(found -> found.isEmpty() ? requireExists(accountId) : Uni.createFrom().voidItem());
    }

    public static UUID parseId(String accountId) {
        return PathIds.parse(accountId, ProblemCode.ACCOUNT_NOT_FOUND, "account");
    }

    private static ProblemException notFound(UUID accountId) {
        return PathIds.notFound(ProblemCode.ACCOUNT_NOT_FOUND, "account", accountId);
    }

    /** A trialing account always has an end: the default when none is given or stored, never a cleared one. */
    private void keepTrialEnd(Account account, AccountChanges changes) {
        if (!SubscriptionStatus.TRIALING.label().equals(account.subscriptionStatus) || account.trialEndsAt != null) {
            return;
        }
        if (changes.trialEndsAt().isNull()) {
            new FieldErrors().add("trialEndsAt", "required", "cannot be cleared while the subscription is trialing",
                    null).throwIfAny();
        }
        account.trialEndsAt = DatabaseTime.now().plus(trialLength);
    }

    private Account newAccount(AccountChanges changes) {
        Account account = new Account();
        changes.applyTo(account);
        account.createdAt = DatabaseTime.now();
        account.updatedAt = account.createdAt;
        keepTrialEnd(account, changes);
        return account;
    }

    private static List<PartnerDomain> newDomains(Account account, List<String> names) {
        return names.stream().map(name -> {
            PartnerDomain domain = new PartnerDomain();
            domain.accountId = account.id;
            domain.domain = name;
            domain.createdAt = account.createdAt;
            return domain;
        }).toList();
    }


    private static int pageSize(String limit, FieldErrors errors) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int size = Integer.parseInt(limit.strip());
            if (size >= 1 && size <= MAX_PAGE_SIZE) {
                return size;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        errors.add("limit", "out-of-range", "must be an integer from 1 to " + MAX_PAGE_SIZE, limit);
        return DEFAULT_PAGE_SIZE;
    }
}
