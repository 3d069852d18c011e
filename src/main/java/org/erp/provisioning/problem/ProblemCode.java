package org.erp.provisioning.problem;

/**
 * Every problem the service answers with, defined once: the stable {@code code} clients match on, the HTTP
 * status and the human title. The problem's {@code type} URI ends in the code.
 */
public enum ProblemCode {
    VALIDATION_FAILED(400, "validation-failed", "Validation failed"),
    INVALID_ENUM_VALUE(400, "invalid-enum-value", "Invalid enum value"),
    MALFORMED_REQUEST(400, "malformed-request", "Malformed request"),
    CONSTRAINT_VIOLATED(400, "constraint-violated", "Database constraint violated"),
    UNAUTHENTICATED(401, "unauthenticated", "Unauthenticated"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    ACCOUNT_NOT_FOUND(404, "account-not-found", "Account not found"),
    DOMAIN_NOT_FOUND(404, "domain-not-found", "Domain not found"),
    DEAL_NOT_FOUND(404, "deal-not-found", "Deal not found"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    SLUG_TAKEN(409, "slug-taken", "Slug taken"),
    DOMAIN_TAKEN(409, "domain-taken", "Domain taken"),
    CONFLICT(409, "conflict", "Conflict"),
    PRECONDITION_FAILED(412, "precondition-failed", "Precondition failed"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    URI_TOO_LONG(414, "uri-too-long", "Request line too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    PRECONDITION_REQUIRED(428, "precondition-required", "Precondition required"),
    HEADERS_TOO_LARGE(431, "headers-too-large", "Request headers too large"),
    INTERNAL_ERROR(500, "internal-error", "Internal error"),
    SCHEMA_MISMATCH(500, "schema-mismatch", "Schema mismatch"),
    DATABASE_UNAVAILABLE(503, "database-unavailable", "Database unavailable"),
    DATABASE_BUSY(503, "database-busy", "Database busy"),
    SHUTTING_DOWN(503, "shutting-down", "Shutting down");

    /** Base of every problem {@code type}; the code is appended. */
    public static final String TYPE_BASE = "https://erp.example/problems/";

    private final int status;
    private final String code;
    private final String title;

    ProblemCode(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String type() {
        return TYPE_BASE + code;
    }
}
