package org.erp.provisioning.support;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Holds every response the tests receive through REST Assured to the OpenAPI document the service under test
 * serves: a response the document does not describe fails the test that received it. Installed before each test
 * class, from {@code META-INF/services}: a Quarkus test callback for {@code @QuarkusTest} classes, and a JUnit
 * extension (Quarkus turns on their autodetection) for the {@code @QuarkusIntegrationTest} classes, which run
 * against the packaged service and get no Quarkus test callbacks. The document is read again for each
 * class, whose service may run with another database, and once more before a response is refused, because the
 * document follows the live enum labels, which a test may have changed.
 */
public class ContractFilter implements Filter, QuarkusTestBeforeClassCallback, BeforeAllCallback {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static volatile OpenApiContract contract;
    private static volatile URI documentAt;

    /**
     * A request whose response carries an enum label EVA added or renamed since the service last read the catalog.
     * The document lists such a label after the service's next read of the catalog, not before, so this one response
     * is left unchecked.
     */
    public static RequestSpecification givenALabelNotYetRead() {
        return RestAssured.given().noFilters();
    }

    @Override
    public void beforeClass(Class<?> testClass) {
        contract = null;
        // Each start of the service loads this class anew: the filter of an earlier start is replaced, not kept.
        List<Filter> filters = new ArrayList<>(RestAssured.filters());
        filters.removeIf(filter -> filter.getClass().getName().equals(ContractFilter.class.getName()));
        filters.add(new ContractFilter());
        RestAssured.replaceFiltersWith(filters);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (context.getRequiredTestClass().isAnnotationPresent(QuarkusIntegrationTest.class)) {
            beforeClass(context.getRequiredTestClass());
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        if (uri.getPort() != RestAssured.port) {
            return response; // another server a test talks to, such as its OTLP receiver
        }
        OpenApiContract.Received received = new OpenApiContract.Received(response.statusCode(), response.contentType(),
                response::header, response.asString());
        List<String> differences = contract(uri, false).differences(request.getMethod(), uri.getRawPath(), received);
        if (!differences.isEmpty()) {
            differences = contract(uri, true).differences(request.getMethod(), uri.getRawPath(), received);
        }
        if (!differences.isEmpty()) {
            throw new AssertionError("The response differs from the OpenAPI document:\n  " + String.join("\n  ", differences));
        }
        return response;
    }

    private static synchronized OpenApiContract contract(URI request, boolean fresh) {
        URI document = request.resolve("/q/openapi?format=json");
        if (fresh || contract == null || !document.equals(documentAt)) {
            try {
                HttpResponse<String> served = HTTP.send(HttpRequest.newBuilder(document).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (served.statusCode() != 200) {
                    throw new AssertionError("GET " + document + " answered " + served.statusCode());
                }
                contract = new OpenApiContract(served.body());
                documentAt = document;
            } catch (IOException e) {
                throw new AssertionError("GET " + document + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted reading " + document, e);
            }
        }
        return contract;
    }
}
