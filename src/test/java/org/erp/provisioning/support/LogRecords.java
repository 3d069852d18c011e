package org.erp.provisioning.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** The log lines written while it listens: one logger's, or every logger's at WARN and above. */
public final class LogRecords extends Handler implements AutoCloseable {

    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    private final String logger;

    private LogRecords(String logger, Level level) {
        this.logger = logger;
        setLevel(level);
        Logger.getLogger(logger).addHandler(this);
    }

    /** Starts listening to the logger of {@code type}; {@link #close} stops. */
    public static LogRecords of(Class<?> type) {
        return new LogRecords(type.getName(), Level.ALL);
    }

    /** Starts listening to every logger's warnings and errors; {@link #close} stops. */
    public static LogRecords warnings() {
        return new LogRecords("", Level.WARNING);
    }

    /** The lines of the request {@code requestId} so far, each as its level and message. */
    public List<String> of(String requestId) {
        return records.stream().filter(record -> requestId.equals(record.getMdc("requestId")))
                .map(record -> record.getLevel() + " " + record.getFormattedMessage()).toList();
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            ExtLogRecord line = (ExtLogRecord) record;
            line.copyAll(); // the MDC as it is while the line is written
            records.add(line);
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
