package org.erp.provisioning.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.erp.provisioning.problem.Problem;

/**
 * The served OpenAPI document as a judge of responses: given a request's method and path and the response, it lists
 * every way the response differs from what the document describes (status, media type, body schema, required
 * headers). Bodies are validated with the JSON Schema dialect of OpenAPI 3.1 against the document's own schemas, its
 * references resolved inside it. Objects the document describes are closed for the check: a member the document does
 * not name is a difference too, so the document cannot fall behind the service unnoticed.
 */
public final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NDJSON = "application/x-ndjson";
    private static final String DOCUMENT_IRI = "https://erp-provisioning.test/openapi.json";
    private static final String PROBLEM = "#/components/schemas/Problem";

    private final JsonNode document;
    private final SchemaRegistry schemas;
    private final List<PathTemplate> paths;

    private record PathTemplate(String template, Pattern pattern, int variables) {
    }

    /** A response as the client received it; {@code contentType} and {@code headers} as sent, names any case. */
    public record Received(int status, String contentType, Function<String, String> header, String body) {
    }

    public OpenApiContract(String documentJson) {
        try {
            this.document = JSON.readTree(documentJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("The OpenAPI document is not JSON", e);
        }
        JsonNode closed = document.deepCopy();
        closed.path("components").path("schemas").forEach(OpenApiContract::close);
        String closedJson = closed.toString();
        // The document's own members (openapi, paths, ...) are no schema keywords: they are passed over in silence.
        Dialect openApi31 = Dialect.builder(Dialects.getOpenApi31())
                .unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword)).build();
        this.schemas = SchemaRegistry.withDialect(openApi31, builder -> builder
                .schemas(Map.of(DOCUMENT_IRI, closedJson))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        List<PathTemplate> templates = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(path -> templates.add(new PathTemplate(path,
                Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q")),
                path.split("\\{", -1).length - 1)));
        // A literal path wins over a template that also matches it.
        templates.sort(Comparator.comparingInt(PathTemplate::variables));
        this.paths = List.copyOf(templates);
    }

    /** Every difference between {@code response} and what the document says {@code method path} answers. */
    public List<String> differences(String method, String path, Received response) {
        String verb = method.toLowerCase(Locale.ROOT);
        boolean head = verb.equals("head");
        Optional<PathTemplate> template = paths.stream().filter(t -> t.pattern().matcher(path).matches()).findFirst();
        JsonNode operation = template.map(t -> document.path("paths").path(t.template()).path(head ? "get" : verb))
                .orElse(null);
        String where = method + " " + template.map(PathTemplate::template).orElse(path);
        if (operation == null || operation.isMissingNode()) {
            return undocumentedRoute(where, verb, response);
        }
        List<String> differences = new ArrayList<>();
        String status = String.valueOf(response.status());
        JsonNode documented = operation.path("responses").path(status);
        if (documented.isMissingNode()) {
            differences.add(where + " answered " + status + ", which the document does not list for it: " + brief(response));
            return differences;
        }
        String pointer = "#/paths/" + escape(template.get().template()) + "/" + (head ? "get" : verb) + "/responses/" + status;
        documented = resolve(documented);
        documented.path("headers").fields().forEachRemaining(header -> {
            if (resolve(header.getValue()).path("required").asBoolean() && response.header().apply(header.getKey()) == null) {
                differences.add(where + " " + status + " lacks the header " + header.getKey());
            }
        });
        JsonNode content = documented.path("content");
        boolean empty = response.body() == null || response.body().isEmpty();
        if (content.isMissingNode() || content.isEmpty()) {
            if (!empty) {
                differences.add(where + " " + status + " has a body, which the document does not describe: " + brief(response));
            }
            return differences;
        }
        if (head) {
            return differences;
        }
        String mediaType = mediaType(response.contentType());
        if (!content.has(mediaType)) {
            differences.add(where + " " + status + " answered " + mediaType + "; the document lists " + fieldNames(content));
            return differences;
        }
        if (isJson(mediaType)) {
            differences.addAll(validate(pointer + "/content/" + escape(mediaType) + "/schema", where + " " + status, response));
        } else if (mediaType.equals(NDJSON)) {
            // A stream: each line is one value of the schema.
            String schema = pointer + "/content/" + escape(mediaType) + "/schema";
            response.body().lines().filter(line -> !line.isBlank()).forEach(line -> differences.addAll(validate(schema,
                    where + " " + status + " (a line)", new Received(response.status(), response.contentType(), response.header(), line))));
        }
        return differences;
    }

    /**
     * A route or method the document does not list: the service answers a problem ({@code not-found},
     * {@code method-not-allowed}, or the token check before them), or, for {@code OPTIONS}, the HTTP layer answers
     * (CORS preflight, {@code Allow}) without a body.
     */
    private List<String> undocumentedRoute(String where, String verb, Received response) {
        String mediaType = mediaType(response.contentType());
        boolean empty = response.body() == null || response.body().isEmpty();
        if (mediaType.equals("application/problem+json")) {
            // A HEAD is answered as its GET would be, without the body.
            return verb.equals("head") && empty ? List.of() : validate(PROBLEM, where + " " + response.status(), response);
        }
        if (verb.equals("options") && empty) {
            return List.of();
        }
        return List.of(where + " is no operation of the document, and its answer is no problem: " + brief(response));
    }

    private List<String> validate(String schemaPointer, String where, Received response) {
        List<Error> errors;
        try {
            errors = schemas.getSchema(SchemaLocation.of(DOCUMENT_IRI + schemaPointer)).validate(response.body(), InputFormat.JSON);
        } catch (RuntimeException e) {
            return List.of(where + ": the body is not JSON (" + e.getMessage() + "): " + brief(response));
        }
        return errors.stream().map(error -> where + ": " + error + " in " + brief(response)).toList();
    }

    /**
     * Closes an object schema that names its properties and says nothing of others, and the object schemas inside
     * it: a response member the document does not name is a difference. (Request schemas are closed already; they
     * are not checked here.)
     */
    private static void close(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        if (object.has("properties") && !object.has("additionalProperties")) {
            object.put("additionalProperties", false);
        }
        object.path("properties").forEach(OpenApiContract::close);
        close(object.path("items"));
        object.path("anyOf").forEach(OpenApiContract::close);
    }

    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText(null);
        return ref == null ? node : document.at(ref.substring(1));
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String escape(String pointerSegment) {
        return pointerSegment.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String brief(Received response) {
        String body = response.body() == null ? "" : response.body();
        return response.status() + " " + response.contentType() + " " + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
    }
}
