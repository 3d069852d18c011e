package org.erp.provisioning.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;

/** Request helpers shared by the API tests. Every account a test makes has a slug of its own. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static ValidatableResponse post(String path, String json) {
        return given().contentType(ContentType.JSON).body(json).when().post(path).then().log().ifValidationFails();
    }

    public static ValidatableResponse patch(String path, String json) {
        return given().contentType("application/merge-patch+json").body(json).when().patch(path).then().log().ifValidationFails();
    }

    /** Creates an account with a fresh slug and answers its id. */
    public static String createAccount() {
        String slug = unique("acct");
        return post("/api/v1/accounts", """
                {"name":"Account %s","slug":"%s","ownerEmail":"owner@%s.example"}""".formatted(slug, slug, slug))
                .statusCode(201).extract().path("id");
    }

    public static long count(String table, String where) {
        return Long.parseLong(EvaDatabase.sql("SELECT count(*) FROM " + table + " WHERE " + where));
    }

    /** The sum of the Prometheus series of {@code name} (a counter's {@code _total}) whose labels include {@code label}. */
    public static double metric(String name, String label) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
