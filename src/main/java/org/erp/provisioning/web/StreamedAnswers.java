package org.erp.provisioning.web;

import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.erp.provisioning.problem.Causes;
import org.erp.provisioning.problem.handling.ProblemMapper;
import org.erp.provisioning.telemetry.AccessLog;

/**
 * How an answer streamed from a Multi (the bulk import's outcomes, the export's lines) is told to end early. Once its
 * head is sent, a failure can no longer be a problem answer: Quarkus REST resets the connection, and the client, which
 * gets no last chunk, knows the answer is incomplete. That reset marks the response closed, after which Vert.x calls
 * none of the handlers the routing context's end handlers hang on (and Quarkus REST has taken the response's close
 * handler for itself while it streams), so the access line would not be written. Each streamed answer goes through
 * {@link #watched}, which writes it: status "-" and, for a failure of the service, its problem code, the failure
 * counted and logged as any request's is. Quarkus REST's own ERROR for the same event ("Exception in SSE server
 * handling", with a stack trace, also for a client that merely went away) is turned off in application.properties:
 * this is where a streamed answer's end is said. {@code ArchitectureTest} checks every streamed answer comes here.
 */
@ApplicationScoped
public class StreamedAnswers {

    private final ProblemMapper problems;

    StreamedAnswers(ProblemMapper problems) {
        this.problems = problems;
    }

    /** The answer, its early end said in the access line (and a failure of the service after its head in the log). */
    public <T> Multi<T> watched(Multi<T> answer, RoutingContext routing) {
        return answer
                .onCancellation().invoke(() -> AccessLog.cutOff(routing)) // the client went away
                .onFailure().invoke(failure -> {
                    // Before the head is sent, a failure is answered as a problem like any other request's.
                    if (routing.response().headWritten()) {
                        // A bulk import's body that broke off (its client went away) is no failure of the service.
                        if (Causes.find(failure, NdjsonLines.BodyCut.class).isEmpty()) {
                            problems.streamProblem(failure, routing);
                        }
                        AccessLog.cutOff(routing);
                    }
                });
    }
}
