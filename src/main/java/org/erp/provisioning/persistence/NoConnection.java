package org.erp.provisioning.persistence;

/**
 * The pool gave no connection: none came free within the acquire timeout, or none could be opened (refused, unknown
 * host, TLS or login refused). Raised before any statement was sent, so whatever the request meant to write was not
 * written. The cause is the client's own failure.
 */
public class NoConnection extends RuntimeException {

    NoConnection(Throwable cause) {
        super("No connection to the database: " + cause, cause, false, false);
    }
}
