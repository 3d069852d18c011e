package org.erp.provisioning.problem.handling;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.erp.provisioning.problem.Causes;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;

/** Callers without a valid ERP token (401) and tokens without the role (403). Token details are never echoed. */
@ApplicationScoped
public class SecurityProblems implements ProblemHandler {

    @Override
    public Optional<ProblemException> classify(Throwable failure) {
        return Causes.of(failure).map(SecurityProblems::of).flatMap(Optional::stream).findFirst();
    }

    private static Optional<ProblemException> of(Throwable t) {
        if (t instanceof AuthenticationFailedException || t instanceof UnauthorizedException
                || t instanceof AuthenticationCompletionException) {
            return Optional.of(unauthenticated());
        }
        return t instanceof ForbiddenException ? Optional.of(forbidden()) : Optional.empty();
    }

    /** 401, however it was raised (Quarkus Security, or a JAX-RS exception carrying the status). */
    public static ProblemException unauthenticated() {
        return new ProblemException(ProblemCode.UNAUTHENTICATED, "A valid bearer token from ERP's identity provider is required");
    }

    /** 403, however it was raised. */
    static ProblemException forbidden() {
        return new ProblemException(ProblemCode.FORBIDDEN, "The token's groups do not allow this operation");
    }
}
