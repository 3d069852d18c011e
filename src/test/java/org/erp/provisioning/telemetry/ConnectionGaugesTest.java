package org.erp.provisioning.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two connections of one client register their metrics under the same name, as Vert.x does: the timer adds up both,
 * the gauges, which could only say one of them, are left out; the pool's gauges are not the client's and stay.
 */
class ConnectionGaugesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    ConnectionGaugesTest() {
        registry.config().meterFilter(new ConnectionGauges().leaveOutConnectionGauges());
    }

    private void connection(int inFlight) {
        Gauge.builder("postgresql.current", () -> inFlight).tags("clientName", "eva", "clientType", ConnectionGauges.SQL_CLIENT)
                .register(registry);
        Timer.builder("postgresql.processing").tags("clientName", "eva", "clientType", ConnectionGauges.SQL_CLIENT)
                .register(registry).record(Duration.ofMillis(2));
    }

    @Test
    void aConnectionsGaugeIsLeftOutAndItsTimerCountsEveryConnection() {
        connection(1);
        connection(0);
        assertNull(registry.find("postgresql.current").gauge(), "no gauge saying one connection's figure");
        assertEquals(2, registry.get("postgresql.processing").timer().count(), "both connections' statements");
    }

    @Test
    void thePoolsGaugesStay() {
        Gauge.builder("sql.pool.active", () -> 16).tags("pool_name", "eva", "pool_type", "sql").register(registry);
        Gauge.builder("jvm.threads.live", () -> 30).register(registry);
        assertNotNull(registry.find("sql.pool.active").gauge());
        assertNotNull(registry.find("jvm.threads.live").gauge());
    }
}
