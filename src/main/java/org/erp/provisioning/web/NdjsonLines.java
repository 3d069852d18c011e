package org.erp.provisioning.web;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;

/**
 * A request body of newline-delimited JSON, cut into its lines as the bytes arrive and passed on in runs: the lines
 * that arrived together (in one turn of the event loop, however the client cut them into chunks), at most
 * {@code most} at a time. Nothing but the line being read and the run being passed on is held, so memory does not
 * grow with the stream, and the body is only read while runs are asked for: its reading pauses in between
 * (backpressure). A client that sends a few lines and waits for their answers gets them; one that sends fast fills
 * runs up to {@code most}.
 * <p>
 * Lines end at {@code \n} (a {@code \r} before it is dropped); the last one needs none. Blank lines keep their number
 * but are not passed on. A line longer than the limit is passed on as {@link Line#tooLong()} without its bytes, which
 * are dropped as they arrive.
 */
public final class NdjsonLines {

    /** A line of the stream, numbered from 1; {@code json} is null when the line was over the limit. */
    public record Line(long number, byte[] json) {

        public boolean tooLong() {
            return json == null;
        }
    }

    private final HttpServerRequest request;
    private final Context context;
    private final int most;
    private final MultiEmitter<? super List<Line>> emitter;
    private final byte[] current;
    private int length;
    private boolean overLimit;
    private boolean blank = true;
    private long number;
    private List<Line> run = new ArrayList<>();
    private boolean passOnScheduled;
    private boolean ended;

    private NdjsonLines(HttpServerRequest request, int limit, int most, MultiEmitter<? super List<Line>> emitter) {
        this.request = request;
        this.context = Vertx.currentContext();
        this.most = most;
        this.emitter = emitter;
        this.current = new byte[limit];
    }

    /**
     * The request's body broke off before its end: the client went away (a reset, a closed connection) or sent a
     * chunk that does not parse. A refusal of the request, not a failure of the database the socket error would
     * otherwise be taken for; after the answer's head, {@link StreamedAnswers} treats it as the client gone.
     */
    public static final class BodyCut extends ProblemException {

        BodyCut(Throwable cause) {
            super(ProblemCode.MALFORMED_REQUEST, "The request body broke off before its end", List.of(), cause);
        }
    }

    /**
     * The lines of {@code request}'s body, each at most {@code limit} bytes long, in runs of at most {@code most}.
     * To be subscribed to on the request's event loop.
     */
    public static Multi<List<Line>> runs(HttpServerRequest request, int limit, int most) {
        return Multi.createFrom().emitter(emitter -> new NdjsonLines(request, limit, most, emitter).start());
    }

    private void start() {
        request.pause();
        request.handler(this::cut);
        request.exceptionHandler(failure -> emitter.fail(new BodyCut(failure)));
        request.endHandler(end -> {
            ended = true;
            if (length > 0 || overLimit) {
                end();
            }
            passOn();
        });
        emitter.onRequest(demand -> context.runOnContext(asked -> passOn()));
        emitter.onTermination(() -> {
            request.handler(null);
            request.endHandler(null);
            request.exceptionHandler(null);
        });
        passOn(); // the first demand came before the callback above was set
    }

    private void cut(Buffer chunk) {
        for (int i = 0, size = chunk.length(); i < size; i++) {
            byte b = chunk.getByte(i);
            if (b == '\n') {
                end();
            } else if (length < current.length) {
                current[length++] = b;
                blank &= b == ' ' || b == '\t' || b == '\r';
            } else {
                overLimit = true;
                blank = false;
            }
        }
        if (run.size() >= most) {
            request.pause();
            passOn();
        } else if (!run.isEmpty() && !passOnScheduled) {
            // The other chunks read with this one are handled before this runs: they join the run.
            passOnScheduled = true;
            context.runOnContext(turnEnded -> {
                passOnScheduled = false;
                passOn();
            });
        }
    }

    private void end() {
        number++;
        if (overLimit) {
            run.add(new Line(number, null));
        } else if (!blank) {
            int end = length > 0 && current[length - 1] == '\r' ? length - 1 : length;
            byte[] json = new byte[end];
            System.arraycopy(current, 0, json, 0, end);
            run.add(new Line(number, json));
        }
        length = 0;
        overLimit = false;
        blank = true;
    }

    /** Passes the lines read on while they are asked for, and reads on while there is room for more. */
    private void passOn() {
        if (emitter.isCancelled()) {
            return;
        }
        while (!run.isEmpty() && emitter.requested() > 0) {
            List<Line> next = run.size() <= most ? run : new ArrayList<>(run.subList(0, most));
            run = run.size() <= most ? new ArrayList<>() : new ArrayList<>(run.subList(most, run.size()));
            emitter.emit(next);
        }
        if (ended) {
            if (run.isEmpty()) {
                emitter.complete();
            }
        } else if (run.size() < most && emitter.requested() > 0) {
            request.resume();
        } else {
            request.pause();
        }
    }
}
