package org.erp.provisioning.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.erp.provisioning.config.ErpSettings;
import org.erp.provisioning.domain.DomainConstraints;
import org.erp.provisioning.domain.DomainHolders;
import org.erp.provisioning.domain.PartnerDomain;
import org.erp.provisioning.domain.PartnerDomainRepository;
import org.erp.provisioning.enums.EnumLabels;
import org.erp.provisioning.parent.ParentAccounts;
import org.erp.provisioning.persistence.DatabaseFailure;
import org.erp.provisioning.persistence.Transactions;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.FieldError;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.problem.handling.ProblemMapper;
import org.erp.provisioning.telemetry.AccessLog;
import org.erp.provisioning.web.NdjsonLines;
import org.erp.provisioning.web.NdjsonLines.Line;

/**
 * A bulk import: a stream of accounts, one per line, each created exactly as {@code POST /api/v1/accounts} would
 * create it, answered with one outcome per line in input order and a summary.
 * <p>
 * Lines are read as they are answered (backpressure: a client that reads the answer slowly slows the reading of its
 * request), checked one by one before the database is touched, and written in batches, each one statement that
 * inserts the batch's accounts and their domains ({@link AccountRepository#insertBatch}): one round trip and one
 * commit for up to {@code erp.bulk.batch-size} lines. Batches are written one after the other (their look-ups share
 * the request's Hibernate Reactive session context, which is not for concurrent use), while the next batch is read
 * and checked. Each line stays all or nothing on its own: an account whose slug is taken is left out by the
 * statement ({@code ON CONFLICT DO NOTHING}) and so are its domains; an account with a domain held already is left
 * out before (the holders are read first; one taken meanwhile fails the statement, which then runs again). A batch
 * never holds two lines with the same slug or domain: such a line starts the next batch, so the database decides
 * between them and the later one is told which account holds the value. A batch answered 201 is committed before
 * its outcomes are sent. What the batch statement cannot tell apart (a refusal no check foresaw, a label EVA
 * renamed) is settled line by line through the single create, whose answers are the contract's. A dry run runs each
 * batch and rolls it back; what its earlier lines would hold is remembered ({@link DryRunClaims}) and counts as held
 * after what the database holds, so a repeat is answered as the real run would answer it (naming the would-be account
 * where the real run names a row of it).
 */
@ApplicationScoped
public class AccountImport {

    /** Runs of a batch statement refused because another writer took one of its domains after they were looked up. */
    private static final int TAKEN_DOMAIN_RETRIES = 3;

    private final AccountInput input;
    private final AccountService single;
    private final AccountRepository accounts;
    private final PartnerDomainRepository domains;
    private final Transactions transactions;
    private final ProblemMapper problems;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final int maxLineSize;
    private final int batchSize;
    private final int dryRunWindow;
    private final Map<String, Counter> lineCounters = new ConcurrentHashMap<>();

    AccountImport(AccountInput input, AccountService single, AccountRepository accounts, PartnerDomainRepository domains,
                  Transactions transactions, ProblemMapper problems, ObjectMapper json, MeterRegistry metrics,
                  ErpSettings settings) {
        this.input = input;
        this.single = single;
        this.accounts = accounts;
        this.domains = domains;
        this.transactions = transactions;
        this.problems = problems;
        this.json = json;
        this.metrics = metrics;
        this.maxLineSize = (int) settings.bulk().maxLineSize().asLongValue();
        this.batchSize = settings.bulk().batchSize();
        this.dryRunWindow = settings.bulk().dryRunWindow();
    }

    /** A line read and checked: either the account it asks for, or why it is refused. */
    private record Checked(long line, JsonNode body, AccountChanges changes, Account account, Throwable refusal) {

        boolean valid() {
            return refusal == null;
        }

        List<String> domains() {
            return valid() ? changes.domains() : List.of();
        }
    }

