package org.erp.provisioning.security;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.erp.provisioning.pipeline.RequestPipeline;
import org.erp.provisioning.problem.handling.ProblemMapper;
import org.erp.provisioning.problem.handling.SecurityProblems;
import org.erp.provisioning.web.OperationsMethods;

/**
 * With security on, a request must carry a valid ERP token before anything else about it is answered: route,
 * method, media types and body come after the {@code 401 unauthenticated}. Only the operations routes under
 * {@code /q} are open. (Not "only {@code /api/*}": RESTEasy Reactive also routes {@code /api;x=1/v1/accounts}.) The
 * resources' roles still decide what a valid token may do ({@code 403 forbidden}). Runs after Quarkus's CORS filter,
 * which answers preflights, and after it has put the request's lazy identity in place, which the resources then
 * reuse, so a token is verified once.
 */
@ApplicationScoped
public class TokenRequired {

    private final SecuritySettings settings;
    private final OperationsMethods operations;
    private final ProblemMapper problems;

    TokenRequired(SecuritySettings settings, OperationsMethods operations, ProblemMapper problems) {
        this.settings = settings;
        this.operations = operations;
        this.problems = problems;
    }

    void register(@Observes Router router) {
        if (settings.enabled()) {
            router.route().order(RequestPipeline.TOKEN_REQUIRED).handler(this::check);
        }
    }

    private void check(RoutingContext context) {
        if (operations.covers(context)) {
            context.next();
            return;
        }
        QuarkusHttpUser.getSecurityIdentity(context, null).subscribe().with(
                identity -> {
                    if (isAnswered(context)) {
                        return;
                    }
                    if (identity == null || identity.isAnonymous()) {
                        problems.writeTo(context, SecurityProblems.unauthenticated());
                    } else {
                        context.next();
                    }
                },
                failure -> {
                    // Quarkus fails the request itself when a token does not verify; the failure handlers answer it.
                    if (!isAnswered(context)) {
                        problems.writeFailure(context, failure);
                    }
                });
    }

    private static boolean isAnswered(RoutingContext context) {
        return context.failed() || context.response().headWritten();
    }
}
