package org.erp.provisioning.account;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EvaDatabase.class)
class AccountListTest {

    @Test
    void filtersByEnumLabelsBoundAsTheNativeTypeInAnySpelling() {
        String tag = unique("flt");
        post("/api/v1/accounts", """
                {"name":"%s one","slug":"%s-1","ownerEmail":"a@b.example","subscriptionStatus":"past_due","planTier":"starter"}"""
                .formatted(tag, tag)).statusCode(201);
        post("/api/v1/accounts", """
                {"name":"%s two","slug":"%s-2","ownerEmail":"a@b.example","subscriptionStatus":"active","planTier":"starter"}"""
                .formatted(tag, tag)).statusCode(201);
        given().queryParam("q", tag).queryParam("subscriptionStatus", " Past Due ").when().get("/api/v1/accounts")
                .then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].slug", equalTo(tag + "-1"));
        given().queryParam("q", tag).queryParam("planTier", "STARTER").when().get("/api/v1/accounts")
                .then().statusCode(200).body("items", hasSize(2))
                .body("items.planTier", everyItem(equalTo("starter")));
        given().queryParam("q", tag).queryParam("subscriptionStatus", "").when().get("/api/v1/accounts")
                .then().statusCode(200).body("items", hasSize(2));
    }

    @Test
    void textSearchMatchesNameSlugAndEmailCaseInsensitivelyAndTreatsWildcardsLiterally() {
        String tag = unique("txt");
        post("/api/v1/accounts", """
                {"name":"Zeta %s","slug":"%s","ownerEmail":"Boss@%s.example"}""".formatted(tag, tag, tag)).statusCode(201);
        given().queryParam("q", tag.toUpperCase()).when().get("/api/v1/accounts").then().body("items", hasSize(1));
        given().queryParam("q", "boss@" + tag).when().get("/api/v1/accounts").then().body("items", hasSize(1));
        given().queryParam("q", tag + "%").when().get("/api/v1/accounts").then().body("items", empty());
    }

    @Test
    void pagesWithKeysetCursorsVisitEveryAccountOnce() {
        String tag = unique("page");
        for (int i = 0; i < 7; i++) {
            post("/api/v1/accounts", """
                    {"name":"%s %d","slug":"%s-%d","ownerEmail":"a@b.example"}""".formatted(tag, i, tag, i)).statusCode(201);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("q", tag).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.when().get("/api/v1/accounts").then().statusCode(200).extract();
            seen.addAll(page.path("items.slug"));
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(7, seen.size());
        assertEquals(7, seen.stream().distinct().count());
        assertEquals(List.of(tag + "-0", tag + "-1", tag + "-2", tag + "-3", tag + "-4", tag + "-5", tag + "-6"), seen,
                "slug order, each once");
    }

    @Test
    void pagesHold50UnlessAskedForUpTo200() {
        String tag = unique("size");
        for (int i = 0; i < 51; i++) {
            post("/api/v1/accounts", """
                    {"name":"%s","slug":"%s-%d","ownerEmail":"a@b.example"}""".formatted(tag, tag, i)).statusCode(201);
        }
        given().queryParam("q", tag).when().get("/api/v1/accounts").then()
                .body("items", hasSize(50)).body("nextCursor", not(nullValue()));
        given().queryParam("q", tag).queryParam("limit", 200).when().get("/api/v1/accounts").then()
                .body("items", hasSize(51)).body("nextCursor", nullValue());
        for (String outOfRange : new String[] {"0", "201", "ten"}) {
            given().queryParam("q", tag).queryParam("limit", outOfRange).when().get("/api/v1/accounts").then()
                    .statusCode(400).body("errors[0].field", equalTo("limit")).body("errors[0].code", equalTo("out-of-range"));
        }
    }

    @Test
    void theLastPageHasNoCursor() {
        String tag = unique("last");
        post("/api/v1/accounts", """
                {"name":"%s","slug":"%s","ownerEmail":"a@b.example"}""".formatted(tag, tag)).statusCode(201);
        given().queryParam("q", tag).when().get("/api/v1/accounts").then()
                .body("items", not(empty())).body("nextCursor", nullValue());
    }
}
