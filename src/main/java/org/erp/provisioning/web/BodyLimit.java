package org.erp.provisioning.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.problem.ProblemMapper;

/**
 * Refuses a body declared larger than {@code quarkus.http.limits.max-body-size} with a
 * {@code payload-too-large} problem. Quarkus enforces the same limit further down the router, but answers
 * with an empty 413; this handler runs first so clients get the problem body.
 */
@ApplicationScoped
public class BodyLimit {

    private final long limit;
    private final ProblemMapper problems;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit, ProblemMapper problems) {
        this.limit = limit.asLongValue();
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null || !isOver(declared)) {
            context.next();
            return;
        }
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        problems.writeTo(context, new ProblemException(ProblemCode.PAYLOAD_TOO_LARGE,
                "The request body is over the limit of " + limit + " bytes"));
    }

    private boolean isOver(String declared) {
        try {
            return Long.parseLong(declared.strip()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
