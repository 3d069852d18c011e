package org.erp.provisioning.telemetry;

import static org.erp.provisioning.support.Fixtures.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/** A failure nobody waits for any more is counted by type (and logged at WARN), through the handler the service installs. */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class LateFailuresTest {

    private static final String SERIES = "erp_late_failures_total";

    @Test
    void aFailureDroppedByMutinyIsCountedByType() {
        double before = metric(SERIES, "type=\"IllegalStateException\"");
        Infrastructure.handleDroppedException(new IllegalStateException("HR000090: Live transaction detected while"
                + " closing the connection: it will be roll backed"));
        assertEquals(before + 1, metric(SERIES, "type=\"IllegalStateException\""));
    }
}
