package org.erp.provisioning.account;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.erp.provisioning.domain.HostNames;
import org.erp.provisioning.enums.EnumCatalog;
import org.erp.provisioning.enums.EnumLabels;
import org.erp.provisioning.enums.PgEnumType;
import org.erp.provisioning.persistence.DatabaseTime;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.FieldErrors;
import org.erp.provisioning.web.BodyField;
import org.erp.provisioning.web.InputValidator;
import org.erp.provisioning.web.JsonBody;
import org.erp.provisioning.web.StorableText;

/**
 * Reads and checks account bodies before anything touches the database, reporting every field at fault in one
 * problem. Enum labels come from the catalog already in memory.
 */
@ApplicationScoped
class AccountInput {

    private static final Set<String> PATCH_FIELDS = Set.of("name", "slug", "ownerEmail", "subscriptionStatus",
            "planTier", "billingInterval", "trialEndsAt");
    private static final Set<String> CREATE_FIELDS = union(PATCH_FIELDS, "domains");

    private final EnumCatalog catalog;
    private final InputValidator validator;

    AccountInput(EnumCatalog catalog, InputValidator validator) {
        this.catalog = catalog;
        this.validator = validator;
    }

    Uni<AccountChanges> forCreate(JsonNode json) {
        return read(json, true);
    }

    Uni<AccountChanges> forPatch(JsonNode json) {
        return read(json, false);
    }

    /** The labels every check of a batch of creates is made against: read once for the batch, not once a line. */
    Uni<EnumLabels> labels() {
        return catalog.labels();
    }

    /** The checked create of {@code json} against {@code labels}; fails with the problem a single create would get. */
    AccountChanges forCreate(JsonNode json, EnumLabels labels) {
        return check(JsonBody.of(json, CREATE_FIELDS), labels, true);
    }

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 200;

    /**
     * The filters of an export (every matching account): those of a list; paging is refused, since an export is
     * every row at once, never a page.
     */
    Uni<AccountFilter> forExport(String subscriptionStatus, String planTier, String text, String limit, String cursor) {
        FieldErrors paging = new FieldErrors();
        if (limit != null) {
            paging.add("limit", FieldCode.INVALID_FORMAT, "an export is every matching account: it takes no limit", limit);
        }
        if (cursor != null) {
            paging.add("cursor", FieldCode.INVALID_FORMAT, "an export is every matching account: it takes no cursor", cursor);
        }
        paging.throwIfAny();
        return forList(subscriptionStatus, planTier, text, null, null).map(AccountQuery::filter);
    }

    /** The query parameters of a list, every fault in one problem, like a body's. */
    Uni<AccountQuery> forList(String subscriptionStatus, String planTier, String text, String limit, String cursor) {
        return catalog.labels().map(labels -> {
            FieldErrors errors = new FieldErrors();
            String status = labels.parameter(PgEnumType.SUBSCRIPTION_STATUS, "subscriptionStatus", subscriptionStatus, errors);
            String tier = labels.parameter(PgEnumType.PLAN_TIER, "planTier", planTier, errors);
            int size = pageSize(limit, errors);
            PageCursor after = null;
            if (cursor != null && !cursor.isBlank()) {
                after = PageCursor.decode(cursor.strip()).orElse(null);
                if (after == null) {
                    errors.add("cursor", FieldCode.INVALID_CURSOR, "is not a cursor this service issued", cursor);
                }
            }
            if (text != null && !StorableText.isStorable(text)) {
                errors.add("q", FieldCode.INVALID_TEXT, StorableText.MESSAGE, null);
            }
            errors.throwIfAny();
            return new AccountQuery(new AccountFilter(status, tier, text == null || text.isBlank() ? null : text.strip()),
                    after, size);
        });
    }

    private static int pageSize(String limit, FieldErrors errors) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int size = Integer.parseInt(limit.strip());
            if (size >= 1 && size <= MAX_PAGE_SIZE) {
                return size;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        errors.add("limit", FieldCode.OUT_OF_RANGE, "must be an integer from 1 to " + MAX_PAGE_SIZE, limit);
        return DEFAULT_PAGE_SIZE;
    }

