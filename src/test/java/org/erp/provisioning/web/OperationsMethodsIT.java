package org.erp.provisioning.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged service: the JVM application, or the native executable with -Dnative. */
@QuarkusIntegrationTest
class OperationsMethodsIT extends OperationsMethodsTest {
}
