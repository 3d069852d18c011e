package org.erp.provisioning.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.erp.provisioning.pipeline.RequestPipeline;
import org.erp.provisioning.problem.handling.ProblemMapper;

/**
 * Failures of the router itself are problems too: Vert.x refuses an HTTP/1.1 request without a Host header before
 * any resource runs, and Quarkus's own failure page would answer it (and any failure of a route handler) with its
 * JSON error details instead of an {@code application/problem+json}.
 */
@ApplicationScoped
public class RouterFailures {

    private final ProblemMapper problems;

    RouterFailures(ProblemMapper problems) {
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(RequestPipeline.ROUTER_FAILURES).failureHandler(this::answer);
    }

    private void answer(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next(); // too late for a problem: Quarkus's handler ends or closes the response
        } else {
            problems.writeRouterFailure(context);
        }
    }
}
