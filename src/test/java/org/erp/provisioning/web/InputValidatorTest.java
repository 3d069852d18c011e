package org.erp.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.validation.Validation;
import java.util.List;
import org.erp.provisioning.account.AccountRequest;
import org.erp.provisioning.problem.FieldErrors;
import org.erp.provisioning.problem.ProblemException;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/** The constraints a request record declares become field errors with stable codes. */
class InputValidatorTest {

    private final InputValidator validator = new InputValidator(Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator());

    private List<String> codesOf(String field, Object value) {
        FieldErrors errors = new FieldErrors();
        validator.check(AccountRequest.class, field, value, errors);
        if (!errors.has(field)) {
            return List.of();
        }
        return assertThrows(ProblemException.class, errors::throwIfAny).errors().stream()
                .map(error -> error.code()).sorted().toList();
    }

    @Test
    void eachConstraintHasItsCode() {
        assertEquals(List.of(), codesOf("slug", "acme-gmbh"));
        assertEquals(List.of("invalid-format"), codesOf("slug", "Acme GmbH"));
        assertEquals(List.of("too-long"), codesOf("slug", "a".repeat(64)));
        assertEquals(List.of("invalid-email"), codesOf("ownerEmail", "not-an-address"));
        assertEquals(List.of("blank"), codesOf("name", "   "));
        assertEquals(List.of(), codesOf("name", "ü".repeat(200)), "200 characters, 400 bytes: within varchar(200)");
        assertEquals(List.of("too-long"), codesOf("name", "\uD83D\uDE00".repeat(201)), "201 characters, 402 UTF-16 units");
    }

    @Test
    void aRequiredFieldMustBeGivenOnCreateAndCannotBeCleared() {
        FieldErrors onCreate = new FieldErrors();
        validator.required(AccountRequest.class, "name", BodyField.absent(), true, onCreate);
        assertTrue(onCreate.has("name"));
        FieldErrors onPatch = new FieldErrors();
        validator.required(AccountRequest.class, "name", BodyField.absent(), false, onPatch);
        assertFalse(onPatch.has("name"), "a PATCH may leave it out");
        validator.required(AccountRequest.class, "name", BodyField.ofNull(), false, onPatch);
        assertEquals("required", assertThrows(ProblemException.class, onPatch::throwIfAny).errors().get(0).code());
    }
}
