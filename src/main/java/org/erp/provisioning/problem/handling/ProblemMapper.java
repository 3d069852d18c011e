package org.erp.provisioning.problem.handling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.erp.provisioning.persistence.DatabaseFailure;
import org.erp.provisioning.problem.Problem;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.telemetry.AccessLog;
import org.erp.provisioning.telemetry.RequestIds;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place every failure on every route becomes an RFC 9457 problem: from the resources (the JAX-RS exception
 * mapper) and from the router's own handlers. Each failure is classified ({@link ProblemClassifier}), counted, logged
 * when it is the service's own, and written ({@link ProblemWriter}). No SQL, stack trace or class name reaches the
 * client.
 */
@ApplicationScoped
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private final ProblemClassifier classifier;
    private final ProblemWriter writer;
    private final MeterRegistry metrics;

    ProblemMapper(ProblemClassifier classifier, ProblemWriter writer, MeterRegistry metrics) {
        this.classifier = classifier;
        this.writer = writer;
        this.metrics = metrics;
    }

    // Listed beside Throwable: the built-in mappers of these types would otherwise win over this one.
    @ServerExceptionMapper({Throwable.class, WebApplicationException.class, JsonProcessingException.class,
            MismatchedInputException.class, AuthenticationFailedException.class, UnauthorizedException.class,
            ForbiddenException.class, AuthenticationCompletionException.class})
    public Response map(Throwable failure, RoutingContext context) {
        ProblemException problem = classify(failure, context);
        AccessLog.problem(context, problem.code().code());
        return writer.render(problem, context.request().path(), RequestIds.of(context));
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
        writer.writeTo(context, classify(failure, context));
    }

    /**
     * The problem of one line of a streamed request (a bulk import): classified, counted and logged as a request's
     * failure is, and rendered as its body, to be sent inside the stream's answer. {@code where} names the line in
     * the log.
     */
    public Problem lineProblem(Throwable failure, RoutingContext context, String where) {
        ProblemException problem = classify(failure, context, where);
        return ProblemWriter.body(problem, context.request().path(), RequestIds.of(context));
    }

    /**
     * A failure of a streamed answer after its head was sent, which can no longer be answered as a problem (the
     * connection is cut instead): classified, counted and logged as a request's failure is, and its code put on the
     * access line.
     */
    public void streamProblem(Throwable failure, RoutingContext context) {
        String where = context.request().path() + " (its answer cut off after the head)";
        ProblemException problem = classify(failure, context, where);
        AccessLog.problem(context, problem.code().code());
    }

    /** Answers a refusal a router handler decided itself (a body over the limit, an origin not allowed, ...). */
    public void writeTo(RoutingContext context, ProblemException problem) {
        writer.writeTo(context, problem);
    }

    /**
     * The problem {@code failure} is, counted and logged once. A refusal by the database is counted by SQLSTATE
     * ({@code erp_database_errors_total}), whichever layer classified it (the refusal is the problem's cause then); a
     * database that cannot be reached is counted as the 503 it is, not there.
     */
    private ProblemException classify(Throwable failure, RoutingContext context) {
        return classify(failure, context, context.request().path());
    }

    /** As above; {@code where} names the request (or the part of it) in the log. */
    private ProblemException classify(Throwable failure, RoutingContext context, String where) {
        ProblemException problem = classifier.classify(failure);
        count(problem, failure);
        log(problem, failure, context, where);
        return problem;
    }

    private void count(ProblemException problem, Throwable failure) {
        if (problem.code() != ProblemCode.DATABASE_UNAVAILABLE) {
            DatabaseFailure.of(failure).ifPresent(db ->
                    metrics.counter("erp.database.errors", "sqlstate", db.sqlState()).increment());
        }
    }

    /** Failures of the service (5xx) are logged with their cause and request id; refusals of requests are not. */
    private void log(ProblemException problem, Throwable failure, RoutingContext context, String where) {
        int status = problem.code().status();
        Throwable cause = problem.getCause() != null ? problem.getCause() : failure;
        if (status == 503) {
            // Expected while the database is away: one line each, no stack trace to flood the log with.
            LOG.warnf("%s on %s %s [requestId=%s]: %s", problem.code().code(), context.request().method(),
                    where, RequestIds.of(context), cause);
        } else if (status >= 500) {
            LOG.errorf(cause, "%s on %s %s [requestId=%s]", problem.code().code(), context.request().method(),
                    where, RequestIds.of(context));
        }
    }
}
