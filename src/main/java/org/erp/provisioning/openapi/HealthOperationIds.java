package org.erp.provisioning.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Gives the probes SmallRye Health documents camelCase operation ids like every other operation
 * ({@code /q/health/ready} is {@code healthReady}, not {@code microprofile_health_readiness}), so a client generated
 * from the document names them the same way. Runs when the service is built.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class HealthOperationIds implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
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
