package org.erp.provisioning.problem.handling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.Optional;
import org.erp.provisioning.problem.Causes;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;

/** HTTP-level refusals: no such route, wrong method, media types, oversized bodies. */
@ApplicationScoped
public class HttpProblems implements ProblemHandler {

    @Override
    public Optional<ProblemException> classify(Throwable failure) {
        return Causes.find(failure, WebApplicationException.class).map(HttpProblems::of);
    }

    private static ProblemException of(WebApplicationException web) {
        int status = web.getResponse().getStatus();
        return switch (status) {
            case 400 -> new ProblemException(ProblemCode.MALFORMED_REQUEST, "The request could not be read");
            case 401 -> SecurityProblems.unauthenticated();
            case 403 -> SecurityProblems.forbidden();
            case 404 -> new ProblemException(ProblemCode.NOT_FOUND, "No resource at this path");
            case 405 -> new ProblemException(ProblemCode.METHOD_NOT_ALLOWED, "This method is not allowed on this path");
            case 406 -> new ProblemException(ProblemCode.NOT_ACCEPTABLE,
                    "The service answers application/json and application/problem+json only");
            case 413 -> new ProblemException(ProblemCode.PAYLOAD_TOO_LARGE, "The request body is over the size limit");
            case 415 -> new ProblemException(ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                    "Send the body as application/json (or application/merge-patch+json for PATCH)");
            default -> new ProblemException(ProblemCode.INTERNAL_ERROR, "The request could not be served", List.of(), web);
        };
    }
}
