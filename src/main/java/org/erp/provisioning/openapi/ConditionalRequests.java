package org.erp.provisioning.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents versions and conditional requests ({@link org.erp.provisioning.web.Preconditions}): the {@code ETag} of
 * every answer carrying one row (a read, a change, a create), {@code If-Match} on changes and deletes with their
 * {@code 412} and {@code 428}, {@code If-None-Match} on reads with its {@code 304}. An operation is conditional
 * where its method takes the header. Runs before the problems and headers every response gets.
 */
@OpenApiFilter(value = OpenApiFilter.RunStage.BUILD, priority = ConditionalRequests.PRIORITY)
public class ConditionalRequests implements OASFilter {

    static final int PRIORITY = ProblemResponses.PRIORITY + 1;

    private static final String ETAG = "ETag";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addHeader(ETAG, OASFactory.createHeader().required(true)
                .description("The version of the row the answer is about (a strong entity tag, e.g. \"7412\"): send it"
                        + " back as If-Match to change or delete that version only, as If-None-Match to read it again"
                        + " only if it changed. Every write of the row changes it, EVA's own included")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(ConditionalRequests::document);
            }
        });
    }

    private static void document(Operation operation) {
        APIResponses responses = operation.getResponses();
        Header etag = OASFactory.createHeader().ref("#/components/headers/" + ETAG);
        boolean ifMatch = describe(operation, HttpHeaders.IF_MATCH, "Change or delete only this version of the row:"
                + " the ETag it was read with (several, comma-separated, or * for any). Another version is 412"
                + " precondition-failed, nothing written");
        boolean ifNoneMatch = describe(operation, HttpHeaders.IF_NONE_MATCH, "The ETag of the version the client holds:"
                + " when it is still the current one, 304 without a body");
        if (ifMatch) {
            responses.addAPIResponse("412", OASFactory.createAPIResponse().content(ProblemResponses.problemContent())
                    .description("precondition-failed: the row is at another version than If-Match names; nothing was"
                            + " written. ETag is the current version: read the row again and decide anew")
                    .addHeader(ETAG, etag));
            responses.addAPIResponse("428", OASFactory.createAPIResponse().content(ProblemResponses.problemContent())
                    .description("precondition-required: If-Match is missing, and this service is set to refuse"
                            + " unconditional changes (erp.concurrency.require-if-match)"));
        }
        if (ifNoneMatch) {
            responses.addAPIResponse("304", OASFactory.createAPIResponse()
                    .description("Not modified: the version If-None-Match names is the current one; no body")
                    .addHeader(ETAG, etag));
        }
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.equals("201") || status.equals("200") && (ifMatch || ifNoneMatch)) {
                response.addHeader(ETAG, etag);
            }
        });
    }

    /** Describes the header parameter {@code name} of the operation; whether it has one. */
    private static boolean describe(Operation operation, String name, String description) {
        if (operation.getParameters() == null) {
            return false;
        }
        for (Parameter parameter : operation.getParameters()) {
            if (parameter.getIn() == Parameter.In.HEADER && parameter.getName().equalsIgnoreCase(name)) {
                parameter.description(description);
                return true;
            }
        }
        return false;
    }
}
