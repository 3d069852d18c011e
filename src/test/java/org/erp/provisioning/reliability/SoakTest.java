package org.erp.provisioning.reliability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Mixed traffic from concurrent clients, the way the ERP uses the service: accounts created with domains,
 * slugs and domains raced for, unknown enum values, deals moved through their stages, filtered lists. Then the
 * rows are checked. Prints a report; {@code -Dsoak.requests} sets the length.
 */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class SoakTest {

    private static final String[] STAGES = {"Prospecting", "QUALIFIED", "proposal", "negotiation", "Closed Won", "closed_lost"};

    @Test
    void mixedTrafficAnswersEveryRequestWithoutA500AndLeavesConsistentRows() throws Exception {
        int requests = Integer.getInteger("soak.requests", 1500);
        int clients = 8;
        String prefix = Fixtures.unique("soak");
        Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        Map<String, Integer> createdWithDomains = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new java.util.ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long seed = 1000L + c;
            running.add(pool.submit(() -> {
                Random random = new Random(seed);
                String account = null;
                String deal = null;
                int n;
                while ((n = sent.incrementAndGet()) <= requests) {
                    int kind = random.nextInt(10);
                    Response response;
                    if (kind < 4 || account == null) {
                        String slug = prefix + "-" + (random.nextInt(5) == 0 ? "contested" : String.valueOf(n));
                        int domains = random.nextInt(3);
                        StringBuilder names = new StringBuilder();
                        for (int d = 0; d < domains; d++) {
                            names.append(d == 0 ? "" : ",").append("\"").append(slug).append("-").append(d).append(".example\"");
                        }
                        response = given().contentType(ContentType.JSON).body("""
                                {"name":"Soak %d","slug":"%s","ownerEmail":"s@x.example","subscriptionStatus":"%s",
                                 "planTier":"%s","domains":[%s]}""".formatted(n, slug, random.nextBoolean() ? "TRIALING" : "past-due",
                                random.nextBoolean() ? "Growth" : "enterprise", names)).post("/api/v1/accounts");
                        if (response.statusCode() == 201) {
                            account = response.path("id");
                            createdWithDomains.put(account, domains);
                            deal = null;
                        }
                    } else if (kind == 4) {
                        response = given().contentType(ContentType.JSON).body("""
                                {"name":"Bad","ownerEmail":"b@x.example","planTier":"platinum","billingInterval":"weekly"}""")
                                .post("/api/v1/accounts");
                    } else if (kind < 7) {
                        if (deal == null) {
                            response = given().contentType(ContentType.JSON).body("""
                                    {"title":"Deal %d","amountCents":%d,"currency":"eur"}""".formatted(n, random.nextInt(100000)))
                                    .post("/api/v1/accounts/" + account + "/deals");
                            deal = response.statusCode() == 201 ? response.path("id") : null;
                        } else {
                            response = given().contentType("application/merge-patch+json")
                                    .body("{\"stage\":\"" + STAGES[random.nextInt(STAGES.length)] + "\"}")
                                    .patch("/api/v1/accounts/" + account + "/deals/" + deal);
                        }
                    } else if (kind < 9) {
                        response = given().queryParam("planTier", "GROWTH").queryParam("q", prefix).queryParam("limit", 20)
                                .get("/api/v1/accounts");
                    } else {
                        response = given().get("/api/v1/accounts/" + account + "/domains");
                    }
                    String answer = response.statusCode() < 300 ? String.valueOf(response.statusCode())
                            : response.statusCode() + " " + response.path("code");
                    answers.computeIfAbsent(answer, a -> new LongAdder()).increment();
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;

        long halfWritten = Fixtures.count("accounts a", "a.slug LIKE '" + prefix + "-%' AND (SELECT count(*) FROM "
                + "partner_domains d WHERE d.account_id = a.id) NOT IN (0, 1, 2)");
        long missingDomains = createdWithDomains.entrySet().stream().filter(e -> Fixtures.count("partner_domains",
                "account_id = '" + e.getKey() + "'") != e.getValue()).count();
        long trialsWithoutEnd = Fixtures.count("accounts", "slug LIKE '" + prefix + "-%' AND subscription_status = 'trialing'"
                + " AND trial_ends_at IS NULL");
        long contested = Fixtures.count("accounts", "slug = '" + prefix + "-contested'");
        long accounts = Fixtures.count("accounts", "slug LIKE '" + prefix + "-%'");
        long fiveHundreds = answers.entrySet().stream().filter(e -> e.getKey().startsWith("5"))
                .mapToLong(e -> e.getValue().sum()).sum();

        System.out.printf("%n| soak: %d requests, %d clients, %.1f s | count |%n|---|---|%n", requests, clients, seconds);
        new java.util.TreeMap<>(answers).forEach((answer, count) -> System.out.printf("| %s | %d |%n", answer, count.sum()));
        System.out.printf("| 5xx answers | %d |%n| accounts written / answered 201 | %d / %d |%n"
                        + "| accounts whose domains differ from the request | %d |%n| trialing accounts without an end | %d |%n"
                        + "| accounts holding the contested slug | %d |%n%n",
                fiveHundreds, accounts, createdWithDomains.size(), missingDomains, trialsWithoutEnd, contested);

        assertEquals(0, fiveHundreds, "no 5xx");
        assertEquals(0, halfWritten + missingDomains, "every account has exactly the domains it was created with");
        assertEquals(createdWithDomains.size(), accounts, "every 201 is in the database, and nothing else");
        assertEquals(0, trialsWithoutEnd);
        assertEquals(1, contested, "one winner for the contested slug");
    }
}
