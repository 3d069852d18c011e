package org.erp.provisioning.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.erp.provisioning.telemetry.RequestIds;

/**
 * Documents the headers every response carries: {@code X-Request-Id} on each one, probes and problems included
 * ({@link RequestIds}), and {@code Location} on each {@code 201}. Runs when the service is built, after every
 * response has been added.
 */
@OpenApiFilter(value = OpenApiFilter.RunStage.BUILD, priority = ResponseHeaders.PRIORITY)
public class ResponseHeaders implements OASFilter {

    static final int PRIORITY = 10;

    private static final String REQUEST_ID = "RequestId";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addHeader(REQUEST_ID, OASFactory.createHeader().required(true)
                .description("The request's id: the caller's X-Request-Id when it is 1 to 128 of A-Z a-z 0-9 . _ : -, "
                        + "otherwise a new UUID. Also the problem's requestId, and in the service's logs")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        Header requestId = OASFactory.createHeader().ref("#/components/headers/" + REQUEST_ID);
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(operation ->
                operation.getResponses().getAPIResponses().forEach((status, response) -> {
                    response.addHeader(RequestIds.HEADER, requestId);
                    if (status.equals("201")) {
                        response.addHeader("Location", OASFactory.createHeader().required(true)
                                .description("The URL of the resource created")
                                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri")));
                    }
                })));
    }
}
