package org.erp.provisioning.persistence;

/**
 * A write whose statement may have reached the database when the connection failed under it or the database stopped
 * answering: it may have been committed, or not. The cause is the failure.
 */
public class InterruptedWrite extends RuntimeException {

    InterruptedWrite(Throwable cause) {
        super("The connection failed while a write was in flight: " + cause, cause, false, false);
    }
}
