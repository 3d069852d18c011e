import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
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
    static final String MERGE_PATCH = "application/merge-patch+json";

    /**
     * The mix. A new kind of request (a PATCH with If-Match, lines of POST /api/v1/accounts/bulk) is one more entry
     * here, and, when it writes, one more case in Check.effectsOf.
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
            new Kind("getDeal", 3, false, Driver::getDeal));

    /** One kind of request: its share of the mix, and the request(s) it makes from what the world knows. */
    record Kind(String name, int weight, boolean writes, BiFunction<Driver, Random, List<Call>> prepare) {
    }

    /**
     * One request. {@code asked} is the body sent (null for none); {@code target} the ids in its path; {@code then}
     * learns from the answer (the world grows only from acknowledged writes) and may return follow-up requests.
     */
    record Call(String kind, String method, String path, Map<String, Object> target, Map<String, Object> asked,
                String contentType, boolean keepBody, Function<Answer, List<Call>> then) {
    }

    /** What came back: an HTTP answer, or none (refused: never reached the service; cut: no answer came). */
    record Answer(String outcome, int status, Object body, String error) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        Map<String, Object> json() {
            return Json.object(body);
        }
    }

    // ---- the world: what the service acknowledged, for later requests to act on -------------------------------

    record Ref(String accountId, String id) {
    }

    private final List<String> accounts = new ArrayList<>();
    private final List<Ref> domains = new ArrayList<>();
    private final List<Ref> deals = new ArrayList<>();

    private synchronized String anyAccount(Random random) {
        return accounts.isEmpty() ? null : accounts.get(random.nextInt(accounts.size()));
    }

    private static synchronized Ref any(List<Ref> refs, Random random) {
        return refs.isEmpty() ? null : refs.get(random.nextInt(refs.size()));
    }

    private synchronized void learnAccount(String id) {
        accounts.add(id);
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
                    learnAccount(id);
                    // Its domains' ids come from the list: the create answers with the account alone.
                    return List.of(listDomainsOf(id));
                }));
    }

    private List<Call> patchAccount(Random random) {
        String account = anyAccount(random);
        if (account == null) {
            return List.of();
        }
        long n = next();
        Map<String, Object> body = new LinkedHashMap<>();
        while (body.isEmpty()) {
            if (random.nextInt(3) == 0) body.put("name", "Soak " + tag + " renamed " + n);
            if (random.nextInt(3) == 0) body.put("ownerEmail", "owner" + n + "@" + tag + ".soak.example");
            if (random.nextInt(3) == 0) body.put("subscriptionStatus", pick(SUBSCRIPTION_ON_PATCH, random));
            if (random.nextInt(3) == 0) body.put("planTier", pick(PLAN_TIERS, random));
            if (random.nextInt(3) == 0) body.put("billingInterval", pick(BILLING_INTERVALS, random));
        }
        return List.of(new Call("patchAccount", "PATCH", "/api/v1/accounts/" + account, Map.of("accountId", account),
                body, MERGE_PATCH, true, answer -> List.of()));
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
        Map<String, Object> body = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            body.put("domain", domainName("r", next()));
        }
        if (body.isEmpty() || random.nextInt(3) == 0) {
            body.put("status", pick(DOMAIN_STATUSES, random));
        }
        return List.of(new Call("patchDomain", "PATCH", domainPath(domain), target(domain, "domainId"), body, MERGE_PATCH,
                true, forgetIfGone(domains, domain)));
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
        Map<String, Object> body = new LinkedHashMap<>();
        while (body.isEmpty()) {
            if (random.nextInt(3) == 0) body.put("title", "Deal " + tag + " retitled " + next());
            if (random.nextInt(3) == 0) body.put("amountCents", (long) random.nextInt(10_000_000));
            if (random.nextInt(2) == 0) body.put("stage", pick(DEAL_STAGES, random));
            if (random.nextInt(4) == 0) body.put("expectedCloseDate", random.nextBoolean() ? closeDate(random) : null);
        }
        return List.of(new Call("patchDeal", "PATCH", dealPath(deal), target(deal, "dealId"), body, MERGE_PATCH, true,
                forgetIfGone(deals, deal)));
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
            return answer.status() >= 200 && answer.status() < 500;
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
        long seq = sequence.incrementAndGet();
        String requestId = "soak-" + tag + "-" + seq;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.path())).timeout(ANSWER_TIMEOUT)
                .header("Accept", "application/json").header("X-Request-Id", requestId);
        if (call.asked() != null) {
            request.header("Content-Type", call.contentType())
                    .method(call.method(), HttpRequest.BodyPublishers.ofString(Json.write(call.asked())));
        } else {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("seq", seq);
        line.put("client", client);
        line.put("kind", call.kind());
        line.put("method", call.method());
        line.put("path", call.path());
        line.put("target", call.target());
        line.put("asked", call.asked());
        line.put("requestId", requestId);
        long sentAt = System.currentTimeMillis();
        line.put("sentAt", sentAt);
        Answer answer;
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            line.put("answeredAt", System.currentTimeMillis());
            int status = response.statusCode();
            Object body = Json.parseOrNull(response.body());
            if (body == null && !response.body().isEmpty()) {
                body = response.body(); // not JSON: kept as it came, for the report
            }
            answer = new Answer("answered", status, body, null);
            line.put("outcome", "answered");
            line.put("status", status);
            line.put("contentType", response.headers().firstValue("Content-Type").orElse(null));
            line.put("retryAfter", response.headers().firstValue("Retry-After").orElse(null));
            line.put("answerRequestId", response.headers().firstValue("X-Request-Id").orElse(null));
            boolean success = status >= 200 && status < 300;
            if (!success || call.keepBody()) {
                line.put("body", body);
            }
        } catch (HttpConnectTimeoutException | ConnectException notConnected) {
            // No connection was made, so the request never reached the service: nothing can have been written.
            line.put("answeredAt", System.currentTimeMillis());
            answer = new Answer("refused", 0, null, notConnected.toString());
            line.put("outcome", "refused");
            line.put("error", notConnected.toString());
        } catch (IOException cut) { // HttpTimeoutException included
            // Sent, or perhaps sent, and no answer came: the write may or may not have happened.
            line.put("answeredAt", System.currentTimeMillis());
            answer = new Answer("cut", 0, null, cut.toString());
            line.put("outcome", "cut");
            line.put("error", cut.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent(new Answer("cut", 0, null, "interrupted"), List.of());
        }
        record(line);
        return new Sent(answer, call.then().apply(answer));
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
        List<Call> followUps = new ArrayList<>();
        while (!Files.exists(stopFile)) {
            List<Call> calls;
            if (!followUps.isEmpty()) {
                calls = List.of(followUps.remove(0));
            } else {
                calls = pickKind(random, totalWeight).prepare().apply(this, random);
                if (calls.isEmpty()) {
                    calls = createAccount(random); // nothing to act on yet: make something
                }
            }
            boolean allFine = true;
            for (Sent sent : send(client, calls)) {
                followUps.addAll(sent.followUps());
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
                call.keepBody(), answer -> List.of());
    }
}
