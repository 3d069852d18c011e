package org.erp.provisioning.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Failures that reach nobody: the work of a request that was already answered (its deadline passed, or its client went
 * away) failing afterwards, which Mutiny can only drop. They come in a handful when connections are lost under work
 * still running: Hibernate Reactive closing a connection whose transaction could not be rolled back (HR000090), the
 * rest of a session's work finding its session gone. The client had its answer (a 503 saying whether the write may
 * have been committed), so each is one WARN line with its cause, not an ERROR with a stack trace (Quarkus's default),
 * and counted in {@code erp_late_failures_total{type}}, for SRE to see their rate beside the faults that cause them.
 */
@ApplicationScoped
public class LateFailures {

    private static final Logger LOG = Logger.getLogger(LateFailures.class);

    private final MeterRegistry metrics;

    LateFailures(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** Replaces the handler Quarkus installs, once the application has started. */
    void install(@Observes StartupEvent start) {
        Infrastructure.setDroppedExceptionHandler(this::dropped);
    }

    void dropped(Throwable failure) {
        String type = failure.getClass().getSimpleName();
        metrics.counter("erp.late.failures", "type", type).increment();
        LOG.warnf("Work of a request already answered failed afterwards, and nobody waits for it: %s: %s%s", type,
                firstLine(failure.getMessage()), failure.getCause() == null ? "" : " (caused by " + failure.getCause() + ")");
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
