package org.erp.provisioning.web;

import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body of newline-delimited JSON, cut into its lines as the bytes arrive and passed on in runs: the lines
 * each chunk of the body completes, at most {@code most} at a time. Nothing but the line being read and the run being
 * passed on is held, so memory does not grow with the stream, and the body is only read as fast as runs are asked for
 * (its reading pauses in between: backpressure). A run is what has arrived, so a client that sends a few lines and
 * waits for their answers gets them, and one that sends fast fills runs up to {@code most}. Lines end at {@code \n}
 * (a {@code \r} before it is dropped); the last one needs none. Blank lines keep their number but are not passed on. A
 * line longer than the limit is passed on as {@link Line#tooLong()} without its bytes, which are dropped as they
 * arrive.
 */
public final class NdjsonLines {

    /** A line of the stream, numbered from 1; {@code json} is null when the line was over the limit. */
    public record Line(long number, byte[] json) {

        public boolean tooLong() {
            return json == null;
        }
    }

    private final int limit;
    private final byte[] current;
    private int length;
    private boolean overLimit;
    private boolean blank = true;
    private long number;

    private NdjsonLines(int limit) {
        this.limit = limit;
        this.current = new byte[limit];
    }

    /** The lines of {@code body}, each at most {@code limit} bytes long, in runs of at most {@code most}. */
    public static Multi<List<Line>> runs(Multi<Buffer> body, int limit, int most) {
        return Multi.createFrom().deferred(() -> {
            NdjsonLines lines = new NdjsonLines(limit);
            return body.map(lines::cut)
                    .onCompletion().switchTo(() -> Multi.createFrom().item(lines.last()))
                    .onItem().transformToIterable(run -> split(run, most));
        });
    }

    private static List<List<Line>> split(List<Line> run, int most) {
        List<List<Line>> runs = new ArrayList<>(run.size() / most + 1);
        for (int from = 0; from < run.size(); from += most) {
            runs.add(run.subList(from, Math.min(run.size(), from + most)));
        }
        return runs;
    }

    private List<Line> cut(Buffer chunk) {
        List<Line> complete = new ArrayList<>(2);
        byte[] bytes = chunk.getBytes();
        for (byte b : bytes) {
            if (b == '\n') {
                end(complete);
            } else if (length < limit) {
                current[length++] = b;
                blank &= b == ' ' || b == '\t' || b == '\r';
            } else {
                overLimit = true;
                blank = false;
            }
        }
        return complete;
    }

    private List<Line> last() {
        List<Line> complete = new ArrayList<>(1);
        if (length > 0 || overLimit) {
            end(complete);
        }
        return complete;
    }

    private void end(List<Line> complete) {
        number++;
        if (overLimit) {
            complete.add(new Line(number, null));
        } else if (!blank) {
            int end = length > 0 && current[length - 1] == '\r' ? length - 1 : length;
            byte[] json = new byte[end];
            System.arraycopy(current, 0, json, 0, end);
            complete.add(new Line(number, json));
        }
        length = 0;
        overLimit = false;
        blank = true;
    }
}
