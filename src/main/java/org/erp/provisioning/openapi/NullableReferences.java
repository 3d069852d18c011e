package org.erp.provisioning.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Writes every property that refers to another schema with nothing typed beside the reference, and a nullable one
 * the way OpenAPI 3.1 means it: {@code anyOf: [{$ref}, {type: "null"}]}. SmallRye drops {@code nullable} beside a
 * {@code ref}, so such a property is marked with {@value #MARK} instead ({@code @Schema(ref = ..., extensions =
 * @Extension(name = NullableReferences.MARK, value = "true"))}). SmallRye also writes a type beside the references
 * it makes itself ({@code Instant}, {@code LocalDate}), which generators would intersect with the referred schema.
 * Runs when the service is built, before the merge-patch schemas are derived from the create schemas.
 */
@OpenApiFilter(value = OpenApiFilter.RunStage.BUILD, priority = NullableReferences.PRIORITY)
public class NullableReferences implements OASFilter {

    public static final String MARK = "x-nullable-reference";
    static final int PRIORITY = MergePatchSchemas.PRIORITY + 1;

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        for (Schema schema : schemas.values()) {
            if (schema.getProperties() != null) {
                schema.getProperties().values().forEach(NullableReferences::rewrite);
            }
        }
    }

    private static void rewrite(Schema property) {
        if (property.getRef() != null && property.getExtensions() != null && property.getExtensions().containsKey(MARK)) {
            String ref = property.getRef();
            property.removeExtension(MARK);
            property.setRef(null);
            property.setAnyOf(List.of(OASFactory.createSchema().ref(ref), nullSchema()));
        }
        if (property.getRef() != null || isNullableReference(property.getAnyOf())) {
            property.setType(null);
        }
    }

    private static boolean isNullableReference(List<Schema> anyOf) {
        return anyOf != null && anyOf.size() == 2 && anyOf.get(0).getRef() != null
                && List.of(Schema.SchemaType.NULL).equals(anyOf.get(1).getType());
    }

    private static Schema nullSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.NULL);
    }
}
