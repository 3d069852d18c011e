package org.erp.provisioning.enums;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.erp.provisioning.security.Roles;

@Path("/api/v1/enums")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Enums", description = "The labels each enum field accepts, live from the database catalog")
@RolesAllowed({Roles.VIEWER, Roles.ADMIN})
public class EnumResource {

    private final EnumCatalog catalog;

    EnumResource(EnumCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(operationId = "listEnums", summary = "Live labels of every enum field (viewer)",
            description = "Read from pg_type/pg_enum on every call, each list in database order. Reading also "
                    + "refreshes the labels the service accepts on input.")
    @APIResponse(responseCode = "200", description = "Labels by field", content = @Content(
            schema = @Schema(ref = EnumSchemas.ENUM_LABELS), examples = @ExampleObject(
            name = "labels", value = """
                    {"subscriptionStatus":["trialing","active","past_due","canceled","unpaid","paused"],
                     "planTier":["free","starter","growth","enterprise"],"billingInterval":["monthly","annual"],
                     "domainStatus":["pending","verified","failed","revoked"],
                     "dealStage":["prospecting","qualified","proposal","negotiation","closed-won","closed-lost"]}""")))
    public Uni<Map<String, List<String>>> labels() {
        return catalog.refresh().map(labels -> {
            Map<String, List<String>> byField = new LinkedHashMap<>();
            for (PgEnumType type : PgEnumType.values()) {
                byField.put(type.apiKey(), labels.of(type));
            }
            return byField;
        });
    }
}
