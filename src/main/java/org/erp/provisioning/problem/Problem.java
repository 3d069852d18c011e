package org.erp.provisioning.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem, the body of every response that is not a success. */
// Serialised from Response entities and router handlers, which the native build does not see by itself.
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json). Members without a value "
        + "are left out.")
public record Problem(
        @Schema(required = true, description = "URI identifying the problem type; ends in the code",
                examples = "https://erp.example/problems/validation-failed") String type,
        @Schema(required = true, examples = "Validation failed") String title,
        @Schema(required = true, description = "The HTTP status", examples = "400") int status,
        @Schema(description = "What went wrong, for a human") String detail,
        @Schema(required = true, description = "The request path", examples = "/api/v1/accounts") String instance,
        @Schema(required = true, description = "Stable problem code") String code,
        @Schema(required = true, description = "The request id, also sent as X-Request-Id") String requestId,
        @Schema(description = "Every field at fault") List<FieldError> errors,
        @Schema(description = "On 409 slug-taken and domain-taken: the path of the resource that holds the value, "
                + "readable with GET (for several taken domains, the first; each error names its own)",
                examples = "/api/v1/accounts/6f1c9a52-3f4e-4a8e-9b1e-2b7d0c4e5a10") String existing) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