    /**
     * The outcomes of every line of {@code body}, in order, then the summary, as NDJSON: each item holds the lines of
     * one batch, so a batch is one write to the client. Nothing is written to the database on a dry run.
     */
    public Multi<byte[]> run(HttpServerRequest body, boolean dryRun, RoutingContext context) {
        AtomicLong lines = new AtomicLong();
        AtomicLong created = new AtomicLong();
        Context requestContext = Vertx.currentContext();
        Executor onRequestContext = task -> requestContext.runOnContext(ignored -> task.run());
        DryRunClaims claims = dryRun ? new DryRunClaims(dryRunWindow) : null;
        Multi<byte[]> outcomes = NdjsonLines.runs(body, maxLineSize, batchSize)
                .onItem().transformToUniAndConcatenate(this::check)
                .onItem().transformToIterable(AccountImport::batches)
                // The next batch is read and checked while this one is written: one batch ahead, on the request's
                // event loop, where its writes run (their Hibernate Reactive sessions live in the request's context).
                .emitOn(onRequestContext, 1)
                .onItem().transformToUniAndConcatenate(batch -> write(batch, claims))
                .map(results -> {
                    List<BulkOutcome> answered = answer(results, dryRun, context);
                    ByteArrayOutputStream chunk = new ByteArrayOutputStream(answered.size() * 320);
                    for (BulkOutcome outcome : answered) {
                        lines.incrementAndGet();
                        if (outcome.succeeded()) {
                            created.incrementAndGet();
                        }
                        count(outcome);
                        if (chunk.size() > 0) {
                            chunk.write('\n'); // the stream adds the newline after each chunk
                        }
                        chunk.writeBytes(toJson(outcome));
                    }
                    // Counted as the lines are answered, so that an import cut off halfway says what it wrote.
                    AccessLog.bulk(context, lines.get(), created.get());
                    return chunk.toByteArray();
                })
                .select().where(chunk -> chunk.length > 0);
        return outcomes.onCompletion().switchTo(() -> {
            AccessLog.bulk(context, lines.get(), created.get()); // an import of no lines counts them too
            return Multi.createFrom().item(toJson(new BulkSummary(new BulkSummary.Counts(lines.get(), created.get(),
                    lines.get() - created.get()))));
        });
    }

    /** Reads and checks a group of lines, each as a single create checks its body; nothing touches the database. */
    private Uni<List<Checked>> check(List<Line> group) {
        return input.labels().map(labels -> {
            List<Checked> checked = new ArrayList<>(group.size());
            for (Line line : group) {
                checked.add(check(line, labels));
            }
            return checked;
        });
    }

    private Checked check(Line line, EnumLabels labels) {
        if (line.tooLong()) {
            return refused(line, new ProblemException(ProblemCode.PAYLOAD_TOO_LARGE,
                    "The line is over the limit of " + maxLineSize + " bytes"));
        }
        JsonNode body;
        try {
            body = json.readTree(line.json());
        } catch (IOException notJson) {
            String where = notJson instanceof JsonProcessingException parse && parse.getLocation() != null
                    ? " (column " + parse.getLocation().getColumnNr() + ")" : "";
            return refused(line, new ProblemException(ProblemCode.MALFORMED_REQUEST, "The line is not valid JSON" + where));
        }
        try {
            AccountChanges changes = input.forCreate(body, labels);
            return new Checked(line.number(), body, changes, single.newAccount(changes), null);
        } catch (ProblemException refusal) {
            return new Checked(line.number(), body, null, null, refusal);
        }
    }

    private static Checked refused(Line line, Throwable refusal) {
        return new Checked(line.number(), null, null, null, refusal);
    }

    private void count(BulkOutcome outcome) {
        String code = outcome.succeeded() ? "" : outcome.problem().code();
        lineCounters.computeIfAbsent(outcome.status() + " " + code, key -> metrics.counter("erp.bulk.lines",
                "status", String.valueOf(outcome.status()), "code", code)).increment();
    }

    private byte[] toJson(BulkAnswer answer) {
        try {
            return json.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An outcome that cannot be written as JSON: " + answer, e);
        }
    }

    /**
     * Cuts each run of checked lines into batches, a batch ending before a line that repeats one of its slugs or
     * domains, so that no statement holds a value twice; batches are written one after the other, so the earlier line
     * gets the value and the later one is told who holds it.
     */
    private static List<List<Checked>> batches(List<Checked> run) {
        List<List<Checked>> batches = new ArrayList<>(1);
        List<Checked> batch = new ArrayList<>(run.size());
        Set<String> values = new HashSet<>();
        for (Checked line : run) {
            List<String> own = valuesOf(line);
            if (own.stream().anyMatch(values::contains)) {
                batches.add(batch);
                batch = new ArrayList<>();
                values.clear();
            }
            values.addAll(own);
            batch.add(line);
        }
        batches.add(batch);
        return batches;
    }

    private static List<String> valuesOf(Checked line) {
        if (!line.valid()) {
            return List.of();
        }
        List<String> own = new ArrayList<>(line.domains().size() + 1);
        own.add("slug:" + line.account().slug);
        line.domains().forEach(domain -> own.add("domain:" + domain));
        return own;
    }

    /** What became of each line of the batch: the account written (or, on a dry run, that would be), or the failure. */
    private record Result(long line, AccountView account, Throwable failure) {
    }

