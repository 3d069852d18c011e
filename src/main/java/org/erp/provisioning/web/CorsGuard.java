package org.erp.provisioning.web;

import io.quarkus.vertx.http.runtime.cors.CORSFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.erp.provisioning.pipeline.RequestPipeline;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.problem.handling.ProblemMapper;

/**
 * Refuses cross-origin requests (preflights included) from origins Quarkus's CORS filter refuses, with a
 * {@code forbidden} problem and no {@code Access-Control-Allow-Origin}. Quarkus's filter runs after this one: it
 * would refuse them too, but with an empty body; for allowed origins it adds the CORS headers. So the two must
 * agree, and the rules are Quarkus's ({@code CORSFilter}, whose own helpers read the list): an origin listed in
 * {@code quarkus.http.cors.origins}, or matched by a listed {@code /regex/}; any origin when the list is just
 * {@code *} or {@code /.*}{@code /}; and the service's own origin, where a default port counts as written
 * ({@code http://host} is {@code http://host:80}).
 */
@ApplicationScoped
public class CorsGuard {

    private final List<String> listed;
    private final List<Pattern> patterns;
    private final boolean anyOrigin;
    private final ProblemMapper problems;

    CorsGuard(@ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> origins, ProblemMapper problems) {
        this.listed = origins.orElse(List.of());
        this.patterns = CORSFilter.parseAllowedOriginsRegex(origins);
        this.anyOrigin = listed.size() == 1 && ("*".equals(listed.get(0)) || "/.*/".equals(listed.get(0)));
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(RequestPipeline.CORS_GUARD).handler(this::check);
    }

    private void check(RoutingContext context) {
        String origin = context.request().getHeader(HttpHeaders.ORIGIN);
        if (origin == null || allows(origin, context.request().absoluteURI())) {
            context.next();
            return;
        }
        problems.writeTo(context, new ProblemException(ProblemCode.FORBIDDEN,
                "Cross-origin requests from " + origin + " are not allowed"));
    }

    /** Whether a request to {@code requestUri} from {@code origin} is allowed, as Quarkus's CORS filter decides. */
    boolean allows(String origin, String requestUri) {
        return anyOrigin || listed.contains(origin) || CORSFilter.isOriginAllowedByRegex(patterns, origin)
                || isSameOrigin(origin, requestUri);
    }

    private static boolean isSameOrigin(String origin, String requestUri) {
        try {
            URI request = URI.create(requestUri);
            URI from = URI.create(origin);
            return from.getRawPath() != null && from.getRawPath().isEmpty() && request.getScheme().equals(from.getScheme())
                    && request.getHost() != null && request.getHost().equals(from.getHost()) && port(request) == port(from);
        } catch (IllegalArgumentException | NullPointerException notAUri) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return switch (uri.getScheme()) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }
}
