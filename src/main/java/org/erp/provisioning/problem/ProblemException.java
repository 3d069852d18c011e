package org.erp.provisioning.problem;

import java.util.List;

/**
 * A failure already classified as a problem: thrown by the service's own checks and produced by the handlers
 * that classify foreign failures. Carries no stack trace: it is an answer, not a bug.
 */
public class ProblemException extends RuntimeException {

    private final ProblemCode code;
    private final List<FieldError> errors;

    public ProblemException(ProblemCode code, String detail) {
        this(code, detail, List.of());
    }

    public ProblemException(ProblemCode code, String detail, List<FieldError> errors) {
        this(code, detail, errors, null);
    }

    public ProblemException(ProblemCode code, String detail, List<FieldError> errors, Throwable cause) {
        super(detail, cause, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public ProblemCode code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }
}
