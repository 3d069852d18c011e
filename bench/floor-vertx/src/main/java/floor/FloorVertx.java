package floor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The floor under the service's reads and creates: plain Vert.x (no Quarkus, CDI, RESTEasy, Hibernate, metrics,
 * CORS or security) doing the same work as the service for three requests, on the service's Vert.x, Netty and
 * Jackson versions:
 * <ul>
 * <li>{@code POST /api/v1/accounts}: the body read as a JSON tree and checked as the service checks a create
 * ({@link AccountCheck}), then the service's INSERT with {@code RETURNING xmin::text}; 201 with Location, ETag and the
 * account; 409 slug-taken naming the holder on 23505;</li>
 * <li>{@code GET /api/v1/accounts/{id}}: the service's SELECT of one account with its xmin; 200 with the ETag (304
 * when If-None-Match names it), or a 404 problem;</li>
 * <li>{@code GET /api/v1/accounts?limit=&cursor=}: a page in slug order with the service's cursor (no filters).</li>
 * <li>{@code GET /api/v1/accounts/{id}/domains/{domainId}}, {@code .../deals/{dealId}}: the service's SELECT of one
 * domain or deal of an account, with its ETag; {@code GET /api/v1/accounts/{id}/domains}, {@code .../deals}: an
 * account's domains or deals, newest first, and the account looked up only when it has none (404 when unknown).</li>
 * </ul>
 * Like the service: two event loops a core, one HTTP server on each; a pool of 16 connections, each request taking one
 * for its statement (no pipelining); prepared statements cached per connection; the same connect and statement
 * timeouts; an X-Request-Id on every answer and one JSON access log line a request ({@link RequestLine}). Reads the service's settings from the environment
 * (QUARKUS_DATASOURCE_REACTIVE_URL, _USERNAME, _PASSWORD, QUARKUS_HTTP_PORT), so bench/lib.sh starts it as the service.
 */
public final class FloorVertx {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private static final String PATH = "/api/v1/accounts";
    private static final String VIEW_COLUMNS = "id, name, slug, owner_email, subscription_status::text, plan_tier::text,"
            + " billing_interval::text, trial_ends_at, created_at, updated_at";
    /** AccountRepository's INSERT, with the version returned. */
    private static final String INSERT = "INSERT INTO accounts (id, name, slug, owner_email, subscription_status,"
            + " plan_tier, billing_interval, trial_ends_at, created_at, updated_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING xmin::text";
    /** AccountRepository.FIND_VIEW. */
    private static final String FIND = "SELECT " + VIEW_COLUMNS + ", xmin::text FROM accounts WHERE id = $1";
    private static final String FIRST_PAGE = "SELECT " + VIEW_COLUMNS + " FROM accounts ORDER BY slug LIMIT $1";
    private static final String NEXT_PAGE = "SELECT " + VIEW_COLUMNS + " FROM accounts WHERE slug > $1 ORDER BY slug LIMIT $2";
    private static final String SLUG_HOLDER = "SELECT id FROM accounts WHERE slug = $1";
    private static final String ACCOUNT_EXISTS = "SELECT 1 FROM accounts WHERE id = $1";
    private static final String DOMAIN_COLUMNS = "id, account_id, domain, status::text, verified_at, created_at";
    private static final String FIND_DOMAIN = "SELECT " + DOMAIN_COLUMNS + ", xmin::text FROM partner_domains WHERE id = $1 AND account_id = $2";
    private static final String DOMAINS = "SELECT " + DOMAIN_COLUMNS + " FROM partner_domains WHERE account_id = $1 ORDER BY created_at DESC, id DESC";
    private static final String DEAL_COLUMNS = "id, account_id, title, amount_cents, currency, stage::text, expected_close_date,"
            + " closed_at, created_at, updated_at";
    private static final String FIND_DEAL = "SELECT " + DEAL_COLUMNS + ", xmin::text FROM partner_deals WHERE id = $1 AND account_id = $2";
    private static final String DEALS = "SELECT " + DEAL_COLUMNS + " FROM partner_deals WHERE account_id = $1 ORDER BY created_at DESC, id DESC";
    private static final String LABELS = "SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid"
            + " WHERE t.typname IN ('subscription_status', 'plan_tier', 'billing_interval') ORDER BY t.typname, e.enumsortorder";

