package org.erp.provisioning.schema;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.erp.provisioning.enums.EnumCatalog;
import org.erp.provisioning.enums.EnumLabels;
import org.erp.provisioning.enums.PgEnumType;
import org.erp.provisioning.persistence.DatabaseClients;
import org.erp.provisioning.persistence.Deadline;

/**
 * Readiness against EVA's schema as it is now. DOWN while the database is unreachable or a required column is
 * missing ({@code <table>.<column>=missing}) or of a type the service cannot bind ({@code =<type found>}).
 * Label drift keeps it UP but is reported for alerts: {@code <enum type>.unknown} lists labels the database
 * has and the service has no constant for, {@code <enum type>.missing} constants the database lacks.
 */
@Readiness
// Created at start, so the gauge is exported (as 0) before the first probe.
@Startup
@ApplicationScoped
public class EvaSchemaCheck implements AsyncHealthCheck {

    public static final String NAME = "eva-schema";
    private static final String INCOMPATIBLE_COLUMNS = "erp.schema.columns.incompatible";

    private static final String COLUMNS_QUERY = """
            SELECT table_name, column_name, udt_name
              FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = ANY($1)""";

    private static final String[] TABLES = RequiredColumn.ALL.stream()
            .map(RequiredColumn::table).distinct().toArray(String[]::new);

    private final DatabaseClients clients;
    private final Deadline deadline;
    private final EnumCatalog catalog;
    /** Required columns missing or of another type at the last check: the alerts read it, the probe only says DOWN. */
    private final AtomicInteger incompatibleColumns = new AtomicInteger();

    EvaSchemaCheck(DatabaseClients clients, Deadline deadline, EnumCatalog catalog, MeterRegistry metrics) {
        this.clients = clients;
        this.deadline = deadline;
        this.catalog = catalog;
        // A gauge of the same name left by an earlier start in this JVM (the tests restart the application on a
        // registry that outlives it) would keep reading that start's check: this one replaces it.
        Gauge stale = metrics.find(INCOMPATIBLE_COLUMNS).gauge();
        if (stale != null) {
            metrics.remove(stale);
        }
        Gauge.builder(INCOMPATIBLE_COLUMNS, incompatibleColumns, AtomicInteger::get)
                .description("Required columns of EVA's schema missing or of a type the service cannot bind, at the last readiness check")
                .register(metrics);
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Uni<HealthCheckResponse> check = clients.withConnection(connection ->
                        connection.preparedQuery(COLUMNS_QUERY).execute(Tuple.of(TABLES)))
                .map(rows -> {
                    Map<String, String> found = new HashMap<>();
                    for (Row row : rows) {
                        found.put(row.getString(0) + "." + row.getString(1), row.getString(2));
                    }
                    return found;
                })
                .chain(found -> catalog.refresh().map(labels -> report(found, labels)));
        // One deadline for the whole check (the catalog read has its own too): a probe answers within it.
        return deadline.bound(check).onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                .withData("database", "unreachable").build());
    }

    private HealthCheckResponse report(Map<String, String> columns, EnumLabels labels) {
        Map<String, String> data = new TreeMap<>();
        for (RequiredColumn required : RequiredColumn.ALL) {
            String type = columns.get(required.key());
            if (type == null) {
                data.put(required.key(), "missing");
            } else if (!required.types().contains(type)) {
                data.put(required.key(), type);
            }
        }
        boolean compatible = data.isEmpty();
        incompatibleColumns.set(data.size());
        for (PgEnumType type : PgEnumType.values()) {
            List<String> unknown = labels.unknown(type);
            List<String> missing = labels.missing(type);
            if (!unknown.isEmpty()) {
                data.put(type.typeName() + ".unknown", String.join(",", unknown));
            }
            if (!missing.isEmpty()) {
                data.put(type.typeName() + ".missing", String.join(",", missing));
            }
        }
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(compatible);
        data.forEach(response::withData);
        return response.build();
    }
}
