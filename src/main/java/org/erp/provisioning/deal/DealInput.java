package org.erp.provisioning.deal;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.erp.provisioning.enums.EnumCatalog;
import org.erp.provisioning.enums.EnumLabels;
import org.erp.provisioning.enums.PgEnumType;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.FieldErrors;
import org.erp.provisioning.web.BodyField;
import org.erp.provisioning.web.InputValidator;
import org.erp.provisioning.web.JsonBody;

/** Reads and checks deal bodies before anything touches the database, every fault in one problem. */
@ApplicationScoped
class DealInput {

    private static final Set<String> FIELDS = Set.of("title", "amountCents", "currency", "stage", "expectedCloseDate");
    private static final Set<String> ISO_4217 = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    private final EnumCatalog catalog;
    private final InputValidator validator;

    DealInput(EnumCatalog catalog, InputValidator validator) {
        this.catalog = catalog;
        this.validator = validator;
    }

    /** The {@code stage} query parameter of a list: a label, or empty when the parameter is absent or blank. */
    Uni<Optional<String>> stageFilter(String stage) {
        return catalog.labels().map(labels -> {
            FieldErrors errors = new FieldErrors();
            String label = labels.parameter(PgEnumType.DEAL_STAGE, "stage", stage, errors);
            errors.throwIfAny();
            return Optional.ofNullable(label);
        });
    }

    Uni<DealChanges> read(JsonNode json, boolean create) {
        return Uni.createFrom().item(() -> JsonBody.of(json, FIELDS))
                .chain(body -> catalog.labels().map(labels -> check(body, labels, create)));
    }

    private DealChanges check(JsonBody body, EnumLabels labels, boolean create) {
        FieldErrors errors = new FieldErrors();
        BodyField<String> title = body.text("title").map(String::strip);
        BodyField<Long> amountCents = body.integer("amountCents", errors);
        BodyField<String> currency = body.text("currency").map(value -> value.strip().toUpperCase(Locale.ROOT));
        BodyField<String> stage = body.text("stage");
        BodyField<LocalDate> expectedCloseDate = body.date("expectedCloseDate", errors);
        body.requireWellFormed();
        body.reportInvalid(errors);

        validator.required(DealRequest.class, "title", title, create, errors);
        validator.required(DealRequest.class, "amountCents", amountCents, create, errors);
        validator.required(DealRequest.class, "currency", currency, create, errors);
        if (currency.hasValue() && !ISO_4217.contains(currency.value())) {
            errors.add("currency", FieldCode.INVALID_FORMAT, "must be an ISO 4217 currency code", currency.value());
        }
        // null or blank stage: the database default on create, unchanged on PATCH.
        BodyField<String> label = labels.check(PgEnumType.DEAL_STAGE, "stage", stage.isNull() ? BodyField.absent() : stage, errors);
        errors.throwIfAny();
        return new DealChanges(title, amountCents, currency, label, expectedCloseDate);
    }
}
