package org.erp.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.erp.provisioning.problem.ProblemCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link NdjsonLines} on a real Vert.x HTTP server, fed by a client that cuts its chunks anywhere: lines are numbered
 * from 1 (blank ones too) and passed on without their end, in runs of at most {@code most}; a line over the limit
 * comes as {@code tooLong}; the last line needs no newline.
 */
class NdjsonLinesTest {

    private static final int LIMIT = 16;
    private static final int MOST = 3;
    private static Vertx vertx;
    private static HttpServer server;
    private static CompletableFuture<List<List<NdjsonLines.Line>>> received;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            List<List<NdjsonLines.Line>> runs = new ArrayList<>();
            NdjsonLines.runs(request, LIMIT, MOST).subscribe().with(runs::add, received::completeExceptionally, () -> {
                received.complete(runs);
                request.response().end("done");
            });
        }).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Sends {@code chunks} as the chunks of one request body, a pause between them; answers the runs passed on. */
    private static List<List<NdjsonLines.Line>> send(String... chunks) throws Exception {
        received = new CompletableFuture<>();
        try (Socket socket = new Socket("localhost", server.actualPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /bulk HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (String chunk : chunks) {
                byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
                ByteArrayOutputStream framed = new ByteArrayOutputStream();
                framed.writeBytes((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                framed.writeBytes(bytes);
                framed.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.write(framed.toByteArray());
                out.flush();
                Thread.sleep(20);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return received.get(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> texts(List<List<NdjsonLines.Line>> runs) {
        List<String> texts = new ArrayList<>();
        runs.forEach(run -> run.forEach(line -> texts.add(line.number() + ":"
                + (line.tooLong() ? "TOO LONG" : new String(line.json(), StandardCharsets.UTF_8)))));
        return texts;
    }

    /**
     * A body that breaks off (the client resets the connection mid-chunk) fails the lines with {@code BodyCut}: a
     * refusal of the request, which the socket's error must not be taken for a lost database connection.
     */
    @Test
    void aBodyThatBreaksOffIsARefusalNotADatabaseFailure() throws Exception {
        received = new CompletableFuture<>();
        try (Socket socket = new Socket("localhost", server.actualPort())) {
            socket.setSoLinger(true, 0); // closed with a reset
            socket.getOutputStream().write(("POST /bulk HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "40\r\n{\"a\":1}\n").getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(100);
        }
        ExecutionException failed = assertThrows(ExecutionException.class, () -> received.get(10, TimeUnit.SECONDS));
        NdjsonLines.BodyCut cut = assertInstanceOf(NdjsonLines.BodyCut.class, failed.getCause());
        assertEquals(ProblemCode.MALFORMED_REQUEST, cut.code());
        assertTrue(cut.getCause() != null, "the socket's error is kept as its cause");
    }

    @Test
    void linesAreCutWhereverTheChunksEnd() throws Exception {
        List<List<NdjsonLines.Line>> runs = send("{\"a\"", ":1}\n{\"b\":2}\r", "\n\n   \n{\"c\"", ":3}");
        assertEquals(List.of("1:{\"a\":1}", "2:{\"b\":2}", "5:{\"c\":3}"), texts(runs),
                "a \\r before the newline is dropped, blank lines keep their number, the last line needs no newline");
    }

    @Test
    void aLineOverTheLimitIsPassedOnWithoutItsBytes() throws Exception {
        List<List<NdjsonLines.Line>> runs = send("{\"short\":1}\n{\"long\":\"" + "x".repeat(40), "\"}\n{\"after\":2}\n");
        assertEquals(List.of("1:{\"short\":1}", "2:TOO LONG", "3:{\"after\":2}"), texts(runs));
        assertEquals(List.of("1:" + "x".repeat(LIMIT), "2:TOO LONG"), texts(send("x".repeat(LIMIT) + "\n" + "x".repeat(LIMIT + 1))));
    }

    @Test
    void runsHoldAtMostMostLines() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            body.append("{\"n\":").append(i).append("}\n");
        }
        List<List<NdjsonLines.Line>> runs = send(body.toString());
        assertEquals(10, texts(runs).size());
        assertTrue(runs.stream().allMatch(run -> !run.isEmpty() && run.size() <= MOST), "runs " + runs.size());
        assertEquals("10:{\"n\":10}", texts(runs).get(9));
    }
}
