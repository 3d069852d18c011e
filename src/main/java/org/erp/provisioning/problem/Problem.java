package org.erp.provisioning.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem, the body of every response that is not a success. */
// Serialised from Response entities and router handlers, which the native build does not see by itself.
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record Problem(
        @Schema(description = "URI identifying the problem type; ends in the code") String type,
        String title,
        int status,
        String detail,
        @Schema(description = "The request path") String instance,
        @Schema(description = "Stable problem code") String code,
        @Schema(description = "The request id, also sent as X-Request-Id") String requestId,
        @Schema(description = "Every field at fault") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
