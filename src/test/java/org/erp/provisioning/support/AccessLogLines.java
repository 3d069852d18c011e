package org.erp.provisioning.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.erp.provisioning.telemetry.AccessLog;
import org.jboss.logmanager.ExtLogRecord;

/** The access log lines written while it listens, each with its MDC as it was when the line was written. */
public final class AccessLogLines extends Handler implements AutoCloseable {

    private final List<ExtLogRecord> lines = new CopyOnWriteArrayList<>();

    private AccessLogLines() {
    }

    /** Starts listening; {@link #close} stops. */
    public static AccessLogLines listen() {
        AccessLogLines capture = new AccessLogLines();
        Logger.getLogger(AccessLog.LOGGER).addHandler(capture);
        return capture;
    }

    /** The lines of the request {@code requestId} so far. */
    public List<ExtLogRecord> of(String requestId) {
        return lines.stream().filter(line -> requestId.equals(line.getMdc("requestId"))).toList();
    }

    public int size() {
        return lines.size();
    }

    @Override
    public void publish(LogRecord record) {
        ExtLogRecord line = (ExtLogRecord) record;
        line.copyAll(); // the MDC as it is while the line is written
        lines.add(line);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger(AccessLog.LOGGER).removeHandler(this);
    }
}