    public static void main(String[] args) {
        int eventLoops = 2 * Runtime.getRuntime().availableProcessors(); // as Quarkus
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        PgConnectOptions database = PgConnectOptions.fromUri(env("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/eva"))
                .setUser(env("QUARKUS_DATASOURCE_USERNAME", "erp_provisioning"))
                .setPassword(env("QUARKUS_DATASOURCE_PASSWORD", "erp_provisioning"))
                .setCachePreparedStatements(true)
                .setConnectTimeout(3000)
                .addProperty("statement_timeout", "5000")
                .addProperty("idle_in_transaction_session_timeout", "10000");
        PoolOptions poolOptions = new PoolOptions().setMaxSize(16).setConnectionTimeout(3).setConnectionTimeoutUnit(TimeUnit.SECONDS);
        Pool pool = PgBuilder.pool().with(poolOptions).connectingTo(database).using(vertx).build();
        int port = Integer.parseInt(env("QUARKUS_HTTP_PORT", "8080"));
        pool.query(LABELS).execute().map(FloorVertx::labels)
                .compose(labels -> vertx.deployVerticle(() -> new Http(pool, new AccountCheck(labels), port),
                        new DeploymentOptions().setInstances(eventLoops)))
                .onSuccess(id -> System.out.println("floor-vertx on port " + port + ", " + eventLoops + " event loops, "
                        + poolOptions.getMaxSize() + " connections"))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    /** Each type's labels, in the database's order. */
    private static Map<String, List<String>> labels(RowSet<Row> rows) {
        Map<String, List<String>> labels = new HashMap<>();
        rows.forEach(row -> labels.computeIfAbsent(row.getString(0), type -> new ArrayList<>()).add(row.getString(1)));
        return labels;
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    /** The account as the service answers it (AccountView). */
    record View(UUID id, String name, String slug, String ownerEmail, String subscriptionStatus, String planTier,
                String billingInterval, Instant trialEndsAt, Instant createdAt, Instant updatedAt) {

        static View of(Row row) {
            return new View(row.getUUID(0), row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                    row.getString(5), row.getString(6), instant(row.getOffsetDateTime(7)), instant(row.getOffsetDateTime(8)),
                    instant(row.getOffsetDateTime(9)));
        }
    }

    record Page(List<View> items, String nextCursor) {
    }

    /** A partner domain as the service answers it (DomainView). */
    record DomainView(UUID id, UUID accountId, String domain, String status, Instant verifiedAt, Instant createdAt) {

        static DomainView of(Row row) {
            return new DomainView(row.getUUID(0), row.getUUID(1), row.getString(2), row.getString(3),
                    instant(row.getOffsetDateTime(4)), instant(row.getOffsetDateTime(5)));
        }
    }

    /** A partner deal as the service answers it (DealView). */
    record DealView(UUID id, UUID accountId, String title, long amountCents, String currency, String stage,
                    java.time.LocalDate expectedCloseDate, Instant closedAt, Instant createdAt, Instant updatedAt) {

        static DealView of(Row row) {
            return new DealView(row.getUUID(0), row.getUUID(1), row.getString(2), row.getLong(3), row.getString(4),
                    row.getString(5), row.getLocalDate(6), instant(row.getOffsetDateTime(7)), instant(row.getOffsetDateTime(8)),
                    instant(row.getOffsetDateTime(9)));
        }
    }

    record Items(List<?> items) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FieldError(String field, String code, String message, Object rejectedValue, List<String> allowedValues) {
    }

    /** An RFC 9457 problem, as the service writes them. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Problem(String type, String title, int status, String detail, String instance, String code, String requestId,
                   List<FieldError> errors, String existing) {
    }

    /** A request refused before the database: its status, code, title, detail and field errors. */
    static final class Refusal extends RuntimeException {
        final int status;
        final String code;
        final String title;
        final List<FieldError> errors;

        Refusal(int status, String code, String title, String detail, List<FieldError> errors) {
            super(detail, null, false, false);
            this.status = status;
            this.code = code;
            this.title = title;
            this.errors = errors;
        }
    }

    /** One HTTP server on one event loop. */
    static final class Http extends AbstractVerticle {

        private static final String CURSOR_PREFIX = "s1:";
        private static final Pattern SLUG = Pattern.compile(AccountCheck.SLUG);

        private final Pool pool;
        private final AccountCheck check;
        private final int port;

        Http(Pool pool, AccountCheck check, int port) {
            this.pool = pool;
            this.check = check;
            this.port = port;
        }

        @Override
        public void start(io.vertx.core.Promise<Void> started) {
            Router router = Router.router(vertx);
            router.get("/q/health/live").handler(context -> context.response().end("{\"status\":\"UP\"}"));
            router.get("/q/health/ready").handler(context -> context.response().end("{\"status\":\"UP\"}"));
            router.route().handler(RequestLine::handle);
            router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(this::create);
            router.get(PATH + "/:id").handler(this::get);
            router.get(PATH).handler(this::list);
            router.get(PATH + "/:id/domains/:child").handler(context -> getChild(context, FIND_DOMAIN, DomainView::of, "domain"));
            router.get(PATH + "/:id/domains").handler(context -> listChildren(context, DOMAINS, DomainView::of));
            router.get(PATH + "/:id/deals/:child").handler(context -> getChild(context, FIND_DEAL, DealView::of, "deal"));
            router.get(PATH + "/:id/deals").handler(context -> listChildren(context, DEALS, DealView::of));
            vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("0.0.0.0"))
                    .requestHandler(router).listen().<Void>mapEmpty().onComplete(started);
        }

        private void create(RoutingContext context) {
            AccountCheck.Account account;
            try {
                JsonNode body = JSON.readTree(context.body().buffer().getBytes());
                account = check.forCreate(body);
            } catch (IOException notJson) {
                problem(context, new Refusal(400, "malformed-request", "Malformed request", "The request body is not JSON", null));
                return;
            } catch (Refusal refusal) {
                problem(context, refusal);
                return;
            }
            Tuple values = Tuple.tuple(Arrays.asList(account.id(), account.name(), account.slug(), account.ownerEmail(),
                    account.subscriptionStatus(), account.planTier(), account.billingInterval(),
                    timestamp(account.trialEndsAt()), timestamp(account.createdAt()), timestamp(account.updatedAt())));
            pool.withConnection(connection -> connection.preparedQuery(INSERT).execute(values)).onComplete(inserted -> {
                if (inserted.succeeded()) {
                    String version = inserted.result().iterator().next().getString(0);
                    View view = new View(account.id(), account.name(), account.slug(), account.ownerEmail(),
                            account.subscriptionStatus(), account.planTier(), account.billingInterval(),
                            account.trialEndsAt(), account.createdAt(), account.updatedAt());
                    String location = "http://" + context.request().authority() + PATH + "/" + account.id();
                    context.response().setStatusCode(201).putHeader("Location", location).putHeader("ETag", etag(version));
                    json(context, view);
                } else if (inserted.cause() instanceof PgException refused && "23505".equals(refused.getSqlState())
                        && "accounts_slug_key".equals(refused.getConstraint())) {
                    slugTaken(context, account.slug());
                } else {
                    unavailable(context, inserted.cause());
                }
            });
        }

        /** 409 slug-taken, naming the account that holds the slug (looked up as the service does). */
        private void slugTaken(RoutingContext context, String slug) {
            pool.withConnection(connection -> connection.preparedQuery(SLUG_HOLDER).execute(Tuple.of(slug))).onComplete(found -> {
                String existing = found.succeeded() && found.result().size() > 0
                        ? PATH + "/" + found.result().iterator().next().getUUID(0) : null;
                List<FieldError> errors = List.of(new FieldError("slug", "slug-taken", "is taken by another account", null, null));
                problem(context, 409, "slug-taken", "Slug taken", "The slug is taken by another account", errors, existing);
            });
        }

        private void get(RoutingContext context) {
            String given = context.pathParam("id");
            UUID id;
            try {
                id = UUID.fromString(given);
            } catch (IllegalArgumentException notAUuid) {
                notFound(context, given);
                return;
            }
            pool.withConnection(connection -> connection.preparedQuery(FIND).execute(Tuple.of(id))).onComplete(read -> {
                if (read.failed()) {
                    unavailable(context, read.cause());
                } else if (read.result().size() == 0) {
                    notFound(context, id.toString());
                } else {
                    Row row = read.result().iterator().next();
                    String etag = etag(row.getString(10));
                    context.response().putHeader("ETag", etag);
                    if (etag.equals(context.request().getHeader("If-None-Match"))) {
                        context.response().setStatusCode(304).end();
                    } else {
                        json(context, View.of(row));
                    }
                }
            });
        }

        /** A domain or deal of an account, as the service's GET: one SELECT, 404 when either id is unknown. */
        private void getChild(RoutingContext context, String sql, java.util.function.Function<Row, Object> view, String kind) {
            UUID account;
            UUID id;
            try {
                account = UUID.fromString(context.pathParam("id"));
                id = UUID.fromString(context.pathParam("child"));
            } catch (IllegalArgumentException notAUuid) {
                problem(context, 404, kind + "-not-found", "Not found", "No such " + kind, null, null);
                return;
            }
            pool.withConnection(connection -> connection.preparedQuery(sql).execute(Tuple.of(id, account))).onComplete(read -> {
                if (read.failed()) {
                    unavailable(context, read.cause());
                } else if (read.result().size() == 0) {
                    problem(context, 404, kind + "-not-found", "Not found", "No " + kind + " with id '" + id + "'", null, null);
                } else {
                    Row row = read.result().iterator().next();
                    context.response().putHeader("ETag", etag(row.getString(row.size() - 1)));
                    json(context, view.apply(row));
                }
            });
        }

        /** An account's domains or deals, newest first, as the service's list: 404 when the account is unknown. */
        private void listChildren(RoutingContext context, String sql, java.util.function.Function<Row, Object> view) {
            UUID account;
            try {
                account = UUID.fromString(context.pathParam("id"));
            } catch (IllegalArgumentException notAUuid) {
                notFound(context, context.pathParam("id"));
                return;
            }
            pool.withConnection(connection -> connection.preparedQuery(sql).execute(Tuple.of(account)).flatMap(rows ->
                    rows.size() > 0 ? io.vertx.core.Future.succeededFuture(rows)
                            : connection.preparedQuery(ACCOUNT_EXISTS).execute(Tuple.of(account))
                                    .map(exists -> exists.size() > 0 ? rows : null))).onComplete(read -> {
                if (read.failed()) {
                    unavailable(context, read.cause());
                } else if (read.result() == null) {
                    notFound(context, account.toString());
                } else {
                    List<Object> items = new ArrayList<>(read.result().size());
                    read.result().forEach(row -> items.add(view.apply(row)));
                    json(context, new Items(items));
                }
            });
        }

        private void list(RoutingContext context) {
            int size;
            String after = null;
            try {
                size = pageSize(context.request().getParam("limit"));
                String cursor = context.request().getParam("cursor");
                if (cursor != null && !cursor.isBlank()) {
                    after = decodeCursor(cursor.strip());
                }
            } catch (Refusal refusal) {
                problem(context, refusal);
                return;
            }
            Tuple parameters = after == null ? Tuple.of(size + 1) : Tuple.of(after, size + 1);
            String sql = after == null ? FIRST_PAGE : NEXT_PAGE;
            pool.withConnection(connection -> connection.preparedQuery(sql).execute(parameters)).onComplete(read -> {
                if (read.failed()) {
                    unavailable(context, read.cause());
                    return;
                }
                List<View> items = new ArrayList<>(size + 1);
                read.result().forEach(row -> items.add(View.of(row)));
                boolean more = items.size() > size;
                List<View> page = more ? items.subList(0, size) : items;
                String next = more ? Base64.getUrlEncoder().withoutPadding().encodeToString(
                        (CURSOR_PREFIX + page.get(size - 1).slug()).getBytes(StandardCharsets.UTF_8)) : null;
                json(context, new Page(page, next));
            });
        }

        private static int pageSize(String limit) {
            if (limit == null || limit.isBlank()) {
                return 50;
            }
            try {
                int size = Integer.parseInt(limit.strip());
                if (size >= 1 && size <= 200) {
                    return size;
                }
            } catch (NumberFormatException notANumber) {
                // refused below
            }
            throw AccountCheck.invalid(new FieldError("limit", "out-of-range", "must be an integer from 1 to 200", limit, null));
        }

        private static String decodeCursor(String cursor) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                String slug = raw.startsWith(CURSOR_PREFIX) ? raw.substring(CURSOR_PREFIX.length()) : "";
                if (SLUG.matcher(slug).matches()) {
                    return slug;
                }
            } catch (IllegalArgumentException notOurs) {
                // refused below
            }
            throw AccountCheck.invalid(new FieldError("cursor", "invalid-cursor", "is not a cursor this service issued", cursor, null));
        }

