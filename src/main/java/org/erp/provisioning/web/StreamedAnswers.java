package org.erp.provisioning.web;

import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.erp.provisioning.problem.Causes;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.problem.handling.ProblemClassifier;
import org.erp.provisioning.telemetry.AccessLog;
import org.jboss.logging.Logger;

/**
 * How an answer streamed from a Multi (the bulk import's outcomes, the export's lines) is told to end early. Once its
 * head is sent, a failure can no longer be a problem answer: Quarkus REST cuts the connection, and the client, which
 * gets no final chunk, knows the answer is incomplete. Quarkus REST also takes the response's close handler for itself
 * while it streams, so the routing context's end handlers, which write the access line, are never called when the
 * client goes away or the stream fails. Each streamed answer goes through {@link #watched}, which writes that line:
 * status "-" and, for a failure, its problem code, with one ERROR naming the cause. Quarkus REST's own ERROR for the same
 * event ("Exception in SSE server handling", with a stack trace, also for a client that merely went away) is turned off
 * in application.properties: this is where a streamed answer's end is said.
 */
@ApplicationScoped
public class StreamedAnswers {

    private static final Logger LOG = Logger.getLogger(StreamedAnswers.class);

    private final ProblemClassifier problems;

    StreamedAnswers(ProblemClassifier problems) {
        this.problems = problems;
    }

    /** The answer, its early end said in the access line (and a failure after its head in the log). */
    public <T> Multi<T> watched(Multi<T> answer, RoutingContext routing) {
        return answer
                .onCancellation().invoke(() -> AccessLog.cutOff(routing)) // the client went away
                .onFailure().invoke(failure -> {
                    // Before the head is sent, the failure is answered as a problem and logged as any other request.
                    if (routing.response().headWritten()) {
                        ProblemException problem = problems.classify(failure);
                        AccessLog.problem(routing, problem.code().code());
                        Throwable root = Causes.of(failure).reduce((outer, inner) -> inner).orElse(failure);
                        String message = "A streamed answer failed after its head was sent, and its connection is cut: "
                                + problem.code().code() + " (" + root.getClass().getName() + ": "
                                + String.valueOf(root.getMessage()).lines().findFirst().orElse("") + ")";
                        // A stack trace only where the cause is not known already.
                        LOG.error(message, problem.code() == ProblemCode.INTERNAL_ERROR ? failure : null);
                        AccessLog.cutOff(routing);
                    }
                });
    }
}
