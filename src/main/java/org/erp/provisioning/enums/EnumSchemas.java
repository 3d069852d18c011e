package org.erp.provisioning.enums;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Optional;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * The OpenAPI document's schema of each EVA enum type, listing the labels of the catalog as the service last read
 * it, and the schema of {@code GET /api/v1/enums}. Built for every request of the document, so a label EVA adds
 * shows in it after the next catalog refresh, without a release. Fields and parameters that hold a label refer to
 * these schemas by the names below.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_PER_REQUEST)
@ApplicationScoped
public class EnumSchemas implements OASFilter {

    public static final String SUBSCRIPTION_STATUS = "SubscriptionStatus";
    public static final String PLAN_TIER = "PlanTier";
    public static final String BILLING_INTERVAL = "BillingInterval";
    public static final String DOMAIN_STATUS = "DomainStatus";
    public static final String DEAL_STAGE = "DealStage";
    /** The body of {@code GET /api/v1/enums}. */
    public static final String ENUM_LABELS = "EnumLabels";

    private final EnumCatalog catalog;

    EnumSchemas(EnumCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Optional<EnumLabels> labels = catalog.lastRead();
        Schema byField = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("The labels of each enum type, in database order, read from the catalog on this call");
        for (PgEnumType type : PgEnumType.values()) {
            openAPI.getComponents().addSchema(type.schemaName(), labelSchema(type, labels));
            byField.addProperty(type.apiKey(), OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                    .items(reference(type.schemaName())));
            byField.addRequired(type.apiKey());
        }
        openAPI.getComponents().addSchema(ENUM_LABELS, byField);
    }

    private static Schema labelSchema(PgEnumType type, Optional<EnumLabels> labels) {
        Schema schema = OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(
                "A label of EVA's " + type.typeName() + " type, as the database spells it. Listed as the service last "
                        + "read the catalog (at start, every erp.schema.refresh-interval, on GET /api/v1/enums): a label "
                        + "EVA adds is listed after the next read. Input accepts any spelling of a label (case, surrounding "
                        + "space, '-', '_' and white space runs are ignored) that names one label: an exact label wins, "
                        + "then the only label equal ignoring case; a value matching several labels otherwise is refused "
                        + "(invalid-enum-value, field code ambiguous-enum-value).");
        // Until the database has been read once the labels are unknown, and the document says no more than that.
        labels.ifPresent(read -> schema.enumeration(new ArrayList<>(read.of(type))));
        return schema;
    }

    /** A reference to the schema of that name in the document's components. */
    public static Schema reference(String schemaName) {
        return OASFactory.createSchema().ref("#/components/schemas/" + schemaName);
    }
}
