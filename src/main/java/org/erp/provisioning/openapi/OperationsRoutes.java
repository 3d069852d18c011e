package org.erp.provisioning.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Describes the operations routes under {@code /q} like every other operation: the probes SmallRye Health documents
 * get camelCase operation ids ({@code /q/health/ready} is {@code healthReady}, not
 * {@code microprofile_health_readiness}), so a client generated from the document names them the same way, and
 * each route says it needs no token (an empty security list). Runs when the service is built.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OperationsRoutes implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/q/")) {
                item.getOperations().values().forEach(operation -> operation.setSecurity(new ArrayList<>()));
            }
            if (path.startsWith("/q/health")) {
                String id = Arrays.stream(path.substring("/q/".length()).split("/"))
                        .map(segment -> Character.toUpperCase(segment.charAt(0)) + segment.substring(1))
                        .collect(Collectors.joining());
                item.getOperations().values().forEach(operation ->
                        operation.setOperationId(Character.toLowerCase(id.charAt(0)) + id.substring(1)));
            }
        });
    }
}
