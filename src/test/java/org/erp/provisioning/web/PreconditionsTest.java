package org.erp.provisioning.web;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.count;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Versions and conditional requests on accounts, domains and deals, against the real database: every answer about
 * one row carries its ETag; If-Match decides whether a change or delete goes ahead (412 with the current ETag,
 * nothing written, otherwise), atomically with the write; If-None-Match makes a read 304.
 */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class PreconditionsTest {

    private static final String STRONG_TAG = "\"[0-9]+\"";

    /** One kind of row: where it is created, how it is changed, and the table that holds it. */
    record Kind(String name, String table, Function<String, String> create, String change) {

        static Kind of(String name) {
            return switch (name) {
                case "account" -> new Kind(name, "accounts", account -> account, "{\"planTier\":\"growth\"}");
                case "domain" -> new Kind(name, "partner_domains", account -> "/api/v1/accounts/" + account + "/domains/"
                        + post("/api/v1/accounts/" + account + "/domains", "{\"domain\":\"" + unique("tag") + ".example\"}")
                        .statusCode(201).header("ETag", matchesPattern(STRONG_TAG)).extract().path("id"), "{\"status\":\"verified\"}");
                case "deal" -> new Kind(name, "partner_deals", account -> "/api/v1/accounts/" + account + "/deals/"
                        + post("/api/v1/accounts/" + account + "/deals", "{\"title\":\"Renewal\",\"amountCents\":100,\"currency\":\"eur\"}")
                        .statusCode(201).header("ETag", matchesPattern(STRONG_TAG)).extract().path("id"), "{\"stage\":\"qualified\"}");
                default -> throw new IllegalArgumentException(name);
            };
        }

        /** A new row of this kind; answers its path. */
        String newRow() {
            String account = createAccount();
            return name.equals("account") ? "/api/v1/accounts/" + account : create.apply(account);
        }

        String id(String path) {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        /** The row's version as the database holds it, as an ETag. */
        String storedTag(String path) {
            return "\"" + EvaDatabase.sql("SELECT xmin::text FROM " + table + " WHERE id = '" + id(path) + "'") + "\"";
        }
    }

    private static String etag(String path) {
        return given().get(path).then().statusCode(200).header("ETag", matchesPattern(STRONG_TAG)).extract().header("ETag");
    }

    private static ExtractableResponse<Response> patch(String path, String ifMatch, String body) {
        var request = given().contentType("application/merge-patch+json").body(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.when().patch(path).then().extract();
    }

    private static ExtractableResponse<Response> delete(String path, String ifMatch) {
        var request = given();
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.when().delete(path).then().extract();
    }

    @Test
    void aCreatedAccountCarriesTheVersionItsReadsCarry() {
        String slug = unique("tagged");
        var created = post("/api/v1/accounts", "{\"name\":\"Tagged\",\"slug\":\"" + slug + "\",\"ownerEmail\":\"o@t.example\","
                + "\"domains\":[\"" + slug + ".example\"]}").statusCode(201).header("ETag", matchesPattern(STRONG_TAG)).extract();
        String path = "/api/v1/accounts/" + created.path("id");
        assertEquals(created.header("ETag"), etag(path));
        assertEquals(Kind.of("account").storedTag(path), created.header("ETag"));
        // A dry run writes no row, so it has no version to tell.
        given().contentType("application/json").body("{\"name\":\"Dry\",\"ownerEmail\":\"o@t.example\"}")
                .post("/api/v1/accounts?dryRun=true").then().statusCode(200).header("ETag", (String) null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"account", "domain", "deal"})
    void aReadOfTheVersionTheClientHoldsIsNotModified(String name) {
        Kind kind = Kind.of(name);
        String path = kind.newRow();
        String tag = etag(path);
        given().header("If-None-Match", tag).get(path).then().statusCode(304).header("ETag", tag).body(emptyString());
        given().header("If-None-Match", "\"1\", " + tag).get(path).then().statusCode(304);
        given().header("If-None-Match", "W/" + tag).get(path).then().statusCode(304);
        given().header("If-None-Match", "*").get(path).then().statusCode(304);
        given().header("If-None-Match", "\"1\"").get(path).then().statusCode(200).header("ETag", tag);
        // Changed since: the new version in full.
        assertEquals(200, patch(path, null, kind.change()).statusCode());
        given().header("If-None-Match", tag).get(path).then().statusCode(200).header("ETag", not(tag));
    }

    @ParameterizedTest
    @ValueSource(strings = {"account", "domain", "deal"})
    void aChangeGoesAheadOnlyOnTheVersionItNames(String name) {
        Kind kind = Kind.of(name);
        String path = kind.newRow();
        String tag = etag(path);
        String before = given().get(path).then().extract().asString();

        for (String stale : List.of("\"1\"", "W/" + tag, "\"1\", \"2\"")) {
            var refused = patch(path, stale, kind.change());
            assertEquals(412, refused.statusCode(), stale);
            assertEquals("application/problem+json", refused.contentType());
            assertEquals("precondition-failed", refused.path("code"));
            assertEquals(tag, refused.header("ETag"), "the 412 names the current version");
        }
        // An empty change is held to the version too.
        assertEquals(412, patch(path, "\"1\"", "{}").statusCode());
        assertEquals(before, given().get(path).then().extract().asString(), "nothing written");
        assertEquals(tag, kind.storedTag(path));

        var changed = patch(path, "\"1\", " + tag, kind.change());
        assertEquals(200, changed.statusCode());
        String next = changed.header("ETag");
        assertNotEquals(tag, next);
        assertEquals(kind.storedTag(path), next, "the 200 carries the version written");
        assertEquals(next, etag(path));
        // The old version is stale now; * matches whatever version there is.
        assertEquals(412, patch(path, tag, "{}").statusCode());
        var any = patch(path, "*", "{}");
        assertEquals(200, any.statusCode());
        assertEquals(next, any.header("ETag"), "an empty change writes nothing, so the version stays");
    }

    @ParameterizedTest
    @ValueSource(strings = {"account", "domain", "deal"})
    void aWriteByEvaBetweenReadAndWriteIsAPreconditionFailure(String name) {
        Kind kind = Kind.of(name);
        String path = kind.newRow();
        String tag = etag(path);
        // EVA writes the row with plain SQL, touching no column the service shows.
        EvaDatabase.sql("UPDATE " + kind.table() + " SET id = id WHERE id = '" + kind.id(path) + "'");

        var refused = patch(path, tag, kind.change());
        assertEquals(412, refused.statusCode());
        assertEquals(kind.storedTag(path), refused.header("ETag"));
        if (!name.equals("account")) {
            assertEquals(412, delete(path, tag).statusCode());
            assertEquals(1, count(kind.table(), "id = '" + kind.id(path) + "'"), "not deleted");
        }
        assertEquals(200, patch(path, refused.header("ETag"), kind.change()).statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"domain", "deal"})
    void aDeleteGoesAheadOnlyOnTheVersionItNames(String name) {
        Kind kind = Kind.of(name);
        String path = kind.newRow();
        String tag = etag(path);
        var refused = delete(path, "\"1\"");
        assertEquals(412, refused.statusCode());
        assertEquals("precondition-failed", refused.path("code"));
        assertEquals(tag, refused.header("ETag"));
        assertEquals(1, count(kind.table(), "id = '" + kind.id(path) + "'"));

        assertEquals(204, delete(path, tag).statusCode());
        assertEquals(0, count(kind.table(), "id = '" + kind.id(path) + "'"));
        // Gone: whatever the condition, the answer is what it would be without one (RFC 9110, 13.2.1).
        assertEquals(name + "-not-found", delete(path, tag).path("code"));
        assertEquals(404, delete(path, "*").statusCode());
        assertEquals(404, patch(path, "*", "{}").statusCode());
    }

    @Test
    void anIfMatchThatIsNotEntityTagsIsRefused() {
        String path = Kind.of("account").newRow();
        for (String malformed : List.of("1234", "\"unterminated", "W/", "\"a\"\"b\"")) {
            var refused = patch(path, malformed, "{}");
            assertEquals(400, refused.statusCode(), malformed);
            assertEquals("If-Match", refused.path("errors[0].field"));
        }
        given().header("If-None-Match", "nope").get(path).then().statusCode(400).body("errors[0].field", equalTo("If-None-Match"));
    }

    @Test
    void withoutIfMatchAChangeIsUnconditionalByDefault() {
        Kind kind = Kind.of("domain");
        String path = kind.newRow();
        EvaDatabase.sql("UPDATE partner_domains SET id = id WHERE id = '" + kind.id(path) + "'");
        assertEquals(200, patch(path, null, kind.change()).statusCode());
        assertEquals(204, delete(path, null).statusCode());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 8})
    void ofConcurrentChangesHoldingOneVersionExactlyOneWins(int writers) throws Exception {
        for (String name : List.of("account", "domain", "deal")) {
            Kind kind = Kind.of(name);
            String path = kind.newRow();
            String tag = etag(path);
            List<Integer> statuses = concurrently(kind, path, writers, i -> {
                // Each writer changes something of its own, so a lost update would show.
                var answer = i % 2 == 0 || name.equals("account")
                        ? patch(path, tag, name.equals("account") ? "{\"name\":\"Writer " + i + "\"}" : kind.change())
                        : delete(path, tag);
                return answer.statusCode();
            });
            Map<Integer, Long> byStatus = statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
            long won = byStatus.getOrDefault(200, 0L) + byStatus.getOrDefault(204, 0L);
            assertEquals(1, won, name + ": " + byStatus);
            assertEquals(writers - 1, byStatus.getOrDefault(412, 0L) + byStatus.getOrDefault(404, 0L), name + ": " + byStatus);
            if (byStatus.containsKey(200) && !name.equals("account")) {
                assertEquals(1, count(kind.table(), "id = '" + kind.id(path) + "'"), "a change won: the row stays");
            }
            if (byStatus.containsKey(204)) {
                assertEquals(0, count(kind.table(), "id = '" + kind.id(path) + "'"), "a delete won: the row is gone");
                assertEquals(0L, byStatus.getOrDefault(412, 0L), "the row is gone: the others are 404");
            }
        }
    }

    @Test
    void ofEightConcurrentRenamesOfAnAccountOnlyTheWinnersNameIsStored() throws Exception {
        Kind kind = Kind.of("account");
        String path = kind.newRow();
        String tag = etag(path);
        List<String> names = Collections.synchronizedList(new ArrayList<>());
        concurrently(kind, path, 8, i -> {
            var answer = patch(path, tag, "{\"name\":\"Writer " + i + "\"}");
            if (answer.statusCode() == 200) {
                names.add(answer.path("name"));
            }
            return answer.statusCode();
        });
        assertEquals(1, names.size());
        given().get(path).then().body("name", equalTo(names.get(0)));
    }

    /**
     * Runs {@code writers} requests at once while another transaction holds the row, so all of them wait on its lock
     * with the same version in hand; answers their statuses.
     */
    private static List<Integer> concurrently(Kind kind, String path, int writers, Function<Integer, Integer> write)
            throws Exception {
        String lock = "BEGIN; SELECT id FROM " + kind.table() + " WHERE id = '" + kind.id(path) + "' FOR UPDATE;";
        Process holder = EvaDatabase.sqlInBackground(lock + " SELECT pg_sleep(1.5); COMMIT;");
        while (count("pg_stat_activity", "query LIKE '" + lock.replace("'", "''") + "%' AND state = 'active'") == 0) {
            Thread.sleep(20);
        }
        ExecutorService clients = Executors.newFixedThreadPool(writers);
        try {
            List<CompletableFuture<Integer>> answers = IntStream.range(0, writers)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> write.apply(i), clients)).toList();
            return answers.stream().map(CompletableFuture::join).toList();
        } finally {
            clients.shutdown();
            holder.waitFor();
        }
    }
}
