package org.erp.provisioning.problem;

/**
 * Every code a field error can carry, defined once like {@link ProblemCode}: the OpenAPI document lists them from
 * here. Each is what is wrong with one field or query parameter; the problem around them says what the request
 * as a whole is.
 */
public enum FieldCode {
    REQUIRED("required"),
    BLANK("blank"),
    TOO_LONG("too-long"),
    INVALID_FORMAT("invalid-format"),
    INVALID_EMAIL("invalid-email"),
    /** Not one of its enum type's labels; the error lists the labels allowed. */
    INVALID_ENUM_VALUE("invalid-enum-value"),
    READ_ONLY("read-only"),
    IN_PAST("in-past"),
    /** Numbers, and dates and timestamps outside the years 1 to 9999. */
    OUT_OF_RANGE("out-of-range"),
    /** A field the resource does not have (400 malformed-request). */
    UNKNOWN_FIELD("unknown-field"),
    /** A JSON value of the wrong type (400 malformed-request). */
    WRONG_TYPE("wrong-type"),
    SLUG_TAKEN("slug-taken"),
    /** NUL characters or unpaired surrogates, which PostgreSQL cannot store. */
    INVALID_TEXT("invalid-text"),
    DUPLICATE("duplicate"),
    DOMAIN_TAKEN("domain-taken"),
    INVALID_CURSOR("invalid-cursor");

    private final String code;

    FieldCode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
