package org.erp.provisioning.problem.handling;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.erp.provisioning.problem.Causes;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;

/**
 * The caller's mistakes: problems the service raised itself, and bodies that are not JSON. Jackson's own
 * messages name Java classes, so they never reach the client.
 */
@ApplicationScoped
public class RequestProblems implements ProblemHandler {

    @Override
    public Optional<ProblemException> classify(Throwable failure) {
        return Causes.of(failure)
                .filter(t -> t instanceof ProblemException || t instanceof JsonProcessingException)
                .findFirst()
                .map(t -> t instanceof ProblemException problem ? problem : malformed((JsonProcessingException) t));
    }

    private static ProblemException malformed(JsonProcessingException json) {
        String where = json.getLocation() == null ? ""
                : " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
        return new ProblemException(ProblemCode.MALFORMED_REQUEST,
                "The request body is not valid JSON or not of the expected shape" + where);
    }
}
