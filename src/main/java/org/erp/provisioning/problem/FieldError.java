package org.erp.provisioning.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One field at fault in a request, with its own code. */
// Serialised from Response entities and router handlers, which the native build does not see by itself.
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A field at fault")
public record FieldError(
        @Schema(required = true, description = "JSON field or query parameter name", examples = "stage") String field,
        // The enumeration of codes is added to the document from FieldCode (openapi/ProblemResponses).
        @Schema(required = true, description = "What is wrong with it", examples = "invalid-enum-value") String code,
        @Schema(description = "Human-readable explanation") String message,
        @Schema(description = "The value as received") Object rejectedValue,
        @Schema(description = "For invalid-enum-value, the labels accepted; for ambiguous-enum-value, the labels the value"
                + " matches; in database order") List<String> allowedValues,
        @Schema(description = "For slug-taken and domain-taken: the path of the resource that holds the value")
        String existing) {

    public static FieldError of(String field, FieldCode code, String message, Object rejectedValue) {
        return new FieldError(field, code.code(), message, rejectedValue, null, null);
    }

    /** This error, about {@code other} instead of its own field. */
    public FieldError atField(String other) {
        return new FieldError(other, code, message, rejectedValue, allowedValues, existing);
    }

    /** This error, naming the resource that holds the value it refuses. */
    public FieldError heldBy(String path) {
        return new FieldError(field, code, message, rejectedValue, allowedValues, path);
    }
}
