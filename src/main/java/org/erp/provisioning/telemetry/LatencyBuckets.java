package org.erp.provisioning.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * Gives the HTTP server's request timer fixed histogram buckets, so Prometheus can compute p99 per route across
 * pods ({@code histogram_quantile}) and the latency alert's objective (250 ms, k8s/base/prometheusrule.yaml) is a bucket boundary.
 * A few fixed buckets instead of Micrometer's percentile histogram (about 70 buckets per route and status) keep
 * the series count small.
 */
public class LatencyBuckets {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    private static final List<Long> BOUNDARIES_MS = List.of(25L, 50L, 100L, 250L, 500L, 1000L, 2500L, 5000L, 10000L);

    @Produces
    @Singleton
    MeterFilter httpServerBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(HTTP_SERVER_REQUESTS)) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(BOUNDARIES_MS.stream().mapToDouble(ms -> Duration.ofMillis(ms).toNanos())
                                .toArray())
                        .build().merge(config);
            }
        };
    }
}
