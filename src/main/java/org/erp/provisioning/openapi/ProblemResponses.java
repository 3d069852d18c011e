package org.erp.provisioning.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.Problem;
import org.erp.provisioning.problem.ProblemCode;

/**
 * Documents the problems every API operation can answer, so the OpenAPI document lists them without repeating them
 * on each resource method, with the headers a problem carries, and enumerates every problem code from
 * {@link ProblemCode}. Route-specific problems (404 by resource, 409) sit on the resource methods. The operations
 * routes under {@code /q} need no token and answer with bodies of their own, so they are left as described. Runs
 * when the service is built, so starting it costs nothing.
 */
@OpenApiFilter(value = OpenApiFilter.RunStage.BUILD, priority = ProblemResponses.PRIORITY)
public class ProblemResponses implements OASFilter {

    static final int PRIORITY = ResponseHeaders.PRIORITY + 1;

    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final String NDJSON = "application/x-ndjson";

    /** Status → description, for every API operation. */
    private static final Map<String, String> EVERY_OPERATION = ordered(
            "400", "validation-failed, invalid-enum-value, malformed-request or constraint-violated",
            "401", "unauthenticated: missing or invalid bearer token",
            "403", "forbidden: the token lacks the role, or the request comes from an origin not allowed",
            "406", "not-acceptable: the Accept header admits no JSON",
            "414", "uri-too-long: the request line is over the service's limit (erp.http.max-request-line)",
            "431", "headers-too-large: the request headers are over the service's limit (erp.http.max-header-size)",
            "500", "schema-mismatch or internal-error (with requestId)",
            "503", "database-unavailable, database-busy, or shutting-down (this replica stops: retry, another answers); try again after Retry-After seconds");

    /** Status → description, for the operations that take a body: the writes. */
    private static final Map<String, String> WITH_BODY = ordered(
            "409", "conflict: the write breaks a unique rule of the database, named in detail",
            "413", "payload-too-large",
            "415", "unsupported-media-type");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(ProblemResponses::addProblems);
            }
        });
        Schema problem = openAPI.getComponents().getSchemas().get("Problem");
        List<Object> codes = new ArrayList<>();
        for (ProblemCode code : ProblemCode.values()) {
            codes.add(code.code());
        }
        problem.getProperties().get("code").setEnumeration(codes);
        List<Object> fieldCodes = new ArrayList<>();
        for (FieldCode code : FieldCode.values()) {
            fieldCodes.add(code.code());
        }
        openAPI.getComponents().getSchemas().get("FieldError").getProperties().get("code").setEnumeration(fieldCodes);
    }

    private static void addProblems(Operation operation) {
        APIResponses responses = operation.getResponses();
        EVERY_OPERATION.forEach((status, description) -> addProblem(responses, status, description));
        if (operation.getRequestBody() != null) {
            // A stream (NDJSON) has no size as a whole, and each of its lines is answered inside the stream.
            boolean stream = operation.getRequestBody().getContent() != null
                    && operation.getRequestBody().getContent().getMediaTypes().containsKey(NDJSON);
            WITH_BODY.forEach((status, description) -> {
                if (!stream || status.equals("415")) {
                    addProblem(responses, status, description);
                }
            });
        }
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                addProblemHeaders(status, response);
            }
        });
    }

    private static void addProblem(APIResponses responses, String status, String description) {
        APIResponse response = responses.getAPIResponse(status);
        if (response == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description).content(problemContent()));
        } else if (response.getContent() == null || response.getContent().getMediaTypes().isEmpty()) {
            // Responses Quarkus adds on its own (401, 403) come without a body: every error has one.
            response.description(description).content(problemContent());
        }
    }

    /** The headers {@code ProblemMapper} adds to a problem of this status. */
    private static void addProblemHeaders(String status, APIResponse response) {
        switch (status) {
            case "401" -> response.addHeader("WWW-Authenticate", OASFactory.createHeader().required(true)
                    .description("Bearer").schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
            case "503" -> response.addHeader("Retry-After", retryAfter());
            default -> {
            }
        }
    }

    private static Header retryAfter() {
        return OASFactory.createHeader().required(true).description("Seconds to wait before trying again")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(BigDecimal.ZERO));
    }

    static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
    }

    private static Map<String, String> ordered(String... statusAndDescription) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < statusAndDescription.length; i += 2) {
            map.put(statusAndDescription[i], statusAndDescription[i + 1]);
        }
        return map;
    }
}
