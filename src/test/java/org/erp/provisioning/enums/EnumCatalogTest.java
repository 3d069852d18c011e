package org.erp.provisioning.enums;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.ContractFilter.givenALabelNotYetRead;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/** The labels are the database's: read from the catalog, followed when EVA adds or renames them. */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class EnumCatalogTest {

    @Inject
    EnumCatalog catalog;

    @Test
    void listsEveryEnumFieldInDatabaseOrder() {
        for (PgEnumType type : PgEnumType.values()) {
            // Other tests add labels EVA-style (they cannot be removed), so compare with the live catalog.
            List<String> inCatalog = List.of(EvaDatabase.sql("SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder)"
                    + " FROM pg_enum WHERE enumtypid = '" + type.typeName() + "'::regtype").split(","));
            given().when().get("/api/v1/enums").then().statusCode(200)
                    .body(type.apiKey(), equalTo(inCatalog));
        }
        // Labels are never removed: the fixture's, with their mixed separators, are all still there.
        given().when().get("/api/v1/enums").then()
                .body("dealStage", hasItems("prospecting", "qualified", "proposal", "negotiation", "closed-won", "closed-lost"))
                .body("subscriptionStatus", hasItems("past_due"));
    }

    @Test
    void aLabelEvaAddsIsReadAtOnceAndAcceptedAfterARefresh() {
        EvaDatabase.sql("ALTER TYPE plan_tier ADD VALUE IF NOT EXISTS 'scale-up' BEFORE 'enterprise'");
        String slug = unique("scale");
        String body = """
                {"name":"Scale","slug":"%s","ownerEmail":"a@b.example","planTier":"SCALE_UP"}""".formatted(slug);

        // A row another writer stored with the new label reads back as-is, before any refresh.
        String id = post("/api/v1/accounts", """
                {"name":"Other","slug":"%s","ownerEmail":"a@b.example"}""".formatted(unique("other")))
                .statusCode(201).extract().path("id");
        EvaDatabase.sql("UPDATE accounts SET plan_tier = 'scale-up' WHERE id = '" + id + "'");
        givenALabelNotYetRead().when().get("/api/v1/accounts/" + id).then().statusCode(200).body("planTier", equalTo("scale-up"));

        catalog.refresh().await().atMost(Duration.ofSeconds(10));
        post("/api/v1/accounts", body).statusCode(201).body("planTier", equalTo("scale-up"));
        given().when().get("/api/v1/enums").then()
                .body("planTier", contains("free", "starter", "growth", "scale-up", "enterprise"));
        // A label the service has no constant for is drift readiness reports, not a reason to stop serving.
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'eva-schema' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'eva-schema' }.data.'plan_tier.unknown'", containsString("scale-up"));
    }

    @Test
    void aLabelEvaAddsIsInTheOpenApiDocumentAfterTheNextRefresh() {
        catalog.refresh().await().atMost(Duration.ofSeconds(10));
        EvaDatabase.sql("ALTER TYPE domain_status ADD VALUE IF NOT EXISTS 'transferring'");
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("components.schemas.DomainStatus.enum", not(hasItem("transferring")));

        catalog.refresh().await().atMost(Duration.ofSeconds(10));
        List<String> inCatalog = List.of(EvaDatabase.sql("SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder)"
                + " FROM pg_enum WHERE enumtypid = 'domain_status'::regtype").split(","));
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("components.schemas.DomainStatus.enum", equalTo(inCatalog))
                .body("components.schemas.DomainStatus.enum", hasItem("transferring"));
    }

    @Test
    void aListFilteredByARenamedLabelIsRefusedWithTheNewLabels() {
        catalog.refresh().await().atMost(Duration.ofSeconds(10));
        EvaDatabase.sql("ALTER TYPE subscription_status RENAME VALUE 'paused' TO 'on-pause'");
        try {
            given().queryParam("subscriptionStatus", "PAUSED").when().get("/api/v1/accounts").then()
                    .statusCode(400)
                    .body("code", equalTo("invalid-enum-value"))
                    .body("errors[0].field", equalTo("subscriptionStatus"))
                    .body("errors[0].allowedValues", hasItem("on-pause"));
        } finally {
            EvaDatabase.sql("ALTER TYPE subscription_status RENAME VALUE 'on-pause' TO 'paused'");
            catalog.refresh().await().atMost(Duration.ofSeconds(10));
        }
    }

    @Test
    void aRenamedLabelIsRefusedWithTheNewLabelsEvenBeforeTheServiceRefreshed() {
        catalog.refresh().await().atMost(Duration.ofSeconds(10));
        EvaDatabase.sql("ALTER TYPE billing_interval RENAME VALUE 'monthly' TO 'every-month'");
        try {
            // The service still believes in 'monthly': the database refuses it (22P02), the service re-reads the
            // catalog and answers a precise 400 instead of a 500.
            post("/api/v1/accounts", """
                    {"name":"Renamed","slug":"%s","ownerEmail":"a@b.example","billingInterval":"Monthly"}"""
                    .formatted(unique("renamed")))
                    .statusCode(400)
                    .body("code", equalTo("invalid-enum-value"))
                    .body("errors[0].field", equalTo("billingInterval"))
                    .body("errors[0].allowedValues", contains("every-month", "annual"));
            post("/api/v1/accounts", """
                    {"name":"Renamed","slug":"%s","ownerEmail":"a@b.example","billingInterval":"EVERY MONTH"}"""
                    .formatted(unique("renamed")))
                    .statusCode(201).body("billingInterval", equalTo("every-month"));
        } finally {
            EvaDatabase.sql("ALTER TYPE billing_interval RENAME VALUE 'every-month' TO 'monthly'");
            catalog.refresh().await().atMost(Duration.ofSeconds(10));
        }
        given().when().get("/api/v1/enums").then().body("billingInterval", not(hasItem("every-month")));
    }
}
