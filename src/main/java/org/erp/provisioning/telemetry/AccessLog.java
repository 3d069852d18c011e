package org.erp.provisioning.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.erp.provisioning.pipeline.RequestPipeline;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.jboss.logmanager.Logger;

/**
 * One log line per API request when its response ends, reads and refusals included: method, route template,
 * path (never the query, which may hold an e-mail filter), status, duration, request id, the caller's token
 * subject (never the token) and the problem code of a failure. The fields, the request id and the trace and span ids
 * are the MDC of the line's log record, so the JSON log carries them as {@code mdc.*}; they are set on the record
 * itself rather than put in the request's MDC, copied from it and taken out again (a dozen map operations on the
 * Vert.x context and a copy of the map for every line; measured with the retries' cut in
 * bench/results/reads-2026-12-07-retry.md).
 * <p>
 * It is also the write audit: a write is a POST, PATCH or DELETE line with a 2xx status and a subject; a dry run
 * says so with {@code dryRun}, a delete names what it removed with {@code deleted}, a bulk import counts its
 * {@code lines} and those that {@code created} an account. Quarkus's own access log ({@code quarkus.http.access-log})
 * is not used: its pattern can now print routing-context data ({@code %{d,key}}) and MDC values, but only into the
 * text of one message, while the JSON log's readers (the README's queries, SRE's dashboards) select on fields
 * ({@code mdc.status}, {@code mdc.route}, {@code mdc.problemCode}); the route template lives in the Vert.x context,
 * not the routing context's data; and a request whose client went away before the answer must say so. The probes
 * and {@code /q/metrics} are left out: they are polled every few seconds. Setting the level of logger
 * {@value #LOGGER} to WARN turns the access log off.
 */
@ApplicationScoped
public class AccessLog {

    /** Lower case, so that QUARKUS_LOG_CATEGORY__ERP_ACCESS__LEVEL names it (environment keys lose their case). */
    public static final String LOGGER = "erp.access";
    /** JBoss Log Manager's logger rather than jboss-logging's: it takes a record whose MDC is set. */
    private static final Logger LOG = Logger.getLogger(LOGGER);
    private static final String LINE_KEY = "erp.access-line";
    private static final String PROBLEM_KEY = "erp.problem-code";
    private static final String DRY_RUN_KEY = "erp.dry-run";
    private static final String DELETED_KEY = "erp.deleted";
    private static final String LINES_KEY = "erp.lines";
    private static final String CREATED_KEY = "erp.created";
    /** Where Quarkus REST leaves the matched route's template for the metrics (the request's Vert.x context). */
    private static final String ROUTE_TEMPLATE_KEY = "UrlPathTemplate";

    void register(@Observes Router router) {
        // First, with RequestIds (whichever of the two runs first, the id is the same: RequestIds.of keeps it), so
        // requests the body limit or the CORS guard refuse are logged too.
        router.route().order(RequestPipeline.ACCESS_LOG).handler(context -> {
            if (LOG.isLoggable(Level.INFO) && !context.request().path().startsWith("/q/")) {
                Line line = new Line(System.nanoTime(), Span.current().getSpanContext());
                context.put(LINE_KEY, line);
                context.addEndHandler(ended ->
                        line.write(context, ended.succeeded() ? Ending.ANSWERED : unanswered(context)));
            }
            context.next();
        });
    }

    /**
     * Writes the line of a request whose answer, streamed from a Multi, ended early: its client went away, or the
     * stream failed after its head was sent. The end handler above is then often not called (Quarkus REST resets the
     * response, see {@code web/StreamedAnswers}), and sometimes is: the line is written once, by whichever comes first.
     */
    public static void cutOff(RoutingContext context) {
        if (context.get(LINE_KEY) instanceof Line line) {
            line.write(context, unanswered(context));
        }
    }

    private static Ending unanswered(RoutingContext context) {
        return context.response().headWritten() ? Ending.CUT_OFF : Ending.CLOSED;
    }

    /** Records the problem a failed request was answered with. */
    public static void problem(RoutingContext context, String code) {
        context.put(PROBLEM_KEY, code);
    }

    /** Marks the request as a dry run: it was answered as a write would be, and nothing was written. */
    public static void dryRun(RoutingContext context) {
        context.put(DRY_RUN_KEY, Boolean.TRUE);
    }

