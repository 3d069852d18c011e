package org.erp.provisioning.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The caller's mistakes: problems the service raised itself, and bodies that are not JSON. Jackson's own
 * messages name Java classes, so they never reach the client.
 */
@ApplicationScoped
public class RequestProblems implements ProblemHandler {

    @Override
    public Optional<ProblemException> classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProblemException problem) {
                return Optional.of(problem);
            }
            if (t instanceof JsonProcessingException json) {
                String where = json.getLocation() == null ? ""
                        : " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
                return Optional.of(new ProblemException(ProblemCode.MALFORMED_REQUEST,
                        "The request body is not valid JSON or not of the expected shape" + where));
            }
        }
        return Optional.empty();
    }
}
