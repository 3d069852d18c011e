package org.erp.provisioning.problem;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Callers without a valid ERP token (401) and tokens without the role (403). Token details are never echoed. */
@ApplicationScoped
public class SecurityProblems implements ProblemHandler {

    @Override
    public Optional<ProblemException> classify(Throwable failure) {
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                || failure instanceof AuthenticationCompletionException) {
            return Optional.of(new ProblemException(ProblemCode.UNAUTHENTICATED,
                    "A valid bearer token from ERP's identity provider is required"));
        }
        if (failure instanceof ForbiddenException) {
            return Optional.of(new ProblemException(ProblemCode.FORBIDDEN,
                    "The token's groups do not allow this operation"));
        }
        return Optional.empty();
    }
}
