package floor;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * GET /api/v1/accounts/{id} as the service answers it, on the service's stack and nothing more: a Quarkus REST
 * resource returning a {@code Uni<RestResponse<View>>}, the service's SELECT on a pooled connection of the reactive
 * client, 200 with the ETag (304 when If-None-Match names it) or a 404 problem. /floor answers once the app is up.
 */
@Path("/")
public class Accounts {

    /** AccountRepository's VIEW. */
    private static final String FIND = "SELECT id, name, slug, owner_email, subscription_status::text, plan_tier::text,"
            + " billing_interval::text, trial_ends_at, created_at, updated_at, xmin::text FROM accounts WHERE id = $1";
    private static final String ROUTE = "/api/v1/accounts/{accountId}";

    @Inject
    Pool pool;

    /** The request id and the access line, first on every route, as in bench/floor-vertx. */
    void register(@Observes Router router) {
        router.route().order(-100).handler(RequestLine::handle);
    }

    @GET
    @Path("floor")
    public String floor() {
        return "up";
    }

    @GET
    @Path("api/v1/accounts/{accountId}")
    public Uni<RestResponse<View>> get(@PathParam("accountId") String accountId,
            @HeaderParam("If-None-Match") String ifNoneMatch, @Context RoutingContext context) {
        context.put(RequestLine.ROUTE, ROUTE);
        UUID id;
        try {
            id = UUID.fromString(accountId);
        } catch (IllegalArgumentException notAUuid) {
            return Uni.createFrom().item(notFound(context, accountId));
        }
        return pool.withConnection(connection -> connection.preparedQuery(FIND).execute(Tuple.of(id))).map(rows -> {
            if (rows.size() == 0) {
                return notFound(context, id.toString());
            }
            Row row = rows.iterator().next();
            String etag = "\"" + row.getString(10) + "\"";
            if (etag.equals(ifNoneMatch)) {
                return RestResponse.ResponseBuilder.<View>notModified().header("ETag", etag).build();
            }
            return RestResponse.ResponseBuilder.ok(View.of(row)).header("ETag", etag).build();
        });
    }

    /** The service's 404 problem; cast, since the answer's entity is a view's type (Quarkus REST writes either). */
    @SuppressWarnings("unchecked")
    private static RestResponse<View> notFound(RoutingContext context, String id) {
        context.put(RequestLine.PROBLEM_CODE, "account-not-found");
        Problem problem = new Problem("https://erp.example/problems/account-not-found", "Account not found", 404,
                "No account with id '" + id + "'", context.request().path(), "account-not-found", context.get(RequestLine.REQUEST_ID));
        return (RestResponse<View>) (RestResponse<?>) RestResponse.ResponseBuilder.create(RestResponse.Status.NOT_FOUND, problem)
                .type("application/problem+json").build();
    }

    /** The account as the service answers it (AccountView). */
    public record View(UUID id, String name, String slug, String ownerEmail, String subscriptionStatus, String planTier,
                       String billingInterval, Instant trialEndsAt, Instant createdAt, Instant updatedAt) {

        static View of(Row row) {
            return new View(row.getUUID(0), row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                    row.getString(5), row.getString(6), instant(row.getOffsetDateTime(7)), instant(row.getOffsetDateTime(8)),
                    instant(row.getOffsetDateTime(9)));
        }

        private static Instant instant(OffsetDateTime timestamp) {
            return timestamp == null ? null : timestamp.toInstant();
        }
    }

    /** An RFC 9457 problem, as the service writes one for an unknown account. */
    public record Problem(String type, String title, int status, String detail, String instance, String code, String requestId) {
    }
}
