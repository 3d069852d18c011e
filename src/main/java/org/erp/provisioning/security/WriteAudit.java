package org.erp.provisioning.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.security.Principal;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Logs who wrote what: the token's subject (never the token) with each write; the request id is in the log
 * context. Refused requests and dry runs wrote nothing; refusals are counted by problem code in the metrics.
 */
public class WriteAudit {

    private static final Logger LOG = Logger.getLogger(WriteAudit.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    @ServerResponseFilter
    public void logWrite(ContainerRequestContext request, ContainerResponseContext response) {
        if (READS.contains(request.getMethod()) || response.getStatus() >= 400
                || "true".equalsIgnoreCase(request.getUriInfo().getQueryParameters().getFirst("dryRun"))) {
            return;
        }
        Principal caller = request.getSecurityContext() == null ? null : request.getSecurityContext().getUserPrincipal();
        LOG.infof("%s %s -> %d by subject %s", request.getMethod(), request.getUriInfo().getPath(),
                response.getStatus(), caller == null ? "(none)" : caller.getName());
    }
}
