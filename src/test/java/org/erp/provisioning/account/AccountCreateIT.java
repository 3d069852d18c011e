package org.erp.provisioning.account;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import org.erp.provisioning.support.ContractFilter;
import org.junit.jupiter.api.Test;

/** The same checks against the packaged service: the JVM application, or the native executable with -Dnative. */
@QuarkusIntegrationTest
class AccountCreateIT extends AccountCreateTest {

    /** The packaged service's responses are held to its OpenAPI document as well. */
    @Test
    void responsesAreCheckedAgainstTheDocument() {
        assertTrue(RestAssured.filters().stream().anyMatch(ContractFilter.class::isInstance));
    }
}