    /**
     * What became of each line of the batch. {@code claims} are a dry run's (null on a real run): what earlier lines
     * would hold counts as held, and they learn what this batch's lines would hold, for the lines after them.
     */
    private Uni<List<Result>> write(List<Checked> batch, DryRunClaims claims) {
        return write(batch, claims, TAKEN_DOMAIN_RETRIES).map(written -> {
            List<Result> results = new ArrayList<>(batch.size());
            for (Checked line : batch) {
                Result result = line.valid() ? written.get(line.line()) : new Result(line.line(), null, line.refusal());
                if (claims != null && result.account() != null) {
                    claims.claim(result.account().id(), line.account().slug, line.domains());
                }
                results.add(result);
            }
            return results;
        });
    }

    /** The results of the batch's valid lines, by line. */
    private Uni<Map<Long, Result>> write(List<Checked> batch, DryRunClaims claims, int retries) {
        boolean dryRun = claims != null;
        List<Checked> valid = batch.stream().filter(Checked::valid).toList();
        if (valid.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> requested = valid.stream().flatMap(line -> line.domains().stream()).toList();
        Uni<Map<String, PartnerDomain>> held = requested.isEmpty() ? Uni.createFrom().item(Map.of())
                : transactions.read(() -> domains.holding(requested));
        return held.chain(holders -> {
            Map<Checked, ProblemException> domainsTaken = new LinkedHashMap<>();
            List<Checked> free = new ArrayList<>();
            for (Checked line : valid) {
                ProblemException taken = domainsTaken(line, domain -> domainHolder(domain, holders, claims));
                if (taken != null) {
                    domainsTaken.put(line, taken);
                } else {
                    free.add(line);
                }
            }
            // A single create meets a taken slug before a taken domain (its statement writes the account first).
            return slugHolders(List.copyOf(domainsTaken.keySet())).chain(slugHolders -> {
                Map<Long, Result> results = new LinkedHashMap<>();
                domainsTaken.forEach((line, taken) -> {
                    UUID holder = slugHolder(line, slugHolders, claims);
                    results.put(line.line(), new Result(line.line(), null, holder != null ? slugTaken(holder) : taken));
                });
                // A dry run's line whose slug an earlier line would hold: the real run's statement leaves it out, and
                // it is told who holds the slug.
                List<Checked> insertable = new ArrayList<>(free.size());
                for (Checked line : free) {
                    UUID holder = claims == null ? null : claims.slugHolder(line.account().slug);
                    if (holder != null) {
                        results.put(line.line(), new Result(line.line(), null, slugTaken(holder)));
                    } else {
                        insertable.add(line);
                    }
                }
                return insert(insertable, dryRun).map(inserted -> {
                    results.putAll(inserted);
                    return results;
                });
            });
        }).onFailure(refusal -> retries > 0 && DatabaseFailure.isUniqueViolation(refusal, DomainConstraints.DOMAIN_KEY))
                .recoverWithUni(takenMeanwhile -> write(batch, claims, retries - 1))
                // Failures before or of the batch's statement (whatever follows it recovers on its own, see insert):
                // nothing of the batch can be written now, each line is told so, and the stream goes on.
                .onFailure(DatabaseFailure::isUnavailable).recoverWithItem(unavailable -> failedAlike(valid, unavailable))
                .onFailure().recoverWithUni(unforeseen -> oneByOne(valid, dryRun));
    }

    /** The path of the row holding {@code domain}: in the database, or on a dry run the account an earlier line would create. */
    private static String domainHolder(String domain, Map<String, PartnerDomain> holders, DryRunClaims claims) {
        PartnerDomain held = holders.get(domain);
        if (held != null) {
            return DomainHolders.path(held);
        }
        UUID wouldHold = claims == null ? null : claims.domainHolder(domain);
        return wouldHold == null ? null : ParentAccounts.path(wouldHold);
    }

    /** The account holding the line's slug: in the database ({@code holders}), or on a dry run one an earlier line would create. */
    private static UUID slugHolder(Checked line, Map<String, UUID> holders, DryRunClaims claims) {
        UUID held = holders.get(line.account().slug);
        return held != null || claims == null ? held : claims.slugHolder(line.account().slug);
    }

    /** Inserts the lines' accounts and domains with one statement; a line whose slug was taken is settled after it. */
    private Uni<Map<Long, Result>> insert(List<Checked> lines, boolean dryRun) {
        if (lines.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Account> batch = new ArrayList<>(lines.size());
        Map<UUID, List<String>> domainsOf = new HashMap<>();
        for (Checked line : lines) {
            line.account().id = UUID.randomUUID(); // afresh on each run: a run that failed wrote nothing
            batch.add(line.account());
            domainsOf.put(line.account().id, line.domains());
        }
        Function<SqlClient, Uni<Set<UUID>>> statement = client -> accounts.insertBatch(client, batch, domainsOf);
        return (dryRun ? transactions.dryRun(statement) : transactions.statement(statement)).chain(inserted -> {
            Map<Long, Result> results = new LinkedHashMap<>();
            List<Checked> leftOut = new ArrayList<>();
            for (Checked line : lines) {
                if (inserted.contains(line.account().id)) {
                    results.put(line.line(), new Result(line.line(), AccountView.of(line.account()), null));
                } else {
                    leftOut.add(line);
                }
            }
            if (leftOut.isEmpty()) {
                return Uni.createFrom().item(results);
            }
            // The lines inserted are committed: whatever fails from here on is the left-out lines' answer alone.
            return slugsTaken(leftOut, dryRun)
                    .onFailure().recoverWithItem(failure -> failedAlike(leftOut, failure))
                    .map(taken -> {
                        results.putAll(taken);
                        return results;
                    });
        });
    }

    private static Map<Long, Result> failedAlike(List<Checked> lines, Throwable failure) {
        Map<Long, Result> results = new LinkedHashMap<>();
        lines.forEach(line -> results.put(line.line(), new Result(line.line(), null, failure)));
        return results;
    }

    /**
     * The lines the statement left out: their slug is held (by another account, or one an earlier line of the stream
     * created), and the 409 names the holder; any other unique rule that refused one is told as the single create
     * tells it.
     */
    private Uni<Map<Long, Result>> slugsTaken(List<Checked> lines, boolean dryRun) {
        return slugHolders(lines).chain(holders -> {
            Map<Long, Result> results = new LinkedHashMap<>();
            List<Checked> otherwise = new ArrayList<>();
            for (Checked line : lines) {
                UUID holder = holders.get(line.account().slug);
                if (holder != null) {
                    results.put(line.line(), new Result(line.line(), null, slugTaken(holder)));
                } else {
                    otherwise.add(line);
                }
            }
            return oneByOne(otherwise, dryRun).map(settled -> {
                results.putAll(settled);
                return results;
            });
        });
    }

    /** The accounts holding the lines' slugs, by slug. */
    private Uni<Map<String, UUID>> slugHolders(List<Checked> lines) {
        if (lines.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> slugs = lines.stream().map(line -> line.account().slug).toList();
        return transactions.read(() -> accounts.<Account>find("slug in ?1", slugs).list()).map(found -> {
            Map<String, UUID> holders = new HashMap<>();
            found.forEach(account -> holders.put(account.slug, account.id));
            return holders;
        });
    }

    private static ProblemException slugTaken(UUID holder) {
        return AccountConstraints.slugTaken().heldBy(ParentAccounts.path(holder));
    }

    /** The lines written one by one, as single creates: for what the batch statement cannot tell apart. */
    private Uni<Map<Long, Result>> oneByOne(List<Checked> lines, boolean dryRun) {
        Map<Long, Result> results = new LinkedHashMap<>();
        return Multi.createFrom().iterable(lines)
                .onItem().transformToUniAndConcatenate(line -> single.create(line.body(), dryRun)
                        .map(account -> new Result(line.line(), account.value(), null))
                        .onFailure().recoverWithItem(failure -> new Result(line.line(), null, failure)))
                .collect().in(() -> results, (all, result) -> all.put(result.line(), result));
    }

    /**
     * The 409 for a line some of whose domains are held, each named as {@code domains[i]} with the path of its holder
     * ({@code holderOf}: null for a domain nobody holds); or null.
     */
    private static ProblemException domainsTaken(Checked line, Function<String, String> holderOf) {
        List<FieldError> errors = new ArrayList<>();
        List<String> requested = line.domains();
        for (int i = 0; i < requested.size(); i++) {
            String holder = holderOf.apply(requested.get(i));
            if (holder != null) {
                errors.add(FieldError.of("domains[" + i + "]", FieldCode.DOMAIN_TAKEN, "belongs to an account already",
                        line.body().path("domains").path(i).asText()).heldBy(holder));
            }
        }
        return errors.isEmpty() ? null : new ProblemException(ProblemCode.DOMAIN_TAKEN,
                "A domain belongs to an account already", errors).heldBy(errors.get(0).existing());
    }

    private List<BulkOutcome> answer(List<Result> results, boolean dryRun, RoutingContext context) {
        List<BulkOutcome> outcomes = new ArrayList<>(results.size());
        for (Result result : results) {
            outcomes.add(result.failure() == null ? BulkOutcome.created(result.line(), result.account(), dryRun)
                    : BulkOutcome.refused(result.line(),
                            problems.lineProblem(result.failure(), context, context.request().path() + " line " + result.line())));
        }
        return outcomes;
    }
}
