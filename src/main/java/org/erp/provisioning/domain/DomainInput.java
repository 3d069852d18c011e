package org.erp.provisioning.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.erp.provisioning.enums.EnumCatalog;
import org.erp.provisioning.enums.EnumLabels;
import org.erp.provisioning.enums.PgEnumType;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.FieldErrors;
import org.erp.provisioning.web.BodyField;
import org.erp.provisioning.web.InputValidator;
import org.erp.provisioning.web.JsonBody;

/** Reads and checks domain bodies before anything touches the database, every fault in one problem. */
@ApplicationScoped
class DomainInput {

    private static final Set<String> FIELDS = Set.of("domain", "status");

    private final EnumCatalog catalog;

    DomainInput(EnumCatalog catalog) {
        this.catalog = catalog;
    }

    Uni<DomainChanges> read(JsonNode json, boolean create) {
        return Uni.createFrom().item(() -> JsonBody.of(json, FIELDS))
                .chain(body -> catalog.labels().map(labels -> check(body, labels, create)));
    }

    private static DomainChanges check(JsonBody body, EnumLabels labels, boolean create) {
        FieldErrors errors = new FieldErrors();
        BodyField<String> domain = body.text("domain");
        BodyField<String> status = body.text("status");
        body.requireWellFormed();
        body.reportInvalid(errors);

        BodyField<String> name = BodyField.absent();
        if (InputValidator.isGiven("domain", domain, create, errors)) {
            name = HostNames.normalise(domain.value()).map(BodyField::of).orElseGet(() -> {
                errors.add("domain", FieldCode.INVALID_FORMAT, HostNames.problemWith(domain.value()), domain.value());
                return BodyField.absent();
            });
        }
        // null or blank status: the database default on create, unchanged on PATCH.
        BodyField<String> label = labels.check(PgEnumType.DOMAIN_STATUS, "status", status.isNull() ? BodyField.absent() : status, errors);
        errors.throwIfAny();
        return new DomainChanges(name, label);
    }
}
