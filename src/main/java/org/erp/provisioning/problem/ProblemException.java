package org.erp.provisioning.problem;

import java.util.List;

/**
 * A failure already classified as a problem: thrown by the service's own checks and produced by the handlers
 * that classify foreign failures. Carries no stack trace: it is an answer, not a bug.
 */
public class ProblemException extends RuntimeException {

    private final ProblemCode code;
    private final List<FieldError> errors;
    private final String existing;

    public ProblemException(ProblemCode code, String detail) {
        this(code, detail, List.of());
    }

    public ProblemException(ProblemCode code, String detail, List<FieldError> errors) {
        this(code, detail, errors, null);
    }

    public ProblemException(ProblemCode code, String detail, List<FieldError> errors, Throwable cause) {
        this(code, detail, errors, cause, null);
    }

    private ProblemException(ProblemCode code, String detail, List<FieldError> errors, Throwable cause, String existing) {
        super(detail, cause, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
        this.existing = existing;
    }

    /**
     * This problem, naming the resource that holds the value it refuses ({@code existing}), on the problem and on
     * each of its errors that has none yet.
     */
    public ProblemException heldBy(String path) {
        return new ProblemException(code, detail(), errors.stream()
                .map(error -> error.existing() == null ? error.heldBy(path) : error).toList(), getCause(), path);
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

    /** The path of the resource that holds the refused value, or null. */
    public String existing() {
        return existing;
    }
}
