package org.erp.provisioning.pipeline;

import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;

/**
 * The order in which the service's router handlers see a request, in one place. Vert.x runs routes of lower order
 * first; Quarkus's own handlers (CORS, authentication, authorization) sit at their {@link SecurityHandlerPriorities},
 * and the resources come last.
 * <ol>
 * <li>{@link #REQUEST_ID}: the request id, first, so every line and problem below carries it ({@code telemetry/RequestIds});</li>
 * <li>{@link #ACCESS_LOG}: the access line, written when the response ends ({@code telemetry/AccessLog});</li>
 * <li>{@link #SHUTDOWN_GATE}: once the replica is shutting down, an API request is refused, to be retried elsewhere
 * ({@code web/ShutdownGate});</li>
 * <li>{@link #REQUEST_LIMITS}: a request line or headers over the service's limits are refused ({@code web/RequestLimits});</li>
 * <li>{@link #BODY_LIMIT}: a body over the limit is refused before it is read ({@code web/BodyLimit});</li>
 * <li>{@link #CORS_GUARD}: a browser origin not allowed is refused ({@code web/CorsGuard});</li>
 * <li>{@link #ROUTER_FAILURES}: what the router itself refuses becomes a problem ({@code web/RouterFailures});</li>
 * <li>Quarkus's CORS handler, then {@link #OPERATIONS_METHODS}: only GET and HEAD on the {@code /q} routes
 * ({@code web/OperationsMethods});</li>
 * <li>Quarkus's authentication, then {@link #TOKEN_REQUIRED}: a token on every route but {@code /q}
 * ({@code security/TokenRequired}), then Quarkus's authorization (the roles);</li>
 * <li>the resources.</li>
 * </ol>
 */
public final class RequestPipeline {

    public static final int REQUEST_ID = Integer.MIN_VALUE;
    // The same order as the request id: whichever of the two runs first, the id is the same (RequestIds.of keeps it).
    public static final int ACCESS_LOG = Integer.MIN_VALUE;
    public static final int SHUTDOWN_GATE = Integer.MIN_VALUE + 1;
    public static final int REQUEST_LIMITS = Integer.MIN_VALUE + 2;
    public static final int BODY_LIMIT = Integer.MIN_VALUE + 3;
    public static final int CORS_GUARD = Integer.MIN_VALUE + 4;
    public static final int ROUTER_FAILURES = Integer.MIN_VALUE + 5;
    public static final int OPERATIONS_METHODS = -SecurityHandlerPriorities.CORS + 1;
    public static final int TOKEN_REQUIRED = -SecurityHandlerPriorities.AUTHORIZATION + 1;

    private RequestPipeline() {
    }
}
