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
    private final String etag;

    public ProblemException(ProblemCode code, String detail) {
        this(code, detail, List.of());
    }

    public ProblemException(ProblemCode code, String detail, List<FieldError> errors) {
        this(code, detail, errors, null);
    }

    public ProblemException(ProblemCode code, String detail, List<FieldError> errors, Throwable cause) {
        this(code, detail, errors, cause, null, null);
    }

    private ProblemException(ProblemCode code, String detail, List<FieldError> errors, Throwable cause, String existing,
                             String etag) {
        super(detail, cause, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
        this.existing = existing;
        this.etag = etag;
    }

    /**
     * This problem, naming the resource that holds the value it refuses ({@code existing}), on the problem and on
     * each of its errors that has none yet.
     */
    public ProblemException heldBy(String path) {
        return new ProblemException(code, detail(), errors.stream()
                .map(error -> error.existing() == null ? error.heldBy(path) : error).toList(), getCause(), path, etag);
    }

    /** This problem, its errors replaced by {@code replaced}. */
    public ProblemException withErrors(List<FieldError> replaced) {
        return new ProblemException(code, detail(), replaced, getCause(), existing, etag);
    }

    /** This problem, each of its errors naming {@code field} instead of its own (a list refused as a whole). */
    public ProblemException atField(String field) {
        return withErrors(errors.stream().map(error -> error.atField(field)).toList());
    }

    /** This problem, caused by {@code failure}: the foreign failure it classifies. */
    public ProblemException causedBy(Throwable failure) {
        return new ProblemException(code, detail(), errors, failure, existing, etag);
    }

    /** This problem, about a resource whose current version is {@code etag}, sent as its {@code ETag} header (412). */
    public ProblemException withEtag(String etag) {
        return new ProblemException(code, detail(), errors, getCause(), existing, etag);
    }

    /** The {@code ETag} of the current version of the resource the problem is about, or null. */
    public String etag() {
        return etag;
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
