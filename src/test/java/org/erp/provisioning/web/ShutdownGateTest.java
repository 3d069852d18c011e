package org.erp.provisioning.web;

import static io.restassured.RestAssured.given;
import static org.erp.provisioning.support.Fixtures.count;
import static org.erp.provisioning.support.Fixtures.createAccount;
import static org.erp.provisioning.support.Fixtures.post;
import static org.erp.provisioning.support.Fixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/**
 * Once shutdown begins, every API request is a {@code 503 shutting-down} with {@code Connection: close} that reads and
 * writes nothing, while the probes under {@code /q} still answer. Shutdown is announced as Quarkus announces it (the
 * event that starts {@code quarkus.shutdown.delay}), in an application of its own: it stays shut for its lifetime.
 * The same under a real SIGTERM, with writes in flight, is {@code GracefulShutdownIT}.
 */
@QuarkusTest
@TestProfile(ShutdownGateTest.OwnApplication.class)
@WithTestResource(EvaDatabase.class)
class ShutdownGateTest {

    /** No setting changed: a profile of its own so that the gate, once shut, is shut for this class alone. */
    public static class OwnApplication implements QuarkusTestProfile {
    }

    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdown;

    @Test
    void onceShutdownBeginsEveryApiRequestIsRefusedWithoutBeingReadAndTheProbesStillAnswer() {
        String account = "/api/v1/accounts/" + createAccount();
        given().get(account).then().statusCode(200);

        shutdown.fire(new ShutdownDelayInitiatedEvent());

        given().get(account).then().statusCode(503).contentType("application/problem+json")
                .header("Connection", "close").header("Retry-After", notNullValue())
                .body("code", equalTo("shutting-down"));
        String slug = unique("late");
        post("/api/v1/accounts", """
                {"name":"Late","slug":"%s","ownerEmail":"owner@late.example"}""".formatted(slug))
                .statusCode(503).body("code", equalTo("shutting-down"));
        assertEquals(0, count("accounts", "slug = '" + slug + "'"), "the refused create wrote nothing");
        given().get("/q/health/live").then().statusCode(200);
    }
}
