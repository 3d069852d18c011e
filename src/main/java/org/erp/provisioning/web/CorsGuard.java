package org.erp.provisioning.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.erp.provisioning.pipeline.RequestPipeline;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.problem.handling.ProblemMapper;

/**
 * Refuses cross-origin requests (preflights included) from origins not listed in {@code quarkus.http.cors.origins}
 * with a {@code forbidden} problem and no {@code Access-Control-Allow-Origin}. Quarkus's CORS filter, which
 * runs after this one, refuses them too but with an empty body; for listed origins it adds the CORS headers.
 * Origins are matched exactly.
 */
@ApplicationScoped
public class CorsGuard {

    private final List<String> allowed;
    private final ProblemMapper problems;

    CorsGuard(@ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> allowed, ProblemMapper problems) {
        this.allowed = allowed.orElse(List.of());
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(RequestPipeline.CORS_GUARD).handler(this::check);
    }

    private void check(RoutingContext context) {
        String origin = context.request().getHeader(HttpHeaders.ORIGIN);
        if (origin == null || allowed.contains(origin) || isSameOrigin(origin, context)) {
            context.next();
            return;
        }
        problems.writeTo(context, new ProblemException(ProblemCode.FORBIDDEN,
                "Cross-origin requests from " + origin + " are not allowed"));
    }

    private static boolean isSameOrigin(String origin, RoutingContext context) {
        try {
            URI request = URI.create(context.request().absoluteURI());
            URI from = URI.create(origin);
            return request.getScheme().equals(from.getScheme()) && request.getHost().equals(from.getHost())
                    && request.getPort() == from.getPort();
        } catch (IllegalArgumentException | NullPointerException notAUri) {
            return false;
        }
    }
}
