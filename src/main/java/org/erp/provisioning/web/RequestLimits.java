package org.erp.provisioning.web;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.erp.provisioning.config.ErpSettings;
import org.erp.provisioning.pipeline.RequestPipeline;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.problem.handling.ProblemMapper;

/**
 * Refuses a request line or headers over the service's limits ({@code erp.http.*}) with a problem,
 * {@code 414 uri-too-long} or {@code 431 headers-too-large}, carrying the request id like every other answer. Vert.x's
 * HTTP decoder refuses a head over its own limits ({@code quarkus.http.limits.max-initial-line-length},
 * {@code max-header-size}) before any handler runs, with an empty body, and Quarkus offers no hook there; so the
 * decoder's limits are set well above these, as the outer bound against a head that would only cost memory.
 */
@ApplicationScoped
public class RequestLimits {

    private final int maxRequestLine;
    private final long maxHeaderSize;
    private final ProblemMapper problems;

    RequestLimits(ErpSettings settings, ProblemMapper problems) {
        this.maxRequestLine = settings.http().maxRequestLine();
        this.maxHeaderSize = settings.http().maxHeaderSize().asLongValue();
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(RequestPipeline.REQUEST_LIMITS).handler(this::check);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        // As the decoder counts them: "METHOD target HTTP/1.1", and each header line without its line end.
        int requestLine = request.method().name().length() + 1 + request.uri().length() + 1 + "HTTP/1.1".length();
        if (requestLine > maxRequestLine) {
            refuse(context, new ProblemException(ProblemCode.URI_TOO_LONG, "The request line is " + requestLine
                    + " bytes, over the limit of " + maxRequestLine + "; send long filters in fewer or shorter values"));
            return;
        }
        long headers = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headers += header.getKey().length() + 2 + header.getValue().length();
        }
        if (headers > maxHeaderSize) {
            refuse(context, new ProblemException(ProblemCode.HEADERS_TOO_LARGE, "The request headers hold " + headers
                    + " bytes, over the limit of " + maxHeaderSize));
            return;
        }
        context.next();
    }

    private void refuse(RoutingContext context, ProblemException problem) {
        context.response().putHeader("Connection", "close");
        problems.writeTo(context, problem);
    }
}
