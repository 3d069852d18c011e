package org.erp.provisioning.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Collects every field at fault in a request, so a client learns all of them in one answer, then throws one
 * problem: {@code invalid-enum-value} when every fault is an enum value (unknown, or ambiguous between labels),
 * {@code validation-failed} otherwise.
 */
public final class FieldErrors {

    private final List<FieldError> errors = new ArrayList<>();

    public FieldErrors add(FieldError error) {
        errors.add(error);
        return this;
    }

    public FieldErrors add(String field, FieldCode code, String message, Object rejectedValue) {
        return add(FieldError.of(field, code, message, rejectedValue));
    }

    public boolean has(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        boolean allEnums = errors.stream().allMatch(e -> FieldCode.isEnumValueFault(e.code()));
        String detail = errors.stream()
                .map(e -> e.field() + " " + e.message())
                .collect(Collectors.joining("; "));
        throw new ProblemException(allEnums ? ProblemCode.INVALID_ENUM_VALUE : ProblemCode.VALIDATION_FAILED,
                detail, errors);
    }
}
