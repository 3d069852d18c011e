package org.erp.provisioning.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Derives the body schema of each PATCH (a JSON merge patch, RFC 7396) from the body schema of its create, so a
 * field is described once: the same fields with the same rules, less those only a create takes, and none required.
 * A field may be null in a patch exactly where it may be null in a create: where null clears the field or means its
 * database default ("unchanged", in a patch). Runs when the service is built.
 */
@OpenApiFilter(value = OpenApiFilter.RunStage.BUILD, priority = MergePatchSchemas.PRIORITY)
public class MergePatchSchemas implements OASFilter {

    static final int PRIORITY = 200;

    public static final String ACCOUNT_PATCH = "AccountPatch";
    public static final String DOMAIN_PATCH = "DomainPatch";
    public static final String DEAL_PATCH = "DealPatch";

    private record Derivation(String createSchema, Set<String> createOnly) {
    }

    /** In a fixed order, so the document comes out the same at every start (Map.of's order changes between runs). */
    private static final Map<String, Derivation> PATCHES = new TreeMap<>(Map.of(
            ACCOUNT_PATCH, new Derivation("AccountCreate", Set.of("domains")),
            DOMAIN_PATCH, new Derivation("DomainCreate", Set.of()),
            DEAL_PATCH, new Derivation("DealCreate", Set.of())));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        PATCHES.forEach((name, derivation) -> {
            Schema create = schemas.get(derivation.createSchema());
            if (create == null) {
                throw new IllegalStateException("No schema " + derivation.createSchema() + " to derive " + name + " from");
            }
            Schema patch = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                    .description("A JSON merge patch (RFC 7396): a field left out is unchanged, null clears a field "
                            + "that may be null. " + create.getDescription())
                    .additionalPropertiesBoolean(create.getAdditionalPropertiesBoolean());
            create.getProperties().forEach((field, property) -> {
                if (!derivation.createOnly().contains(field)) {
                    patch.addProperty(field, property);
                }
            });
            openAPI.getComponents().addSchema(name, patch);
        });
    }
}
