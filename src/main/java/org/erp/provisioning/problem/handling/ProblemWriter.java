package org.erp.provisioning.problem.handling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.EnumMap;
import java.util.Map;
import org.erp.provisioning.config.ErpSettings;
import org.erp.provisioning.problem.Problem;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.telemetry.AccessLog;
import org.erp.provisioning.telemetry.RequestIds;

/**
 * Writes a problem as {@code application/problem+json} with the headers its status carries, the same body whether a
 * resource answers it (a JAX-RS response) or a router handler does (written to Vert.x directly), and counts it by
 * code ({@code erp_problems_total}).
 */
@ApplicationScoped
public class ProblemWriter {

    private final String retryAfterSeconds;
    private final Map<ProblemCode, Counter> counters = new EnumMap<>(ProblemCode.class);
    private final ObjectMapper json;

    ProblemWriter(ErpSettings settings, MeterRegistry metrics, ObjectMapper json) {
        this.retryAfterSeconds = String.valueOf(settings.problem().retryAfter());
        for (ProblemCode code : ProblemCode.values()) {
            counters.put(code, metrics.counter("erp.problems", "code", code.code(), "status", String.valueOf(code.status())));
        }
        this.json = json;
    }

    /** The problem as a JAX-RS response, for the exception mapper. */
    public Response render(ProblemException problem, String path, String requestId) {
        ProblemCode code = count(problem);
        Response.ResponseBuilder response = Response.status(code.status()).type(Problem.MEDIA_TYPE)
                .entity(body(problem, path, requestId));
        headers(problem).forEach(response::header);
        return response.build();
    }

    /** Answers {@code problem} from a router handler, before any resource is reached. */
    public void writeTo(RoutingContext context, ProblemException problem) {
        ProblemCode code = count(problem);
        AccessLog.problem(context, code.code());
        HttpServerResponse response = context.response().setStatusCode(code.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        headers(problem).forEach(response::putHeader);
        try {
            response.end(json.writeValueAsString(body(problem, context.request().path(), RequestIds.of(context))));
        } catch (JsonProcessingException e) {
            context.fail(code.status(), e);
        }
    }

    /** The headers a problem carries, whichever way it is written. */
    private Map<String, String> headers(ProblemException problem) {
        if (problem.etag() != null) {
            return Map.of(HttpHeaders.ETAG.toString(), problem.etag());
        }
        return switch (problem.code().status()) {
            case 401 -> Map.of("WWW-Authenticate", "Bearer");
            case 503 -> Map.of("Retry-After", retryAfterSeconds);
            default -> Map.of();
        };
    }

    private ProblemCode count(ProblemException problem) {
        counters.get(problem.code()).increment();
        return problem.code();
    }

    /** The body of {@code problem}, uncounted: for a problem that is part of an answer (a line of a bulk import). */
    public static Problem body(ProblemException problem, String path, String requestId) {
        ProblemCode code = problem.code();
        return new Problem(code.type(), code.title(), code.status(), problem.detail(), path, code.code(), requestId,
                problem.errors(), problem.existing());
    }
}