    private Uni<AccountChanges> read(JsonNode json, boolean create) {
        return Uni.createFrom().item(() -> JsonBody.of(json, create ? CREATE_FIELDS : PATCH_FIELDS))
                .chain(body -> catalog.labels().map(labels -> check(body, labels, create)));
    }

    private AccountChanges check(JsonBody body, EnumLabels labels, boolean create) {
        FieldErrors errors = new FieldErrors();
        BodyField<String> name = body.text("name");
        BodyField<String> slug = body.text("slug");
        BodyField<String> ownerEmail = body.text("ownerEmail");
        BodyField<String> status = body.text("subscriptionStatus");
        BodyField<String> planTier = body.text("planTier");
        BodyField<String> interval = body.text("billingInterval");
        BodyField<Instant> trialEndsAt = body.timestamp("trialEndsAt", errors);
        BodyField<List<String>> domains = create ? body.texts("domains") : BodyField.absent();
        body.requireWellFormed();
        body.reportInvalid(errors);

        name = name.map(String::strip);
        ownerEmail = ownerEmail.map(String::strip);
        validator.required(AccountRequest.class, "name", name, create, errors);
        validator.required(AccountRequest.class, "ownerEmail", ownerEmail, create, errors);
        slug = slug(slug, name, create, errors);
        if (trialEndsAt.hasValue() && trialEndsAt.value().isBefore(DatabaseTime.now())) {
            errors.add("trialEndsAt", FieldCode.IN_PAST, "must not be in the past", trialEndsAt.value().toString());
        }
        AccountChanges changes = new AccountChanges(name, slug, ownerEmail,
                labels.check(PgEnumType.SUBSCRIPTION_STATUS, "subscriptionStatus", status, errors),
                labels.check(PgEnumType.PLAN_TIER, "planTier", planTier, errors),
                labels.check(PgEnumType.BILLING_INTERVAL, "billingInterval", interval, errors),
                create && trialEndsAt.isNull() ? BodyField.absent() : trialEndsAt,
                domains(domains, errors));
        errors.throwIfAny();
        return changes;
    }

    private BodyField<String> slug(BodyField<String> given, BodyField<String> name, boolean create, FieldErrors errors) {
        BodyField<String> slug = given.map(String::strip);
        if (slug.hasValue() && !slug.value().isEmpty()) {
            validator.check(AccountRequest.class, "slug", slug.value(), errors);
            return slug;
        }
        if (!create) {
            if (slug.isPresent()) {
                errors.add("slug", FieldCode.REQUIRED, "cannot be cleared", given.value());
            }
            return BodyField.absent();
        }
        if (!name.hasValue() || errors.has("name")) {
            return BodyField.absent();
        }
        String derived = Slugs.derive(name.value());
        if (derived.isEmpty()) {
            errors.add("slug", FieldCode.REQUIRED, "cannot be derived from the name; send a slug", null);
        }
        return BodyField.of(derived);
    }

    private static List<String> domains(BodyField<List<String>> names, FieldErrors errors) {
        if (!names.hasValue()) {
            return List.of();
        }
        List<String> domains = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.value().size(); i++) {
            String field = "domains[" + i + "]";
            String given = names.value().get(i);
            HostNames.normalise(given).ifPresentOrElse(domain -> {
                if (seen.add(domain)) {
                    domains.add(domain);
                } else {
                    errors.add(field, FieldCode.DUPLICATE, "is listed twice", given);
                }
            }, () -> errors.add(field, FieldCode.INVALID_FORMAT, HostNames.problemWith(given), given));
        }
        return domains;
    }

    private static Set<String> union(Set<String> fields, String extra) {
        Set<String> all = new HashSet<>(fields);
        all.add(extra);
        return Set.copyOf(all);
    }
}
