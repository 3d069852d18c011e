package org.erp.provisioning.enums;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.erp.provisioning.persistence.DatabaseClients;
import org.erp.provisioning.persistence.Deadline;
import org.jboss.logging.Logger;

/**
 * The live labels of EVA's enum types, read from {@code pg_type}/{@code pg_enum}: at start, every
 * {@code erp.schema.refresh-interval}, whenever {@code GET /api/v1/enums} is asked, and at once when the
 * database refuses a label. Each pod reads on its own; no coordination is needed because the catalog is the
 * single source of truth.
 */
@ApplicationScoped
public class EnumCatalog {

    private static final Logger LOG = Logger.getLogger(EnumCatalog.class);

    /** Enum types in the schema the service's connection resolves names in (its search_path). */
    private static final String LABELS_QUERY = """
            SELECT t.typname, e.enumlabel
              FROM pg_catalog.pg_type t
              JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
             WHERE t.typnamespace = current_schema()::regnamespace
               AND t.typname = ANY($1)
             ORDER BY t.typname, e.enumsortorder""";

    private static final String[] TYPE_NAMES = Arrays.stream(PgEnumType.values())
            .map(PgEnumType::typeName).toArray(String[]::new);

    private final DatabaseClients clients;
    private final Deadline deadline;
    private final MeterRegistry metrics;
    private volatile EnumLabels current;

    EnumCatalog(DatabaseClients clients, Deadline deadline, MeterRegistry metrics) {
        this.clients = clients;
        this.deadline = deadline;
        this.metrics = metrics;
        for (PgEnumType type : PgEnumType.values()) {
            Gauge.builder("erp.enum.labels.unknown", this, catalog -> catalog.drift(type, EnumLabels::unknown))
                    .description("Labels in the database the service has no constant for").tag("type", type.typeName())
                    .register(metrics);
            Gauge.builder("erp.enum.labels.missing", this, catalog -> catalog.drift(type, EnumLabels::missing))
                    .description("Constants of the service the database lacks").tag("type", type.typeName())
                    .register(metrics);
        }
    }

    /** The labels last read, reading them first if they never were (the database was down at start). */
    public Uni<EnumLabels> labels() {
        EnumLabels known = current;
        return known != null ? Uni.createFrom().item(known) : refresh();
    }

    /** The labels last read, without reading: empty until the catalog was read once. */
    public Optional<EnumLabels> lastRead() {
        return Optional.ofNullable(current);
    }

    /** Reads the catalog now and makes it the current snapshot. */
    public Uni<EnumLabels> refresh() {
        return deadline.bound(clients.withConnection(connection ->
                        connection.preparedQuery(LABELS_QUERY).execute(Tuple.of(TYPE_NAMES))))
                .map(EnumCatalog::toLabels)
                .invoke(read -> current = read)
                .onItemOrFailure().invoke((read, failure) ->
                        metrics.counter("erp.enum.catalog.refreshes", "result", failure == null ? "success" : "failure")
                                .increment());
    }

    private double drift(PgEnumType type, BiFunction<EnumLabels, PgEnumType, List<String>> kind) {
        EnumLabels known = current;
        return known == null ? 0 : kind.apply(known, type).size();
    }

    /**
     * Reads the labels once before the service takes its first request, so that the first answers and the OpenAPI
     * document list them. A database away at start does not stop the start (bounded by the deadline): the schedule
     * and the first request that needs the labels read them later.
     */
    void readAtStart(@Observes StartupEvent start) {
        try {
            refresh().await().indefinitely();
        } catch (RuntimeException unavailable) {
            LOG.warnf("Enum catalog not read at start, read later: %s", unavailable.toString());
        }
    }

    @Scheduled(identity = "enum-catalog-refresh", every = "${erp.schema.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshPeriodically() {
        return refresh()
                .onFailure().invoke(failure -> LOG.warnf("Enum catalog refresh failed: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private static EnumLabels toLabels(RowSet<Row> rows) {
        Map<PgEnumType, List<String>> byType = new EnumMap<>(PgEnumType.class);
        for (Row row : rows) {
            PgEnumType.byTypeName(row.getString(0)).ifPresent(type ->
                    byType.computeIfAbsent(type, t -> new ArrayList<>()).add(row.getString(1)));
        }
        return new EnumLabels(byType);
    }
}
