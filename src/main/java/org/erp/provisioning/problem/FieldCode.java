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
    /**
     * Matches two or more of its enum type's labels, none of them exactly or as the only one ignoring case; the error
     * lists the labels it matches. An enum-value fault like {@link #INVALID_ENUM_VALUE}.
     */
    AMBIGUOUS_ENUM_VALUE("ambiguous-enum-value"),
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

    /**
     * Whether a field error of code {@code code} is about an enum value (unknown or ambiguous): a problem whose every
     * field error is one is {@code invalid-enum-value}, any other {@code validation-failed}.
     */
    public static boolean isEnumValueFault(String code) {
        return INVALID_ENUM_VALUE.code.equals(code) || AMBIGUOUS_ENUM_VALUE.code.equals(code);
    }
}
