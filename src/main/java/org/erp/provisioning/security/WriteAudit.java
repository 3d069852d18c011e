package org.erp.provisioning.security;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Logs who wrote what: the token's subject (never the token) with each write; the request id is in the log
 * context. Refused requests and dry runs wrote nothing; refusals are counted by problem code in the metrics.
 * A resource that only simulated a write says so with {@link #simulated}; the filter does not parse the request
 * again. It runs for every successful write, so it reads the request as Vert.x has it (no URI parsing) and
 * builds its line by concatenation (no format string).
 */
public class WriteAudit {

    private static final Logger LOG = Logger.getLogger(WriteAudit.class);
    private static final String SIMULATED = "erp.write-simulated";

    /** Marks the request as a dry run: it wrote nothing, so there is nothing to audit. */
    public static void simulated(RoutingContext routing) {
        routing.put(SIMULATED, Boolean.TRUE);
    }

    @ServerResponseFilter
    public void logWrite(RoutingContext routing, ContainerRequestContext context, ContainerResponseContext response) {
        HttpServerRequest request = routing.request();
        HttpMethod method = request.method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || response.getStatus() >= 400 || routing.get(SIMULATED) != null) {
            return;
        }
        SecurityContext security = context.getSecurityContext();
        Principal caller = security == null ? null : security.getUserPrincipal();
        LOG.info(method.name() + " " + request.path() + " -> " + response.getStatus() + " by subject "
                + (caller == null ? "(none)" : caller.getName()));
    }
}