    /**
     * Records what a delete removed ({@code domain <id> <name>}, {@code deal <id>}), so support can find when and by
     * whom a row went. Ids and a domain name only: no personal data.
     */
    public static void deleted(RoutingContext context, String what) {
        context.put(DELETED_KEY, what);
    }

    /** Records how many lines a bulk import answered, and how many of them created an account (or would have). */
    public static void bulk(RoutingContext context, long lines, long created) {
        context.put(LINES_KEY, lines);
        context.put(CREATED_KEY, created);
    }

    /** How a request ended, as its line says it. */
    private enum Ending {
        ANSWERED(null),
        /** The connection closed before the response ended: the status is "-", not the 200 a response starts with. */
        CLOSED("no answer (the connection closed first)"),
        /** The answer ended before its end, after its head (the client went away, or a stream failed): status "-". */
        CUT_OFF("answer cut off before its end");

        /** What the line's message says in place of the status. */
        final String insteadOfStatus;

        Ending(String insteadOfStatus) {
            this.insteadOfStatus = insteadOfStatus;
        }
    }

    /** The line of one request: when it came in, its span, and whether the line was written. */
    private static final class Line {
        private final long started;
        private final SpanContext span;
        private boolean written; // only touched on the request's event loop

        Line(long started, SpanContext span) {
            this.started = started;
            this.span = span;
        }

        void write(RoutingContext context, Ending ending) {
            if (!written) {
                written = true;
                log(context, started, span, ending);
            }
        }
    }

    private static void log(RoutingContext context, long started, SpanContext span, Ending ending) {
        boolean answered = ending == Ending.ANSWERED;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("method", context.request().method().name());
        put(fields, "route", routeTemplate(context));
        fields.put("path", context.request().path());
        fields.put("status", answered ? String.valueOf(context.response().getStatusCode()) : "-");
        fields.put("durationMs", String.valueOf((System.nanoTime() - started) / 1_000_000));
        fields.put(RequestIds.MDC_KEY, RequestIds.of(context));
        put(fields, "subject", subject(context));
        put(fields, "problemCode", context.get(PROBLEM_KEY));
        put(fields, "dryRun", context.get(DRY_RUN_KEY) == null ? null : "true");
        put(fields, "deleted", context.get(DELETED_KEY));
        put(fields, "lines", context.get(LINES_KEY));
        put(fields, "created", context.get(CREATED_KEY));
        if (span.isValid()) {
            // The end handler may run after the server span closed; the ids seen when the request came in hold.
            fields.put("traceId", span.getTraceId());
            fields.put("spanId", span.getSpanId());
        }
        String message = fields.get("method") + " " + fields.get("path") + " -> "
                + (answered ? fields.get("status") : ending.insteadOfStatus) + " in "
                + fields.get("durationMs") + " ms";
        // Named as jboss-logging's records are (its Logger as the logging class), so the line reads as it always has.
        ExtLogRecord record = new ExtLogRecord(Level.INFO, message, ExtLogRecord.FormatStyle.NO_FORMAT,
                org.jboss.logging.Logger.class.getName());
        // The caller, for a format that prints it, found without a stack walk.
        record.setSourceClassName(AccessLog.class.getName());
        record.setSourceMethodName("log");
        record.setMdc(fields);
        LOG.logRaw(record);
    }

    private static void put(Map<String, String> fields, String key, Object value) {
        if (value != null) {
            fields.put(key, value.toString());
        }
    }

    private static String routeTemplate(RoutingContext context) {
        return context.request() instanceof HttpServerRequestInternal request
                ? (String) request.context().getLocal(ROUTE_TEMPLATE_KEY) : null;
    }

    /** The subject of the token the request was authenticated with; null when it was not (or not yet) checked. */
    private static String subject(RoutingContext context) {
        if (context.user() instanceof QuarkusHttpUser user) {
            SecurityIdentity identity = user.getSecurityIdentity();
            if (identity.isAnonymous()) {
                return null;
            }
            return identity.getPrincipal() instanceof JsonWebToken token ? token.getSubject()
                    : identity.getPrincipal().getName();
        }
        return null;
    }
}