        private static void json(RoutingContext context, Object body) {
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (IOException e) {
                context.fail(e);
                return;
            }
            context.response().putHeader("Content-Type", "application/json;charset=UTF-8").end(Buffer.buffer(bytes));
        }

        private static void notFound(RoutingContext context, String id) {
            problem(context, 404, "account-not-found", "Account not found", "No account with id '" + id + "'", null, null);
        }

        private static void unavailable(RoutingContext context, Throwable cause) {
            problem(context, 503, "database-unavailable", "Database unavailable", String.valueOf(cause.getMessage()), null, null);
        }

        private static void problem(RoutingContext context, Refusal refusal) {
            problem(context, refusal.status, refusal.code, refusal.title, refusal.getMessage(), refusal.errors, null);
        }

        private static void problem(RoutingContext context, int status, String code, String title, String detail,
                                    List<FieldError> errors, String existing) {
            Problem problem = new Problem("https://erp.example/problems/" + code, title, status, detail,
                    context.request().path(), code, context.get(RequestLine.REQUEST_ID), errors, existing);
            context.put(RequestLine.PROBLEM_CODE, code);
            try {
                context.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                        .end(Buffer.buffer(JSON.writeValueAsBytes(problem)));
            } catch (IOException e) {
                context.fail(e);
            }
        }

        private static String etag(String version) {
            return "\"" + version + "\"";
        }
    }

    static Instant instant(OffsetDateTime timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
