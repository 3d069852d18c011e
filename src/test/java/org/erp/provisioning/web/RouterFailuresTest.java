package org.erp.provisioning.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.erp.provisioning.support.EvaDatabase;
import org.junit.jupiter.api.Test;

/** What the router refuses before any route runs is a problem like any other, with its request id. */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class RouterFailuresTest {

    private static final String PROBLEM = "application/problem+json";

    /** HTTP/1.1 requires a Host header; the router refuses a request without one, with a problem like any other. */
    @Test
    void aRequestWithoutAHostHeaderIsMalformed() throws Exception {
        String answer = rawGet("/api/v1/enums", "X-Request-Id: erp-trace-456\r\n", false);
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("\r\ncontent-type: " + PROBLEM + "\r\n"), answer);
        assertTrue(answer.contains("\r\nX-Request-Id: erp-trace-456\r\n"), answer);
        assertTrue(answer.contains("\"code\":\"malformed-request\""), answer);
        assertTrue(answer.contains("\"requestId\":\"erp-trace-456\""), answer);
        assertTrue(rawGet("/api/v1/enums", "", false).matches("(?s).*\r\nX-Request-Id: [0-9a-f-]{36}\r\n.*"));
        assertTrue(rawGet("/api/v1/enums", "", true).startsWith("HTTP/1.1 200 "));
    }

    /** The whole answer to a GET of {@code target}, sent as written, with the given extra header lines. */
    private static String rawGet(String target, String headers, boolean withHost) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\n" + (withHost ? "Host: localhost\r\n" : "")
                    + headers + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

}
