package org.erp.provisioning.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.erp.provisioning.pipeline.RequestPipeline;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.problem.handling.ProblemMapper;

/**
 * The operations routes under {@code /q} (probes, metrics, the OpenAPI document, Swagger UI) are read-only: any
 * method but GET and HEAD is {@code 405 method-not-allowed}, as on the API's routes. Quarkus would serve them to
 * every method. Runs after Quarkus's CORS filter, which answers preflights and gives a frontend's requests their
 * CORS headers, so the frontend can read the refusal.
 */
@ApplicationScoped
public class OperationsMethods {

    private static final String ALLOWED = "GET, HEAD";

    private final String prefix;
    private final ProblemMapper problems;

    OperationsMethods(@ConfigProperty(name = "quarkus.http.non-application-root-path") String nonApplicationRoot,
                      ProblemMapper problems) {
        this.prefix = "/" + nonApplicationRoot.replaceAll("^/+|/+$", "") + "/";
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route(prefix + "*").order(RequestPipeline.OPERATIONS_METHODS).handler(this::check);
    }

    /** Whether the request is for an operations route, which needs no token. */
    public boolean covers(RoutingContext context) {
        return context.normalizedPath().startsWith(prefix);
    }

    private void check(RoutingContext context) {
        HttpMethod method = context.request().method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            context.next();
            return;
        }
        context.response().putHeader(HttpHeaders.ALLOW, ALLOWED);
        problems.writeTo(context, new ProblemException(ProblemCode.METHOD_NOT_ALLOWED,
                "This path answers " + ALLOWED + " only"));
    }
}
