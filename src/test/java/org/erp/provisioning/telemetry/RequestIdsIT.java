package org.erp.provisioning.telemetry;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged service: the JVM application, or the native executable with -Dnative. */
@QuarkusIntegrationTest
class RequestIdsIT extends RequestIdsTest {
}
