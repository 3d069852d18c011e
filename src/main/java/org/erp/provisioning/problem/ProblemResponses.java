package org.erp.provisioning.problem;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the problems every API operation can answer, so the OpenAPI document lists them without repeating them
 * on each resource method, and enumerates every problem code from {@link ProblemCode}. The operations routes
 * under {@code /q} need no token and answer with bodies of their own, so they are left as described. Runs when the
 * service is built, so starting it costs nothing.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    /** Status → description, for every API operation. Route-specific ones (404 by resource, 409) sit on the methods. */
    private static final Map<String, String> COMMON = Map.of(
            "400", "validation-failed, invalid-enum-value, malformed-request or constraint-violated",
            "401", "unauthenticated: missing or invalid bearer token",
            "403", "forbidden: the token lacks the role",
            "406", "not-acceptable",
            "413", "payload-too-large",
            "415", "unsupported-media-type",
            "500", "schema-mismatch or internal-error (with requestId)",
            "503", "database-unavailable or database-busy, with Retry-After");

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().forEach((path, item) -> {
                if (path.startsWith("/api/")) {
                    item.getOperations().values().forEach(ProblemResponses::addProblems);
                }
            });
        }
        Components components = openAPI.getComponents();
        Schema problem = components == null || components.getSchemas() == null ? null
                : components.getSchemas().get("Problem");
        if (problem != null && problem.getProperties() != null && problem.getProperties().get("code") != null) {
            List<Object> codes = Arrays.stream(ProblemCode.values()).map(code -> (Object) code.code()).toList();
            problem.getProperties().get("code").setEnumeration(codes);
        }
    }

    private static void addProblems(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        for (Map.Entry<String, String> problem : COMMON.entrySet()) {
            APIResponse response = responses.getAPIResponse(problem.getKey());
            if (response == null) {
                responses.addAPIResponse(problem.getKey(), OASFactory.createAPIResponse()
                        .description(problem.getValue()).content(problemContent()));
            } else if (response.getContent() == null || response.getContent().getMediaTypes().isEmpty()) {
                // Responses Quarkus adds on its own (400, 401, 403) come without a body: every error has one.
                response.description(problem.getValue()).content(problemContent());
            }
        }
    }
}
