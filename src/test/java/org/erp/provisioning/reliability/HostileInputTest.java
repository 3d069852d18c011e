package org.erp.provisioning.reliability;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.reliability.HostileBodies.Kind;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/**
 * Generated bodies thrown at every write route. Every answer is a success or an application/problem+json with a
 * documented code, never a 5xx, and after every refused request the database is exactly as it was.
 * {@code -Dhostile.seed} replays a run, {@code -Dhostile.requests} sets its length.
 */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class HostileInputTest {

    private static final Set<String> DOCUMENTED = Arrays.stream(ProblemCode.values()).map(ProblemCode::code)
            .collect(Collectors.toSet());
    private static final String FINGERPRINT = "SELECT md5(coalesce(string_agg(row, '|' ORDER BY row), '')) FROM ("
            + "SELECT a::text AS row FROM accounts a UNION ALL SELECT d::text FROM partner_domains d "
            + "UNION ALL SELECT p::text FROM partner_deals p) rows";

    record Route(String method, String path, Map<String, Kind> fields, Map<String, Object> good) {
    }

    @Test
    void everyWriteRouteAnswersASuccessOrADocumentedProblemAndRefusalsChangeNothing() {
        long seed = Long.getLong("hostile.seed", 20261125L);
        int requests = Integer.getInteger("hostile.requests", 400);
        String account = createAccount();
        String domain = post("/api/v1/accounts/" + account + "/domains", "{\"domain\":\"" + unique("h") + ".example\"}")
                .statusCode(201).extract().path("id");
        String deal = post("/api/v1/accounts/" + account + "/deals", "{\"title\":\"D\",\"amountCents\":1,\"currency\":\"EUR\"}")
                .statusCode(201).extract().path("id");
        Map<String, Kind> accountFields = Map.of("name", Kind.TEXT, "slug", Kind.TEXT, "ownerEmail", Kind.TEXT,
                "subscriptionStatus", Kind.ENUM, "planTier", Kind.ENUM, "billingInterval", Kind.ENUM,
                "trialEndsAt", Kind.TEXT, "domains", Kind.TEXT_LIST);
        Map<String, Kind> domainFields = Map.of("domain", Kind.TEXT, "status", Kind.ENUM);
        Map<String, Object> goodAccount = Map.of("name", "Hostile Co", "ownerEmail", "h@x.example",
                "subscriptionStatus", "active", "trialEndsAt", "2099-01-01T00:00:00Z");
        Map<String, Kind> dealFields = Map.of("title", Kind.TEXT, "amountCents", Kind.INTEGER, "currency", Kind.TEXT,
                "stage", Kind.ENUM, "expectedCloseDate", Kind.TEXT);
        Map<String, Object> goodDeal = Map.of("title", "Deal", "amountCents", 5, "currency", "usd", "expectedCloseDate", "2030-01-31");
        List<Route> routes = List.of(
                new Route("POST", "/api/v1/accounts", accountFields, goodAccount),
                new Route("POST", "/api/v1/accounts?dryRun=true", accountFields, goodAccount),
                new Route("PATCH", "/api/v1/accounts/" + account, accountFields, goodAccount),
                new Route("POST", "/api/v1/accounts/" + account + "/domains", domainFields, Map.of("domain", "fine.example")),
                new Route("PATCH", "/api/v1/accounts/" + account + "/domains/" + domain, domainFields, Map.of("domain", "fine.example")),
                new Route("POST", "/api/v1/accounts/" + account + "/deals", dealFields, goodDeal),
                new Route("PATCH", "/api/v1/accounts/" + account + "/deals/" + deal, dealFields, goodDeal));

        HostileBodies bodies = new HostileBodies(seed);
        java.util.Random pick = new java.util.Random(seed);
        Map<String, Integer> tally = new TreeMap<>();
        String fingerprint = EvaDatabase.sql(FINGERPRINT);
        for (int i = 0; i < requests; i++) {
            Route route = routes.get(pick.nextInt(routes.size()));
            String body = bodies.body(route.fields(), route.good());
            Response response = given().contentType(route.method().equals("PATCH") ? "application/merge-patch+json" : "application/json")
                    .body(body).request(route.method(), route.path());
            int status = response.statusCode();
            String where = "seed " + seed + ", request " + i + ": " + route.method() + " " + route.path() + " " + abbreviate(body)
                    + " -> " + status + " " + response.asString();
            assertTrue(status < 500, where);
            if (status >= 400) {
                assertTrue(response.contentType().startsWith("application/problem+json"), where);
                String code = response.path("code");
                assertTrue(DOCUMENTED.contains(code), where);
                assertEquals(fingerprint, EvaDatabase.sql(FINGERPRINT), "a refused request changed the database: " + where);
                tally.merge(status + " " + code, 1, Integer::sum);
            } else {
                tally.merge(String.valueOf(status), 1, Integer::sum);
                fingerprint = EvaDatabase.sql(FINGERPRINT);
            }
        }
        System.out.printf("Hostile input, seed %d, %d requests:%n", seed, requests);
        tally.forEach((answer, count) -> System.out.printf("  %-40s %5d%n", answer, count));
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "... (" + body.length() + " chars)" : body;
    }
}
