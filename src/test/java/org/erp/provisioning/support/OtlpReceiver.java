package org.erp.provisioning.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real OTLP trace endpoint on loopback for the tests: it takes {@code ExportTraceServiceRequest}s over gRPC
 * (HTTP/2 without TLS, as the exporter sends them to an {@code http://} endpoint) and over HTTP with protobuf
 * bodies, decodes them with the protocol's own messages, and lists the spans it got as JSON on
 * {@code GET /received} (the tests run in another class loader than the resource, so they ask over HTTP).
 * Init argument {@code protocol}: {@code grpc} or {@code http/protobuf}; it becomes the service's exporter setting.
 */
public class OtlpReceiver implements QuarkusTestResourceLifecycleManager {

    public static final String ADDRESS = "test.otlp-receiver";
    private static final String GRPC_PATH = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    private final List<Map<String, Object>> spans = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private String protocol;
    private Vertx vertx;
    private HttpServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        protocol = initArgs.getOrDefault("protocol", "grpc");
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                            .setHttp2ClearTextEnabled(true))
                    .requestHandler(request -> request.body().onSuccess(body -> answer(request, body)))
                    .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the OTLP receiver did not start", e);
        }
        String endpoint = "http://127.0.0.1:" + server.actualPort();
        return Map.of("quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.endpoint", endpoint,
                "quarkus.otel.exporter.otlp.protocol", protocol,
                // Sent at once, so a test waits milliseconds rather than the default five seconds.
                "quarkus.otel.bsp.schedule.delay", "PT0.05S",
                ADDRESS, endpoint);
    }

    private void answer(HttpServerRequest request, Buffer body) {
        try {
            if (request.path().equals("/received")) {
                request.response().putHeader("Content-Type", "application/json").end(json.writeValueAsString(spans));
            } else if (request.path().equals(GRPC_PATH)) {
                // A gRPC message: a compressed flag, a four-byte length, then the protobuf bytes.
                record(ExportTraceServiceRequest.parseFrom(body.getBytes(5, 5 + body.getInt(1))), "grpc");
                byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                request.response().putHeader("Content-Type", "application/grpc").putTrailer("grpc-status", "0")
                        .end(Buffer.buffer().appendByte((byte) 0).appendInt(answer.length).appendBytes(answer));
            } else if (request.path().equals("/v1/traces")) {
                record(ExportTraceServiceRequest.parseFrom(body.getBytes()), "http/protobuf");
                request.response().putHeader("Content-Type", "application/x-protobuf")
                        .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
            } else {
                request.response().setStatusCode(404).end();
            }
        } catch (Exception e) {
            request.response().setStatusCode(400).end(String.valueOf(e));
        }
    }

    private void record(ExportTraceServiceRequest export, String receivedOver) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resource : export.getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                scope.getSpansList().forEach(span -> {
                    Map<String, Object> attributes = new LinkedHashMap<>();
                    for (KeyValue attribute : span.getAttributesList()) {
                        attributes.put(attribute.getKey(), attribute.getValue().hasStringValue()
                                ? attribute.getValue().getStringValue() : attribute.getValue().toString().trim());
                    }
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("receivedOver", receivedOver);
                    entry.put("traceId", hex.formatHex(span.getTraceId().toByteArray()));
                    entry.put("spanId", hex.formatHex(span.getSpanId().toByteArray()));
                    entry.put("parentSpanId", hex.formatHex(span.getParentSpanId().toByteArray()));
                    entry.put("name", span.getName());
                    entry.put("kind", span.getKind().name());
                    entry.put("attributes", attributes);
                    spans.add(entry);
                });
            }
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }
}
