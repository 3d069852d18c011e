package org.erp.provisioning.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.erp.provisioning.web.AccessLog;
import org.erp.provisioning.web.RequestIds;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place every failure on every route becomes an RFC 9457 problem: the handler families are asked in
 * order, and what none of them claims is an {@code internal-error}, logged with its cause and request id. No
 * SQL, stack trace or class name ever reaches the client.
 */
@ApplicationScoped
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private final List<ProblemHandler> handlers;
    private final String retryAfterSeconds;
    private final Map<ProblemCode, Counter> counters = new EnumMap<>(ProblemCode.class);
    private final ObjectMapper json;

    ProblemMapper(RequestProblems request, SecurityProblems security, DatabaseProblems database, HttpProblems http,
                  @ConfigProperty(name = "erp.problem.retry-after") int retryAfterSeconds, MeterRegistry metrics,
                  ObjectMapper json) {
        this.handlers = List.of(request, security, database, http);
        this.retryAfterSeconds = String.valueOf(retryAfterSeconds);
        for (ProblemCode code : ProblemCode.values()) {
            counters.put(code, metrics.counter("erp.problems", "code", code.code(), "status", String.valueOf(code.status())));
        }
        this.json = json;
    }

    // Listed beside Throwable: the built-in mappers of these types would otherwise win over this one.
    @ServerExceptionMapper({Throwable.class, WebApplicationException.class, JsonProcessingException.class,
            MismatchedInputException.class, AuthenticationFailedException.class, UnauthorizedException.class,
            ForbiddenException.class, AuthenticationCompletionException.class})
    public Response map(Throwable failure, RoutingContext context) {
        ProblemException problem = classify(failure);
        log(problem, failure, context);
        AccessLog.problem(context, problem.code().code());
        return render(problem, context.request().path(), RequestIds.of(context));
    }

    /**
     * Answers a failure of the router itself, met before any resource ran: a refusal that carries only its status
     * (an HTTP/1.1 request without a Host header is 400), or a failure in a route handler.
     */
    public void writeRouterFailure(RoutingContext context) {
        int status = context.statusCode();
        writeFailure(context, context.failure() == null || (status >= 400 && status < 500)
                ? new WebApplicationException(status > 0 ? status : 500) : context.failure());
    }

    /** Answers {@code failure} from a router handler: classified, logged when it is the service's own, written. */
    public void writeFailure(RoutingContext context, Throwable failure) {
        ProblemException problem = classify(failure);
        log(problem, failure, context);
        writeTo(context, problem);
    }

    /** Failures of the service (5xx) are logged with their cause and request id; refusals of requests are not. */
    private void log(ProblemException problem, Throwable failure, RoutingContext context) {
        int status = problem.code().status();
        Throwable cause = problem.getCause() != null ? problem.getCause() : failure;
        if (status == 503) {
            // Expected while the database is away: one line each, no stack trace to flood the log with.
            LOG.warnf("%s on %s %s [requestId=%s]: %s", problem.code().code(), context.request().method(),
                    context.request().path(), RequestIds.of(context), cause);
        } else if (status >= 500) {
            LOG.errorf(cause, "%s on %s %s [requestId=%s]", problem.code().code(), context.request().method(),
                    context.request().path(), RequestIds.of(context));
        }
    }

    public ProblemException classify(Throwable failure) {
        for (ProblemHandler handler : handlers) {
            Optional<ProblemException> problem = handler.classify(failure);
            if (problem.isPresent()) {
                return problem.get();
            }
        }
        return new ProblemException(ProblemCode.INTERNAL_ERROR,
                "The service failed to answer; quote the request id when reporting it", List.of(), failure);
    }

    public Response render(ProblemException problem, String path, String requestId) {
        ProblemCode code = count(problem);
        Response.ResponseBuilder response = Response.status(code.status()).type(Problem.MEDIA_TYPE)
                .entity(body(problem, path, requestId));
        headers(code).forEach(response::header);
        return response.build();
    }

    /** Answers {@code problem} from a router handler, before any resource is reached. */
    public void writeTo(RoutingContext context, ProblemException problem) {
        ProblemCode code = count(problem);
        AccessLog.problem(context, code.code());
        HttpServerResponse response = context.response().setStatusCode(code.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        headers(code).forEach(response::putHeader);
        try {
            response.end(json.writeValueAsString(body(problem, context.request().path(), RequestIds.of(context))));
        } catch (JsonProcessingException e) {
            context.fail(code.status(), e);
        }
    }

    /** The headers a problem of this status carries, whichever way it is written. */
    private Map<String, String> headers(ProblemCode code) {
        return switch (code.status()) {
            case 401 -> Map.of("WWW-Authenticate", "Bearer");
            case 503 -> Map.of("Retry-After", retryAfterSeconds);
            default -> Map.of();
        };
    }

    private ProblemCode count(ProblemException problem) {
        counters.get(problem.code()).increment();
        return problem.code();
    }

    private static Problem body(ProblemException problem, String path, String requestId) {
        ProblemCode code = problem.code();
        return new Problem(code.type(), code.title(), code.status(), problem.detail(), path, code.code(), requestId,
                problem.errors(), problem.existing());
    }
}
