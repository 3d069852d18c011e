import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The soak's load and its ledger. Clients in closed loops send a weighted mix of the API's requests (KINDS) against
 * accounts, domains and deals earlier requests created; every request and its answer are one JSON line of the ledger,
 * which {@link Check} holds against the database afterwards.
 *
 *   java -cp CLASSES Driver mixed BASE_URL LEDGER STOP_FILE CLIENTS TAG SEED   (until STOP_FILE exists)
 *   java -cp CLASSES Driver burst BASE_URL LEDGER COUNT TAG SEED FIRE_AT   (COUNT account creates at once at FIRE_AT,
 *                                                                          epoch ms, then exit)
 *
 * TAG makes every slug, domain name, title and request id of this driver unique in the database and the service log.
 * The driver knows only what the service acknowledged (a 2xx): an account whose create got no answer is never
 * patched, so the ledger can tell each row's history apart.
 */
public class Driver {

    /** How long a client waits for an answer: longer than any wait the service bounds (deadline 10 s, shutdown 20 s). */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long a client waits for the whole answer of a bulk import: its lines may fall into a few batches, each of
     * which may wait for the service's deadline in turn.
     */
    static final Duration BULK_TIMEOUT = Duration.ofSeconds(90);
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String NDJSON = "application/x-ndjson";

    /**
     * The mix. A new kind of request is one more entry here, and, when it writes, one more case in Check.replay.
     * Conditional kinds read the row's ETag first (a readETag request in the ledger) and send it back.
     */
    static final List<Kind> KINDS = List.of(
            new Kind("createAccount", 14, true, Driver::createAccount),
            new Kind("patchAccount", 12, true, Driver::patchAccount),
            new Kind("addDomain", 8, true, Driver::addDomain),
            new Kind("patchDomain", 7, true, Driver::patchDomain),
            new Kind("deleteDomain", 4, true, Driver::deleteDomain),
            new Kind("deleteDomainRace", 2, true, Driver::deleteDomainRace),
            new Kind("createDeal", 9, true, Driver::createDeal),
            new Kind("patchDeal", 8, true, Driver::patchDeal),
            new Kind("deleteDeal", 4, true, Driver::deleteDeal),
            new Kind("getAccount", 9, false, Driver::getAccount),
            new Kind("listAccounts", 5, false, Driver::listAccounts),
            new Kind("listDomains", 4, false, Driver::listDomains),
            new Kind("getDomain", 3, false, Driver::getDomain),
            new Kind("listDeals", 4, false, Driver::listDeals),
            new Kind("getDeal", 3, false, Driver::getDeal),
            new Kind("patchIfMatch", 6, true, Driver::patchIfMatch),
            new Kind("patchIfMatchRace", 2, true, Driver::patchIfMatchRace),
            new Kind("staleTag", 3, true, Driver::staleTag),
            new Kind("deleteIfMatch", 3, true, Driver::deleteIfMatch),
            new Kind("getIfNoneMatch", 3, false, Driver::getIfNoneMatch),
            new Kind("bulkImport", 3, true, Driver::bulkImport));

    /** One kind of request: its share of the mix, and the request(s) it makes from what the world knows. */
    record Kind(String name, int weight, boolean writes, BiFunction<Driver, Random, List<Call>> prepare) {
    }

