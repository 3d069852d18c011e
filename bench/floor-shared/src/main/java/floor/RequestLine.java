package floor;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * What every request of the floors (bench/floor-vertx, bench/floor-quarkus) gets, as the service's requests do: an
 * X-Request-Id (the caller's when well formed, else a new random UUID) on the answer, and one JSON access log line to
 * stdout when its response ends, with the fields of the service's access log (method, route, path, status, duration,
 * request id, problem code) in the shape of Quarkus's JSON console log, written as that log writes it (synchronously,
 * on the event loop, flushed). One source, built into both floors (their pom.xml adds bench/floor-shared), so the
 * two floors differ in their stack only.
 */
public final class RequestLine {

    public static final String REQUEST_ID = "X-Request-Id";
    /** Routing-context key: the problem code of a failed request, for its line. */
    public static final String PROBLEM_CODE = "problemCode";
    /** Routing-context key: the route template, for an app whose router does not know it (Quarkus REST's routes). */
    public static final String ROUTE = "floor.route";

    private static final Pattern ACCEPTED_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
    private static final JsonFactory JSON = new JsonFactory();
    private static final PrintStream OUT = System.out;
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String HOST = host();
    private static final long PID = ProcessHandle.current().pid();
    private static final String PROCESS = ManagementFactory.getRuntimeMXBean().getName();

    private RequestLine() {
    }

    /** A router handler, first on every route: the request id, the line at the end, then the next handler. */
    public static void handle(RoutingContext context) {
        String given = context.request().getHeader(REQUEST_ID);
        String id = given != null && ACCEPTED_ID.matcher(given).matches() ? given : newId();
        context.put(REQUEST_ID, id);
        context.response().putHeader(REQUEST_ID, id);
        long started = System.nanoTime();
        context.addEndHandler(ended -> line(context, id, started, ended.succeeded()));
        context.next();
    }

    private static void line(RoutingContext context, String requestId, long started, boolean answered) {
        String method = context.request().method().name();
        String path = context.request().path();
        String status = answered ? String.valueOf(context.response().getStatusCode()) : "-";
        String duration = String.valueOf((System.nanoTime() - started) / 1_000_000);
        Thread thread = Thread.currentThread();
        ByteArrayBuilder bytes = new ByteArrayBuilder(512);
        try (JsonGenerator line = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            line.writeStartObject();
            line.writeStringField("timestamp", OffsetDateTime.now().toString());
            line.writeNumberField("sequence", SEQUENCE.incrementAndGet());
            line.writeStringField("loggerClassName", "org.jboss.logging.Logger");
            line.writeStringField("loggerName", "erp.access");
            line.writeStringField("level", "INFO");
            line.writeStringField("message", method + " " + path + " -> "
                    + (answered ? status : "no answer (the connection closed first)") + " in " + duration + " ms");
            line.writeStringField("threadName", thread.getName());
            line.writeNumberField("threadId", thread.getId());
            line.writeObjectFieldStart("mdc");
            line.writeStringField("method", method);
            String route = context.get(ROUTE);
            if (route == null && context.currentRoute() != null) {
                route = context.currentRoute().getPath();
            }
            if (route != null) {
                line.writeStringField("route", route);
            }
            line.writeStringField("path", path);
            line.writeStringField("status", status);
            line.writeStringField("durationMs", duration);
            line.writeStringField("requestId", requestId);
            String problem = context.get(PROBLEM_CODE);
            if (problem != null) {
                line.writeStringField("problemCode", problem);
            }
            line.writeEndObject();
            line.writeStringField("ndc", "");
            line.writeStringField("hostName", HOST);
            line.writeStringField("processName", PROCESS);
            line.writeNumberField("processId", PID);
            line.writeEndObject();
        } catch (IOException e) {
            return;
        }
        bytes.append('\n');
        byte[] out = bytes.toByteArray();
        OUT.write(out, 0, out.length); // System.out flushes each write, as the console handler flushes each line
    }

    /** A random (version 4) UUID from the thread's generator, as the service's request ids. */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException unknown) {
            return "localhost";
        }
    }
}
