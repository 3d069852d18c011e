package org.erp.provisioning.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.util.Map;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.FieldErrors;
import org.hibernate.validator.constraints.CodePointLength;

/**
 * Checks one field's value against the Bean Validation constraints its request record declares, so the record
 * that documents a body in OpenAPI is also the single source of its rules. Violations become field errors
 * with stable codes.
 */
@ApplicationScoped
public class InputValidator {

    private static final Map<Class<? extends Annotation>, FieldCode> CODES = Map.of(
            NotBlank.class, FieldCode.BLANK,
            Size.class, FieldCode.TOO_LONG,
            CodePointLength.class, FieldCode.TOO_LONG,
            Email.class, FieldCode.INVALID_EMAIL,
            Pattern.class, FieldCode.INVALID_FORMAT,
            PositiveOrZero.class, FieldCode.OUT_OF_RANGE);

    private final Validator validator;

    InputValidator(Validator validator) {
        this.validator = validator;
    }

    /**
     * A field that may not be cleared: required on create, never {@code null} on PATCH, and when it has a value,
     * checked against the record's constraints. A field the body reader already faulted is left alone.
     */
    public void required(Class<?> record, String field, BodyField<?> value, boolean create, FieldErrors errors) {
        if (isGiven(field, value, create, errors)) {
            check(record, field, value.value(), errors);
        }
    }

    /**
     * The required-field rule on its own, for fields checked by other means than the record's constraints:
     * reports {@code required} when the field is missing and answers whether there is a value to check.
     */
    public static boolean isGiven(String field, BodyField<?> value, boolean create, FieldErrors errors) {
        if (errors.has(field)) {
            return false;
        }
        if (value.isNull() || (create && !value.isPresent())) {
            errors.add(field, FieldCode.REQUIRED, "is required", null);
            return false;
        }
        return value.hasValue();
    }

    public <T> void check(Class<T> record, String field, Object value, FieldErrors errors) {
        for (ConstraintViolation<T> violation : validator.validateValue(record, field, value)) {
            Class<? extends Annotation> constraint = violation.getConstraintDescriptor().getAnnotation().annotationType();
            errors.add(field, CODES.getOrDefault(constraint, FieldCode.INVALID_FORMAT), violation.getMessage(), value);
        }
    }
}
