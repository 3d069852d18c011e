package org.erp.provisioning.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The messages one class's logger writes while it listens. */
public final class LogRecords extends Handler implements AutoCloseable {

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final String logger;

    private LogRecords(String logger) {
        this.logger = logger;
    }

    /** Starts listening to the logger of {@code type}; {@link #close} stops. */
    public static LogRecords of(Class<?> type) {
        LogRecords capture = new LogRecords(type.getName());
        Logger.getLogger(capture.logger).addHandler(capture);
        return capture;
    }

    /** The messages so far, formatted. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void publish(LogRecord record) {
        messages.add(record.getLevel() + " " + (record instanceof org.jboss.logmanager.ExtLogRecord ext
                ? ext.getFormattedMessage() : record.getMessage()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger(logger).removeHandler(this);
    }
}
