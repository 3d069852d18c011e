package org.erp.provisioning.telemetry;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.erp.provisioning.pipeline.RequestPipeline;
import org.jboss.logging.MDC;

/**
 * Gives every request an id, the caller's {@code X-Request-Id} when it is a sane token or a new UUID, sends it
 * back on every response (probes and router-level errors included) and puts it in the log context.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final String CONTEXT_KEY = "erp.request-id";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    void register(@Observes Router router) {
        router.route().order(RequestPipeline.REQUEST_ID).handler(context -> {
            of(context);
            context.next();
        });
    }

    /**
     * The id of the request {@code context} serves. A request the router refused before any route ran (an HTTP/1.1
     * request without a Host header) gets its id here, when its problem is written.
     */
    public static String of(RoutingContext context) {
        if (context == null) {
            return newId();
        }
        String id = context.get(CONTEXT_KEY);
        if (id == null) {
            String given = context.request().getHeader(HEADER);
            id = given != null && ACCEPTED.matcher(given).matches() ? given : newId();
            context.put(CONTEXT_KEY, id);
            MDC.put(MDC_KEY, id);
            context.response().putHeader(HEADER, id);
        }
        return id;
    }

    /** A random (version 4) UUID from the thread's generator: ids must be unique, not secret. */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
