package org.erp.provisioning.security;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.erp.provisioning.problem.ProblemMapper;
import org.erp.provisioning.problem.SecurityProblems;
import org.erp.provisioning.web.CorsGuard;

/**
 * With security on, every {@code /api} request must carry a valid ERP token before anything else about it is
 * answered: route, method, media types and body come after the {@code 401 unauthenticated}. The resources' roles
 * still decide what a valid token may do ({@code 403 forbidden}). Runs after Quarkus has put the request's (lazy)
 * identity in place, which the resources then reuse, so a token is verified once. CORS preflights, which browsers
 * send without a token, are answered before this by the CORS filter.
 */
@ApplicationScoped
public class TokenRequired {

    private final SecuritySettings settings;
    private final ProblemMapper problems;

    TokenRequired(SecuritySettings settings, ProblemMapper problems) {
        this.settings = settings;
        this.problems = problems;
    }

    void register(@Observes Router router) {
        if (settings.enabled()) {
            router.route("/api/*").order(-SecurityHandlerPriorities.AUTHORIZATION + 1).handler(this::check);
        }
    }

    private void check(RoutingContext context) {
        if (CorsGuard.isPreflight(context)) {
            context.next();
            return;
        }
        QuarkusHttpUser.getSecurityIdentity(context, null).subscribe().with(
                identity -> {
                    if (identity == null || identity.isAnonymous()) {
                        problems.writeTo(context, SecurityProblems.unauthenticated());
                    } else {
                        context.next();
                    }
                },
                failure -> problems.writeFailure(context, failure));
    }
}
