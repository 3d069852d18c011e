package org.erp.provisioning.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.erp.provisioning.telemetry.AccessLog;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The log lines written while it listens, each with its MDC as it was when the line was written: the access log's, or
 * every logger's warnings and errors.
 */
public final class LogLines extends Handler implements AutoCloseable {

    private final List<ExtLogRecord> lines = new CopyOnWriteArrayList<>();
    private final String logger;

    private LogLines(String logger, Level level) {
        this.logger = logger;
        setLevel(level);
        Logger.getLogger(logger).addHandler(this);
    }

    /** Starts listening to the access log; {@link #close} stops. */
    public static LogLines accessLog() {
        return new LogLines(AccessLog.LOGGER, Level.ALL);
    }

    /** Starts listening to every logger's warnings and errors; {@link #close} stops. */
    public static LogLines warnings() {
        return new LogLines("", Level.WARNING);
    }

    /** The lines of the request {@code requestId} so far. */
    public List<ExtLogRecord> of(String requestId) {
        return lines.stream().filter(line -> requestId.equals(line.getMdc("requestId"))).toList();
    }

    /** The lines of the request {@code requestId} so far, each as its level and message. */
    public List<String> messages(String requestId) {
        return of(requestId).stream().map(line -> line.getLevel() + " " + line.getFormattedMessage()).toList();
    }

    public int size() {
        return lines.size();
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            ExtLogRecord line = (ExtLogRecord) record;
            line.copyAll(); // the MDC as it is while the line is written
            lines.add(line);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger(logger).removeHandler(this);
    }
}