    /**
     * One request. {@code asked} is the body sent (null for none); {@code target} the ids in its path; {@code then}
     * learns from the answer (the world grows only from acknowledged writes) and may return follow-up requests, which
     * the client sends next, all at once when there are several (a race). {@code headers} are sent as they are
     * (If-Match, If-None-Match); {@code tagFrom} is the request id of the answer whose ETag they carry. {@code bulk}
     * is the body of a bulk import, sent instead of {@code asked}.
     */
    record Call(String kind, String method, String path, Map<String, Object> target, Map<String, Object> asked,
                String contentType, boolean keepBody, Function<Answer, List<Call>> then, Map<String, String> headers,
                String tagFrom, Bulk bulk) {

        Call(String kind, String method, String path, Map<String, Object> target, Map<String, Object> asked,
             String contentType, boolean keepBody, Function<Answer, List<Call>> then) {
            this(kind, method, path, target, asked, contentType, keepBody, then, Map.of(), null, null);
        }

        Call withHeader(String name, String value, String from) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Call(kind, method, path, target, asked, contentType, keepBody, then, all, from, bulk);
        }
    }

    /**
     * The lines of a bulk import as sent: each {@code {"n","intent","body"}} (an account create body) or
     * {@code {"n","intent","text"}} (a line that is not one), and the parts the body is cut into (one: sent with its
     * length; more: chunked, a pause between parts, cut anywhere, mid-line included).
     */
    record Bulk(List<Map<String, Object>> lines, List<byte[]> parts, long pauseMillis) {
    }

    /**
     * What came back: an HTTP answer, or none (refused: never reached the service; cut: no answer came). {@code etag}
     * is the answer's ETag header; {@code requestId} the request's.
     */
    record Answer(String outcome, int status, Object body, String error, String etag, String requestId) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        Map<String, Object> json() {
            return Json.object(body);
        }

        /** The outcome lines of a bulk import's answer (those that came). */
        List<Map<String, Object>> outcomes() {
            List<Map<String, Object>> outcomes = new ArrayList<>();
            Map<String, Object> json = json();
            for (Object o : Json.array(json == null ? null : json.get("outcomes"))) {
                Map<String, Object> outcome = Json.object(Json.object(o).get("outcome"));
                if (outcome != null) {
                    outcomes.add(outcome);
                }
            }
            return outcomes;
        }
    }

    // ---- the world: what the service acknowledged, for later requests to act on -------------------------------

    record Ref(String accountId, String id) {
    }

    private final List<String> accounts = new ArrayList<>();
    private final List<String> slugs = new ArrayList<>(); // of the accounts, in the same order
    private final List<Ref> domains = new ArrayList<>();
    private final List<Ref> deals = new ArrayList<>();

    private synchronized String anyAccount(Random random) {
        return accounts.isEmpty() ? null : accounts.get(random.nextInt(accounts.size()));
    }

    private static synchronized Ref any(List<Ref> refs, Random random) {
        return refs.isEmpty() ? null : refs.get(random.nextInt(refs.size()));
    }

    private synchronized String anySlug(Random random) {
        return slugs.isEmpty() ? null : slugs.get(random.nextInt(slugs.size()));
    }

    private synchronized void learnAccount(String id, String slug) {
        accounts.add(id);
        slugs.add(slug);
    }

    private void learn(List<Ref> refs, Ref ref) {
        synchronized (Driver.class) {
            if (!refs.contains(ref)) {
                refs.add(ref);
            }
        }
    }

    private void forget(List<Ref> refs, Ref ref) {
        synchronized (Driver.class) {
            refs.remove(ref);
        }
    }

    // ---- the kinds ---------------------------------------------------------------------------------------------

    private static final String[] SUBSCRIPTION_ON_CREATE = {"trialing", "active", null};
    // Never trialing on a patch: entering it sets a trial end, which the ledger would have to predict.
    private static final String[] SUBSCRIPTION_ON_PATCH = {"active", "past_due", "canceled", "unpaid", "paused", null};
    private static final String[] PLAN_TIERS = {"free", "starter", "growth", "enterprise", null};
    private static final String[] BILLING_INTERVALS = {"monthly", "annual", null};
    private static final String[] DOMAIN_STATUSES = {"pending", "verified", "failed", "revoked"};
    private static final String[] DEAL_STAGES = {"prospecting", "qualified", "proposal", "negotiation", "closed-won", "closed-lost"};
    private static final String[] CURRENCIES = {"EUR", "USD", "CHF", "GBP"};

    private List<Call> createAccount(Random random) {
        long n = next();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Soak " + tag + " " + n);
        body.put("slug", "s-" + tag + "-" + n);
        body.put("ownerEmail", "owner" + n + "@" + tag + ".soak.example");
        putUnlessNull(body, "subscriptionStatus", pick(SUBSCRIPTION_ON_CREATE, random));
        putUnlessNull(body, "planTier", pick(PLAN_TIERS, random));
        putUnlessNull(body, "billingInterval", pick(BILLING_INTERVALS, random));
        body.put("domains", List.of(domainName("a", n), domainName("b", n)));
        return List.of(new Call("createAccount", "POST", "/api/v1/accounts", Map.of(), body, "application/json", true,
                answer -> {
                    if (answer.status() != 201) {
                        return List.of();
                    }
                    String id = Json.string(answer.json(), "id");
                    learnAccount(id, Json.string(answer.json(), "slug"));
                    // Its domains' ids come from the list: the create answers with the account alone.
                    return List.of(listDomainsOf(id));
                }));
    }

    private List<Call> patchAccount(Random random) {
        String account = anyAccount(random);
        if (account == null) {
            return List.of();
        }
        return List.of(new Call("patchAccount", "PATCH", "/api/v1/accounts/" + account, Map.of("accountId", account),
                accountPatch(random, false), MERGE_PATCH, true, answer -> List.of()));
    }

    /** A merge patch of an account; {@code surely}: one that changes the row, whatever it holds (a new name). */
    private Map<String, Object> accountPatch(Random random, boolean surely) {
        long n = next();
        Map<String, Object> body = new LinkedHashMap<>();
        if (surely) {
            body.put("name", "Soak " + tag + " renamed " + n);
        }
        while (body.isEmpty()) {
            if (random.nextInt(3) == 0) body.put("name", "Soak " + tag + " renamed " + n);
            if (random.nextInt(3) == 0) body.put("ownerEmail", "owner" + n + "@" + tag + ".soak.example");
            if (random.nextInt(3) == 0) body.put("subscriptionStatus", pick(SUBSCRIPTION_ON_PATCH, random));
            if (random.nextInt(3) == 0) body.put("planTier", pick(PLAN_TIERS, random));
            if (random.nextInt(3) == 0) body.put("billingInterval", pick(BILLING_INTERVALS, random));
        }
        return body;
    }

    private List<Call> addDomain(Random random) {
        String account = anyAccount(random);
        if (account == null) {
            return List.of();
        }
        Map<String, Object> body = Map.of("domain", domainName("c", next()));
        return List.of(new Call("addDomain", "POST", "/api/v1/accounts/" + account + "/domains", Map.of("accountId", account),
                body, "application/json", true, answer -> {
                    if (answer.status() == 201) {
                        learn(domains, new Ref(account, Json.string(answer.json(), "id")));
                    }
                    return List.of();
                }));
    }

    private List<Call> patchDomain(Random random) {
        Ref domain = any(domains, random);
        if (domain == null) {
            return List.of();
        }
        return List.of(new Call("patchDomain", "PATCH", domainPath(domain), target(domain, "domainId"),
                domainPatch(random, false), MERGE_PATCH, true, forgetIfGone(domains, domain)));
    }

    /** A merge patch of a domain; {@code surely}: one that changes the row (a new name). */
    private Map<String, Object> domainPatch(Random random, boolean surely) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (surely || random.nextBoolean()) {
            body.put("domain", domainName("r", next()));
        }
        if (body.isEmpty() || random.nextInt(3) == 0) {
            body.put("status", pick(DOMAIN_STATUSES, random));
        }
        return body;
    }

    private List<Call> deleteDomain(Random random) {
        Ref domain = any(domains, random);
        return domain == null ? List.of() : List.of(deleteOf("deleteDomain", domain, domainPath(domain), "domainId", domains));
    }

    /** Two deletes of one domain at once, as a double click sends them: one 204, the other 404, nothing else. */
    private List<Call> deleteDomainRace(Random random) {
        Ref domain = any(domains, random);
        return domain == null ? List.of() : List.of(
                deleteOf("deleteDomainRace", domain, domainPath(domain), "domainId", domains),
                deleteOf("deleteDomainRace", domain, domainPath(domain), "domainId", domains));
    }

    private List<Call> createDeal(Random random) {
        String account = anyAccount(random);
        if (account == null) {
            return List.of();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "Deal " + tag + " " + next());
        body.put("amountCents", (long) random.nextInt(10_000_000));
        body.put("currency", pick(CURRENCIES, random));
        if (random.nextBoolean()) {
            body.put("stage", pick(DEAL_STAGES, random));
        }
        if (random.nextBoolean()) {
            body.put("expectedCloseDate", closeDate(random));
        }
        return List.of(new Call("createDeal", "POST", "/api/v1/accounts/" + account + "/deals", Map.of("accountId", account),
                body, "application/json", true, answer -> {
                    if (answer.status() == 201) {
                        learn(deals, new Ref(account, Json.string(answer.json(), "id")));
                    }
                    return List.of();
                }));
    }

    private List<Call> patchDeal(Random random) {
        Ref deal = any(deals, random);
        if (deal == null) {
            return List.of();
        }
        return List.of(new Call("patchDeal", "PATCH", dealPath(deal), target(deal, "dealId"), dealPatch(random, false),
                MERGE_PATCH, true, forgetIfGone(deals, deal)));
    }

    /** A merge patch of a deal; {@code surely}: one that changes the row (a new title). */
    private Map<String, Object> dealPatch(Random random, boolean surely) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (surely) {
            body.put("title", "Deal " + tag + " retitled " + next());
        }
        while (body.isEmpty()) {
            if (random.nextInt(3) == 0) body.put("title", "Deal " + tag + " retitled " + next());
            if (random.nextInt(3) == 0) body.put("amountCents", (long) random.nextInt(10_000_000));
            if (random.nextInt(2) == 0) body.put("stage", pick(DEAL_STAGES, random));
            if (random.nextInt(4) == 0) body.put("expectedCloseDate", random.nextBoolean() ? closeDate(random) : null);
        }
        return body;
    }

    private List<Call> deleteDeal(Random random) {
        Ref deal = any(deals, random);
        return deal == null ? List.of() : List.of(deleteOf("deleteDeal", deal, dealPath(deal), "dealId", deals));
    }

    private List<Call> getAccount(Random random) {
        String account = anyAccount(random);
        return account == null ? List.of() : List.of(read("getAccount", "/api/v1/accounts/" + account,
                Map.of("accountId", account), false));
    }

    private List<Call> listAccounts(Random random) {
        String query = switch (random.nextInt(3)) {
            case 0 -> "?q=" + tag + "&limit=20";
            case 1 -> "?planTier=" + pick(PLAN_TIERS, random) + "&limit=10";
            default -> "?subscriptionStatus=active&limit=10";
        };
        return List.of(read("listAccounts", "/api/v1/accounts" + query.replace("=null", "="), Map.of(), false));
    }

    private List<Call> listDomains(Random random) {
        String account = anyAccount(random);
        return account == null ? List.of() : List.of(listDomainsOf(account));
    }

    /** The list teaches the world the ids of domains created with their account. */
    private Call listDomainsOf(String account) {
        return new Call("listDomains", "GET", "/api/v1/accounts/" + account + "/domains", Map.of("accountId", account),
                null, null, true, answer -> {
                    if (answer.status() == 200) {
                        for (Object item : Json.array(answer.json().get("items"))) {
                            learn(domains, new Ref(account, Json.string(Json.object(item), "id")));
                        }
                    }
                    return List.of();
                });
    }

    private List<Call> getDomain(Random random) {
        Ref domain = any(domains, random);
        return domain == null ? List.of() : List.of(read("getDomain", domainPath(domain), target(domain, "domainId"), true));
    }

    private List<Call> listDeals(Random random) {
        String account = anyAccount(random);
        String stage = random.nextBoolean() ? "?stage=" + pick(DEAL_STAGES, random) : "";
        return account == null ? List.of() : List.of(read("listDeals", "/api/v1/accounts/" + account + "/deals" + stage,
                Map.of("accountId", account), false));
    }

    private List<Call> getDeal(Random random) {
        Ref deal = any(deals, random);
        return deal == null ? List.of() : List.of(read("getDeal", dealPath(deal), target(deal, "dealId"), false));
    }

    // ---- conditional requests: the ETag read, then sent back ---------------------------------------------------

    /** One row the driver may act on by its path: an account (no ref), a domain or a deal. */
    private record Resource(String type, String path, Map<String, Object> target, List<Ref> refs, Ref ref) {
    }

    private Resource anyResource(Random random, boolean deletable) {
        int pick = deletable ? 1 + random.nextInt(2) : random.nextInt(3);
        if (pick == 0) {
            String account = anyAccount(random);
            return account == null ? null
                    : new Resource("account", "/api/v1/accounts/" + account, Map.of("accountId", account), null, null);
        }
        List<Ref> refs = pick == 1 ? domains : deals;
        Ref ref = any(refs, random);
        if (ref == null) {
            return null;
        }
        return pick == 1 ? new Resource("domain", domainPath(ref), target(ref, "domainId"), refs, ref)
                : new Resource("deal", dealPath(ref), target(ref, "dealId"), refs, ref);
    }

    private Map<String, Object> patchOf(Resource resource, Random random, boolean surely) {
        return switch (resource.type()) {
            case "account" -> accountPatch(random, surely);
            case "domain" -> domainPatch(random, surely);
            default -> dealPatch(random, surely);
        };
    }

    /**
     * GET of the row for its ETag; {@code next} makes the requests that send it back from the tag and the read's
     * request id. A row found gone is forgotten; a read that failed ends the chain.
     */
    private Call readETag(Resource resource, BiFunction<String, String, List<Call>> next) {
        return new Call("readETag", "GET", resource.path(), resource.target(), null, null, false, answer -> {
            if (answer.status() == 404 && resource.refs() != null) {
                forget(resource.refs(), resource.ref());
            }
            return answer.status() == 200 && answer.etag() != null ? next.apply(answer.etag(), answer.requestId()) : List.of();
        });
    }

    private Call conditionalPatch(String kind, Resource resource, Map<String, Object> body, String etag, String from) {
        Function<Answer, List<Call>> then = resource.refs() == null ? answer -> List.of() : forgetIfGone(resource.refs(), resource.ref());
        return new Call(kind, "PATCH", resource.path(), resource.target(), body, MERGE_PATCH, true, then)
                .withHeader("If-Match", etag, from);
    }

    private Call conditionalDelete(String kind, Resource resource, String etag, String from) {
        return new Call(kind, "DELETE", resource.path(), resource.target(), null, null, true, answer -> {
            // Gone, or perhaps gone: nothing more is asked of it. A 412 left it there.
            if (!answer.outcome().equals("refused") && answer.status() != 412) {
                forget(resource.refs(), resource.ref());
            }
            return List.of();
        }).withHeader("If-Match", etag, from);
    }

    /** A save in an editor: read the row, then change it only if it is still the version read (412 otherwise). */
    private List<Call> patchIfMatch(Random random) {
        Resource resource = anyResource(random, false);
        if (resource == null) {
            return List.of();
        }
        Map<String, Object> body = patchOf(resource, random, false);
        return List.of(readETag(resource, (etag, from) ->
                List.of(conditionalPatch("patchIfMatch", resource, body, etag, from))));
    }

    /**
     * Two writers holding one version at once, each changing the row: two saves, or (a domain or deal) a save and a
     * delete. One of them may be carried out, never both: the other is 412 (404 after the delete).
     */
    private List<Call> patchIfMatchRace(Random random) {
        Resource resource = anyResource(random, false);
        if (resource == null) {
            return List.of();
        }
        Map<String, Object> first = patchOf(resource, random, true);
        Map<String, Object> second = resource.refs() != null && random.nextInt(3) == 0 ? null : patchOf(resource, random, true);
        return List.of(readETag(resource, (etag, from) -> List.of(
                conditionalPatch("patchIfMatchRace", resource, first, etag, from),
                second == null ? conditionalDelete("deleteIfMatchRace", resource, etag, from)
                        : conditionalPatch("patchIfMatchRace", resource, second, etag, from))));
    }

    /**
     * A tag made stale on purpose: read it, change the row with it (a change that surely makes a new version), then
     * send the old tag again with a patch or a delete, which must be 412 and change nothing. When the change in
     * between was itself a 412, the tag was stale already.
     */
    private List<Call> staleTag(Random random) {
        Resource resource = anyResource(random, false);
        if (resource == null) {
            return List.of();
        }
        Map<String, Object> change = patchOf(resource, random, true);
        boolean delete = resource.refs() != null && random.nextInt(3) == 0;
        Map<String, Object> stale = delete ? null : patchOf(resource, random, true);
        return List.of(readETag(resource, (etag, from) -> {
            Call first = conditionalPatch("patchIfMatch", resource, change, etag, from);
            Function<Answer, List<Call>> learn = first.then();
            return List.of(new Call(first.kind(), first.method(), first.path(), first.target(), first.asked(),
                    first.contentType(), first.keepBody(), answer -> {
                learn.apply(answer);
                if (answer.status() != 200 && answer.status() != 412) {
                    return List.of(); // not known to be stale
                }
                return List.of(delete ? conditionalDelete("deleteStaleTag", resource, etag, from)
                        : conditionalPatch("patchStaleTag", resource, stale, etag, from));
            }, first.headers(), first.tagFrom(), null));
        }));
    }

    /** Delete a domain or deal only as read (412 when it changed meanwhile), or whatever its version (If-Match: *). */
    private List<Call> deleteIfMatch(Random random) {
        Resource resource = anyResource(random, true);
        if (resource == null) {
            return List.of();
        }
        if (random.nextInt(4) == 0) {
            return List.of(conditionalDelete("deleteIfMatch", resource, "*", null));
        }
        return List.of(readETag(resource, (etag, from) -> List.of(conditionalDelete("deleteIfMatch", resource, etag, from))));
    }

    /** A cache revalidating: the row read again with the ETag it has, 304 while it is unchanged. */
    private List<Call> getIfNoneMatch(Random random) {
        Resource resource = anyResource(random, false);
        if (resource == null) {
            return List.of();
        }
        return List.of(readETag(resource, (etag, from) -> List.of(new Call("getIfNoneMatch", "GET", resource.path(),
                resource.target(), null, null, false, answer -> List.of()).withHeader("If-None-Match", etag, from))));
    }

    // ---- bulk import ----------------------------------------------------------------------------------------

    private static final String[] UNKNOWN_LABELS = {"platinum", "frozen", "weekly"};

    /**
     * A small import: 5 to 20 lines, most of them new accounts with none, one or two domains, a few bad on purpose
     * (an unknown label, a slug another account holds, a slug an earlier line of the same import holds, a line that
     * is not JSON) and now and then a blank line. Sent with its length, or chunked in two or three parts cut anywhere.
     */
    private List<Call> bulkImport(Random random) {
        int count = 5 + random.nextInt(16);
        List<Map<String, Object>> lines = new ArrayList<>();
        List<String> goodSlugs = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int number = 1; number <= count; number++) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("n", (long) number);
            int roll = random.nextInt(100);
            String takenSlug = roll >= 9 && roll < 14 ? anySlug(random) : null;
            if (roll < 4) {
                line.put("intent", "blank");
                line.put("text", "");
            } else if (roll < 9) {
                Map<String, Object> body = bulkAccount(random, "u", 1);
                body.put(random.nextBoolean() ? "planTier" : "subscriptionStatus", pick(UNKNOWN_LABELS, random));
                line.put("intent", "unknown-label");
                line.put("body", body);
            } else if (takenSlug != null) {
                Map<String, Object> body = bulkAccount(random, "t", 1);
                body.put("slug", takenSlug);
                line.put("intent", "taken-slug");
                line.put("body", body);
            } else if (roll >= 14 && roll < 18 && !goodSlugs.isEmpty()) {
                Map<String, Object> body = bulkAccount(random, null, 0);
                body.put("slug", goodSlugs.get(random.nextInt(goodSlugs.size())));
                line.put("intent", "repeat-slug");
                line.put("body", body);
            } else if (roll >= 18 && roll < 21) {
                line.put("intent", "malformed");
                line.put("text", "{\"name\":\"Soak " + tag + " broken " + next() + "\",\"slug\":");
            } else {
                Map<String, Object> body = bulkAccount(random, "d", random.nextInt(3));
                goodSlugs.add((String) body.get("slug"));
                line.put("intent", "ok");
                line.put("body", body);
            }
            lines.add(line);
            if (number > 1) {
                text.append('\n');
            }
            text.append(line.containsKey("body") ? Json.write(line.get("body")) : (String) line.get("text"));
        }
        if (random.nextInt(3) > 0) {
            text.append('\n'); // or the last line ends with the body
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        List<byte[]> parts = new ArrayList<>();
        int pieces = random.nextBoolean() ? 1 : 2 + random.nextInt(2);
        int from = 0;
        for (int p = 1; p < pieces; p++) {
            int to = from + 1 + random.nextInt(Math.max(1, bytes.length * p / pieces - from));
            if (to < bytes.length) {
                parts.add(Arrays.copyOfRange(bytes, from, to));
                from = to;
            }
        }
        parts.add(Arrays.copyOfRange(bytes, from, bytes.length));
        Bulk bulk = new Bulk(lines, parts, 20 + random.nextInt(41));
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("lines", lines);
        return List.of(new Call("bulkImport", "POST", "/api/v1/accounts/bulk", Map.of(), asked, NDJSON, true, answer -> {
            String listOf = null;
            for (Map<String, Object> outcome : answer.outcomes()) {
                Map<String, Object> account = Json.object(outcome.get("account"));
                if (account != null && "201".equals(Json.string(outcome, "status"))) {
                    String id = Json.string(account, "id");
                    learnAccount(id, Json.string(account, "slug"));
                    listOf = listOf == null ? id : listOf;
                }
            }
            // The ids of the domains created with the accounts come from lists; one is enough to learn some.
            return listOf == null ? List.of() : List.of(listDomainsOf(listOf));
        }, Map.of(), null, bulk));
    }

    /** A create body for a bulk line; {@code domainPrefix} null: without domains. */
    private Map<String, Object> bulkAccount(Random random, String domainPrefix, int domainCount) {
        long n = next();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Soak " + tag + " bulk " + n);
        body.put("slug", "s-" + tag + "-" + n);
        body.put("ownerEmail", "owner" + n + "@" + tag + ".soak.example");
        putUnlessNull(body, "subscriptionStatus", pick(SUBSCRIPTION_ON_CREATE, random));
        putUnlessNull(body, "planTier", pick(PLAN_TIERS, random));
        putUnlessNull(body, "billingInterval", pick(BILLING_INTERVALS, random));
        if (domainPrefix != null && domainCount > 0) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < domainCount; i++) {
                names.add(domainName(domainPrefix + (char) ('a' + i), n));
            }
            body.put("domains", names);
        }
        return body;
    }

    private Call read(String kind, String path, Map<String, Object> target, boolean keepBody) {
        return new Call(kind, "GET", path, target, null, null, keepBody, answer -> List.of());
    }

    private Call deleteOf(String kind, Ref ref, String path, String idName, List<Ref> refs) {
        return new Call(kind, "DELETE", path, target(ref, idName), null, null, true, answer -> {
            // Whatever the answer, unless the request never left: the row may be gone, so nothing more is asked of it.
            if (!answer.outcome().equals("refused")) {
                forget(refs, ref);
            }
            return List.of();
        });
    }

    private Function<Answer, List<Call>> forgetIfGone(List<Ref> refs, Ref ref) {
        return answer -> {
            if (answer.status() == 404) {
                forget(refs, ref);
            }
            return List.of();
        };
    }

    private static Map<String, Object> target(Ref ref, String idName) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("accountId", ref.accountId());
        target.put(idName, ref.id());
        return target;
    }

    private static String domainPath(Ref domain) {
        return "/api/v1/accounts/" + domain.accountId() + "/domains/" + domain.id();
    }

    private static String dealPath(Ref deal) {
        return "/api/v1/accounts/" + deal.accountId() + "/deals/" + deal.id();
    }

    private String domainName(String prefix, long n) {
        return prefix + n + "-" + tag + ".soak.example";
    }

    private static String closeDate(Random random) {
        return String.format("2027-%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28));
    }

    private static String pick(String[] values, Random random) {
        return values[random.nextInt(values.length)];
    }

    private static void putUnlessNull(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }

    // ---- sending and the ledger --------------------------------------------------------------------------------

    private final String base;
    private final String tag;
    private final BufferedWriter ledger;
    private final HttpClient http;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong names = new AtomicLong();
    private final ExecutorService racers = Executors.newCachedThreadPool(daemonThreads());

    Driver(String base, Path ledgerFile, String tag) throws IOException {
        this.base = base;
        this.tag = tag;
        this.ledger = Files.newBufferedWriter(ledgerFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).executor(Executors.newFixedThreadPool(4, daemonThreads())).build();
    }

    private static ThreadFactory daemonThreads() {
        return runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        };
    }

    private long next() {
        return names.incrementAndGet();
    }

    /** What one sent call came to: its answer, and the follow-ups the answer asked for. */
    record Sent(Answer answer, List<Call> followUps) {
        /** An answer a client simply goes on after: a success, or a refusal of the request itself. */
        boolean fine() {
            return answer.status() >= 200 && answer.status() < 500
                    && answer.outcomes().stream().noneMatch(line -> String.valueOf(line.get("status")).startsWith("5"));
        }
    }

    /** Sends the calls at once (more than one: a race of their own) and records each. */
    List<Sent> send(String client, List<Call> calls) {
        if (calls.size() == 1) {
            return List.of(sendOne(client, calls.get(0)));
        }
        List<CompletableFuture<Sent>> pending = new ArrayList<>();
        for (Call call : calls) {
            pending.add(CompletableFuture.supplyAsync(() -> sendOne(client, call), racers));
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    private Sent sendOne(String client, Call call) {
        if (call.bulk() != null) {
            return sendBulk(client, call);
        }
        long seq = sequence.incrementAndGet();
        String requestId = "soak-" + tag + "-" + seq;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.path())).timeout(ANSWER_TIMEOUT)
                .header("Accept", "application/json").header("X-Request-Id", requestId);
        call.headers().forEach(request::header);
        if (call.asked() != null) {
            request.header("Content-Type", call.contentType())
                    .method(call.method(), HttpRequest.BodyPublishers.ofString(Json.write(call.asked())));
        } else {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        Map<String, Object> line = ledgerLine(client, call, seq, requestId);
        Answer answer;
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            line.put("answeredAt", System.currentTimeMillis());
            int status = response.statusCode();
            Object body = Json.parseOrNull(response.body());
            if (body == null && !response.body().isEmpty()) {
                body = response.body(); // not JSON: kept as it came, for the report
            }
            String etag = response.headers().firstValue("ETag").orElse(null);
            answer = new Answer("answered", status, body, null, etag, requestId);
            line.put("outcome", "answered");
            line.put("status", status);
            answered(line, response);
            boolean success = status >= 200 && status < 300;
            if (!success || call.keepBody()) {
                line.put("body", body);
            }
        } catch (HttpConnectTimeoutException | ConnectException notConnected) {
            // No connection was made, so the request never reached the service: nothing can have been written.
            line.put("answeredAt", System.currentTimeMillis());
            answer = new Answer("refused", 0, null, notConnected.toString(), null, requestId);
            line.put("outcome", "refused");
            line.put("error", notConnected.toString());
        } catch (IOException cut) { // HttpTimeoutException included
            // Sent, or perhaps sent, and no answer came: the write may or may not have happened.
            line.put("answeredAt", System.currentTimeMillis());
            answer = new Answer("cut", 0, null, cut.toString(), null, requestId);
            line.put("outcome", "cut");
            line.put("error", cut.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent(new Answer("cut", 0, null, "interrupted", null, requestId), List.of());
        }
        record(line);
        return new Sent(answer, call.then().apply(answer));
    }

    private Map<String, Object> ledgerLine(String client, Call call, long seq, String requestId) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("seq", seq);
        line.put("client", client);
        line.put("kind", call.kind());
        line.put("method", call.method());
        line.put("path", call.path());
        line.put("target", call.target());
        line.put("asked", call.asked());
        if (!call.headers().isEmpty()) {
            line.put("headers", new LinkedHashMap<>(call.headers()));
            line.put("tagFrom", call.tagFrom());
        }
        line.put("requestId", requestId);
        line.put("sentAt", System.currentTimeMillis());
        return line;
    }

    private static void answered(Map<String, Object> line, HttpResponse<?> response) {
        line.put("contentType", response.headers().firstValue("Content-Type").orElse(null));
        line.put("retryAfter", response.headers().firstValue("Retry-After").orElse(null));
        line.put("answerRequestId", response.headers().firstValue("X-Request-Id").orElse(null));
        line.put("etag", response.headers().firstValue("ETag").orElse(null));
    }

    /**
     * A bulk import: the body sent (with its length, or in chunked parts with pauses between them) while the answer is
     * read line by line as it comes, each outcome line kept with the moment it arrived, so that a stream cut halfway
     * keeps the outcomes it delivered. The ledger line's body is {@code {"outcomes":[{"at","outcome"|"text"}],
     * "summary"}} for a 200, the problem otherwise.
     */
    private Sent sendBulk(String client, Call call) {
        long seq = sequence.incrementAndGet();
        String requestId = "soak-" + tag + "-" + seq;
        Bulk bulk = call.bulk();
        HttpRequest.BodyPublisher body;
        if (bulk.parts().size() == 1) {
            body = HttpRequest.BodyPublishers.ofByteArray(bulk.parts().get(0));
        } else {
            Flow.Publisher<ByteBuffer> parts = subscriber -> {
                SubmissionPublisher<ByteBuffer> publisher = new SubmissionPublisher<>(racers, 8);
                publisher.subscribe(subscriber);
                racers.execute(() -> {
                    try {
                        for (int i = 0; i < bulk.parts().size(); i++) {
                            if (i > 0) {
                                pause(bulk.pauseMillis());
                            }
                            publisher.submit(ByteBuffer.wrap(bulk.parts().get(i)));
                        }
                        publisher.close();
                    } catch (IllegalStateException closed) {
                        // the exchange ended early: nothing more to send
                    }
                });
            };
            body = HttpRequest.BodyPublishers.fromPublisher(parts);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + call.path())).timeout(ANSWER_TIMEOUT)
                .header("Accept", NDJSON + ", application/problem+json").header("X-Request-Id", requestId)
                .header("Content-Type", NDJSON).POST(body).build();
        Map<String, Object> line = ledgerLine(client, call, seq, requestId);
        line.put("parts", (long) bulk.parts().size());
        Lines lines = new Lines();
        CompletableFuture<HttpResponse<Void>> exchange =
                http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(lines, subscriber -> null, "\n"));
        Answer answer;
        try {
            HttpResponse<Void> response = exchange.get(BULK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            line.put("answeredAt", System.currentTimeMillis());
            int status = response.statusCode();
            line.put("outcome", "answered");
            line.put("status", status);
            answered(line, response);
            Object answerBody = status == 200 ? lines.answer() : lines.joined();
            line.put("body", answerBody);
            answer = new Answer("answered", status, answerBody, null, null, requestId);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            line.put("answeredAt", System.currentTimeMillis());
            boolean refused = (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException)
                    && lines.received.isEmpty();
            String outcome = refused ? "refused" : "cut";
            line.put("outcome", outcome);
            line.put("error", String.valueOf(cause));
            line.put("body", lines.answer()); // what came before the cut
            answer = new Answer(outcome, 0, line.get("body"), String.valueOf(cause), null, requestId);
        } catch (TimeoutException late) {
            lines.cancel();
            exchange.cancel(true);
            line.put("answeredAt", System.currentTimeMillis());
            line.put("outcome", "cut");
            line.put("error", "no end of the answer within " + BULK_TIMEOUT.toSeconds() + " s: the client gave up");
            line.put("body", lines.answer());
            answer = new Answer("cut", 0, line.get("body"), (String) line.get("error"), null, requestId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent(new Answer("cut", 0, null, "interrupted", null, requestId), List.of());
        }
        record(line);
        return new Sent(answer, call.then().apply(answer));
    }

    /** The lines of a streamed answer, each with the moment it arrived. */
    static final class Lines implements Flow.Subscriber<String> {
        final List<Map<String, Object>> received = Collections.synchronizedList(new ArrayList<>());
        private volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String text) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("at", System.currentTimeMillis());
            line.put("text", text);
            received.add(line);
        }

        @Override
        public void onError(Throwable failure) {
        }

        @Override
        public void onComplete() {
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        /** The answer of a 200: its outcome lines (each parsed, or kept as text when not JSON) and its summary. */
        Map<String, Object> answer() {
            List<Object> outcomes = new ArrayList<>();
            Object summary = null;
            synchronized (received) {
                for (Map<String, Object> line : received) {
                    String text = (String) line.get("text");
                    if (text.isBlank()) {
                        continue;
                    }
                    Map<String, Object> json = Json.object(Json.parseOrNull(text));
                    Map<String, Object> kept = new LinkedHashMap<>();
                    kept.put("at", line.get("at"));
                    if (json != null && json.containsKey("summary")) {
                        summary = json.get("summary");
                        kept.put("summary", summary);
                    } else if (json != null) {
                        kept.put("outcome", json);
                    } else {
                        kept.put("text", text);
                    }
                    outcomes.add(kept);
                }
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("outcomes", outcomes);
            answer.put("summary", summary);
            return answer;
        }

        /** Any other answer: one body (a problem), parsed when it is JSON. */
        Object joined() {
            String text;
            synchronized (received) {
                text = String.join("\n", received.stream().map(line -> (String) line.get("text")).toList());
            }
            Object json = Json.parseOrNull(text);
            return json != null ? json : text.isEmpty() ? null : text;
        }
    }

    private synchronized void record(Map<String, Object> line) {
        try {
            ledger.write(Json.write(line));
            ledger.newLine();
            ledger.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the ledger", e);
        }
    }

    /** One client: a closed loop until told to stop, follow-ups first; after a failure it waits a little, as clients do. */
    void runClient(String client, Path stopFile, Random random) {
        int totalWeight = KINDS.stream().mapToInt(Kind::weight).sum();
        List<List<Call>> followUps = new ArrayList<>(); // each sent at once: a race when it holds several
        while (!Files.exists(stopFile)) {
            List<Call> calls;
            if (!followUps.isEmpty()) {
                calls = followUps.remove(0);
            } else {
                calls = pickKind(random, totalWeight).prepare().apply(this, random);
                if (calls.isEmpty()) {
                    calls = createAccount(random); // nothing to act on yet: make something
                }
            }
            boolean allFine = true;
            for (Sent sent : send(client, calls)) {
                if (!sent.followUps().isEmpty()) {
                    followUps.add(sent.followUps());
                }
                allFine &= sent.fine();
            }
            if (!allFine) {
                pause(100); // no answer or a 5xx: a moment before the next request, or a dead service is hammered
            }
        }
    }

    private static Kind pickKind(Random random, int totalWeight) {
        int r = random.nextInt(totalWeight);
        for (Kind kind : KINDS) {
            r -= kind.weight();
            if (r < 0) {
                return kind;
            }
        }
        throw new IllegalStateException();
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String base = args[1];
        Path ledgerFile = Path.of(args[2]);
        Driver driver;
        switch (mode) {
            case "mixed" -> {
                Path stopFile = Path.of(args[3]);
                int clients = Integer.parseInt(args[4]);
                driver = new Driver(base, ledgerFile, args[5]);
                long seed = Long.parseLong(args[6]);
                List<Thread> threads = new ArrayList<>();
                for (int c = 1; c <= clients; c++) {
                    String client = "c" + c;
                    Random random = new Random(seed * 1000 + c);
                    Thread thread = new Thread(() -> driver.runClient(client, stopFile, random), client);
                    thread.start();
                    threads.add(thread);
                }
                for (Thread thread : threads) {
                    thread.join();
                }
            }
            case "burst" -> {
                driver = new Driver(base, ledgerFile, args[4]);
                int count = Integer.parseInt(args[3]);
                Random random = new Random(Long.parseLong(args[5]));
                List<Call> creates = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    creates.add(withoutFollowUps(driver.createAccount(random).get(0)));
                }
                // Started early (a JVM takes a while), it fires at the moment the fault is in place.
                pause(Long.parseLong(args[6]) - System.currentTimeMillis());
                driver.send("burst", creates);
            }
            default -> throw new IllegalArgumentException("mode is mixed or burst, not " + mode);
        }
        driver.ledger.close();
        System.exit(0); // the HTTP client's threads would keep the JVM up
    }

    private static Call withoutFollowUps(Call call) {
        return new Call(call.kind(), call.method(), call.path(), call.target(), call.asked(), call.contentType(),
                call.keepBody(), answer -> List.of(), call.headers(), call.tagFrom(), call.bulk());
    }
}
