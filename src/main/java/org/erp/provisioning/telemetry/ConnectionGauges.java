package org.erp.provisioning.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Leaves out the database clients' gauges ({@code postgresql_current}, statements in flight, and
 * {@code postgresql_queue_size}), which said one connection's figure as if it were the client's. Vert.x gives every
 * connection metrics of its own under its client's name; a timer or counter registered again is the same one, so
 * {@code postgresql_processing_seconds} and the rest add up every connection, but a gauge registered again is ignored
 * (with a WARN at start), so the gauge read the first connection only: 0 or 1 with all sixteen busy. What they meant
 * to say, the pool's gauges say for the whole pool: {@code sql_pool_active}, {@code sql_pool_queue_size}.
 */
public class ConnectionGauges {

    /** The {@code clientType} tag of the SQL clients' metrics. */
    static final String SQL_CLIENT = "sql";

    @Produces
    @Singleton
    MeterFilter leaveOutConnectionGauges() {
        return MeterFilter.deny(id -> id.getType() == Meter.Type.GAUGE && SQL_CLIENT.equals(id.getTag("clientType")));
    }
}
