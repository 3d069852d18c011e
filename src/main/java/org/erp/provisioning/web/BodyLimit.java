package org.erp.provisioning.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import org.erp.provisioning.config.ErpSettings;
import org.erp.provisioning.pipeline.RequestPipeline;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.problem.handling.ProblemMapper;

/**
 * Refuses a body larger than {@code erp.http.max-body-size} with a {@code payload-too-large} problem; a body of
 * newline-delimited JSON is a stream and has no size limit as a whole (its route limits each line). Quarkus's own
 * limit ({@code quarkus.http.limits.max-body-size}) cannot be that: it holds for every route, the stream's too, and
 * refuses a declared length over it with an empty 413 before any handler runs, so it is set out of the way and this
 * handler takes its place. A declared length over the limit is refused at once; a body sent without a length
 * (chunked) is read here, up to the limit, by Vert.x's body handler, whose own 413 becomes the same problem;
 * RESTEasy Reactive then takes the body from the routing context.
 */
@ApplicationScoped
public class BodyLimit {

    private static final String NDJSON = "application/x-ndjson";

    private final long limit;
    private final ProblemMapper problems;
    private final BodyHandler unknownLengthBodies;

    BodyLimit(ErpSettings settings, ProblemMapper problems) {
        this.limit = settings.http().maxBodySize().asLongValue();
        this.problems = problems;
        this.unknownLengthBodies = BodyHandler.create(false).setBodyLimit(this.limit);
    }

    void register(@Observes Router router) {
        router.route().order(RequestPipeline.BODY_LIMIT)
                .handler(this::check).handler(BodyLimit::emptyBodyRead).failureHandler(this::overLimit);
    }

    private void check(RoutingContext context) {
        if (isStream(context)) {
            context.next(); // read line by line by its route, each line within its own limit (erp.bulk.max-line-size)
        } else if (hasBodyOfUnknownLength(context)) {
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

    /** A body of newline-delimited JSON: a stream with no size as a whole. */
    private static boolean isStream(RoutingContext context) {
        String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(NDJSON);
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
