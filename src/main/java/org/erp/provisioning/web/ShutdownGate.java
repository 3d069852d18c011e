package org.erp.provisioning.web;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.erp.provisioning.pipeline.RequestPipeline;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.problem.handling.ProblemMapper;

/**
 * Once this replica is shutting down (SIGTERM, after the pod's preStop wait has taken it out of the Service), a request
 * that still arrives, on a connection a client kept alive, is answered at once with {@code 503 shutting-down} and
 * {@code Connection: close}: the client's retry reaches another replica, and the requests already taken finish within
 * {@code quarkus.shutdown.timeout}. Served instead, requests arriving without pause would keep the replica from ever
 * draining, until the timeout cut the connections of requests it had taken and the clients lost their answers.
 * Nothing of a refused request has been read or written. The probes and metrics under {@code /q} are still served.
 */
@ApplicationScoped
public class ShutdownGate {

    private final ProblemMapper problems;
    private volatile boolean shuttingDown;

    ShutdownGate(ProblemMapper problems) {
        this.problems = problems;
    }

    /** Fired when shutdown begins ({@code quarkus.shutdown.delay-enabled=true}), before in-flight requests are awaited. */
    void shutdownBegins(@Observes ShutdownDelayInitiatedEvent shutdown) {
        shuttingDown = true;
    }

    void register(@Observes Router router) {
        router.route("/api/*").order(RequestPipeline.SHUTDOWN_GATE).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (!shuttingDown) {
            context.next();
            return;
        }
        context.response().putHeader("Connection", "close");
        problems.writeTo(context, new ProblemException(ProblemCode.SHUTTING_DOWN,
                "This replica is shutting down; nothing was read or written. Retry: another replica answers"));
    }
}
