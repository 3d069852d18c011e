package org.erp.provisioning.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The HTTP server's request timer gets the fixed buckets the alerts and dashboards read (the latency objective,
 * 250 ms, among them); other timers keep their own.
 */
class LatencyBucketsTest {

    private static double[] bucketsMs(Timer timer) {
        return Arrays.stream(timer.takeSnapshot().histogramCounts()).mapToDouble(bucket -> bucket.bucket(TimeUnit.MILLISECONDS))
                .toArray();
    }

    @Test
    void theHttpServerTimerHasTheFixedBuckets() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new LatencyBuckets().httpServerBuckets());
        Timer requests = Timer.builder(LatencyBuckets.HTTP_SERVER_REQUESTS).tag("uri", "/api/v1/accounts").register(registry);
        requests.record(Duration.ofMillis(120));
        requests.record(Duration.ofMillis(3000));
        assertArrayEquals(new double[] {25, 50, 100, 250, 500, 1000, 2500, 5000, 10000}, bucketsMs(requests));
        CountAtBucket[] counts = requests.takeSnapshot().histogramCounts();
        assertEquals(0, counts[2].count(), "nothing at or under 100 ms");
        assertEquals(1, counts[3].count(), "120 ms is under 250 ms");
        assertEquals(2, counts[7].count(), "both under 5 s");
    }

    @Test
    void otherTimersAreLeftAlone() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new LatencyBuckets().httpServerBuckets());
        Timer other = Timer.builder("postgresql.queries").register(registry);
        other.record(Duration.ofMillis(120));
        assertEquals(0, bucketsMs(other).length);
    }
}
