package org.erp.provisioning.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.erp.provisioning.pipeline.RequestPipeline;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.problem.handling.ProblemMapper;

/**
 * Refuses a body larger than {@code quarkus.http.limits.max-body-size} with a {@code payload-too-large} problem.
 * Quarkus enforces the same limit, but answers with an empty 413 (and, for a body sent without a length, only
 * once it has outgrown the input buffer, closing the connection). So this handler runs first: a declared length
 * over the limit is refused at once, and a body sent without a length (chunked) is read here, up to the limit, by
 * Vert.x's body handler; RESTEasy Reactive then takes the body from the routing context.
 */
@ApplicationScoped
public class BodyLimit {

    private final long limit;
    private final ProblemMapper problems;
    private final BodyHandler unknownLengthBodies;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit, ProblemMapper problems) {
        this.limit = limit.asLongValue();
        this.problems = problems;
        this.unknownLengthBodies = BodyHandler.create(false).setBodyLimit(this.limit);
    }

    void register(@Observes Router router) {
        router.route().order(RequestPipeline.BODY_LIMIT)
                .handler(this::check).handler(BodyLimit::emptyBodyRead).failureHandler(this::overLimit);
    }

    private void check(RoutingContext context) {
        if (hasBodyOfUnknownLength(context)) {
            unknownLengthBodies.handle(context); // continues, or fails with 413 (below)
        } else if (isOver(context.request().getHeader(HttpHeaders.CONTENT_LENGTH))) {
            refuse(context);
        } else {
            context.next();
        }
    }

    /**
     * The body handler leaves no body at all when none arrived; RESTEasy Reactive would then wait for one from a
     * request that has ended. An empty body read here is an empty body.
     */
    private static void emptyBodyRead(RoutingContext context) {
        if (hasBodyOfUnknownLength(context) && context.body().buffer() == null) {
            context.setBody(Buffer.buffer());
        }
        context.next();
    }

    /** The body handler fails the request with 413 when a body without a declared length outgrows the limit. */
    private void overLimit(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().ended()) {
            refuse(context);
        } else {
            context.next();
        }
    }

    private void refuse(RoutingContext context) {
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        problems.writeTo(context, new ProblemException(ProblemCode.PAYLOAD_TOO_LARGE,
                "The request body is over the limit of " + limit + " bytes"));
    }

    /** A POST, PUT or PATCH without a Content-Length: its body comes chunked, and only reading it tells its size. */
    private static boolean hasBodyOfUnknownLength(RoutingContext context) {
        HttpMethod method = context.request().method();
        return context.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null
                && (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH);
    }

    private boolean isOver(String declared) {
        if (declared == null) {
            return false;
        }
        try {
            return Long.parseLong(declared.strip()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
