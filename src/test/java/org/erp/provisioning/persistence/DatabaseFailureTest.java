package org.erp.provisioning.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

/**
 * The failures the Vert.x client reports without a type of their own. Seen under a database restart: a statement
 * handed to a pooled connection that had just closed answered 500 instead of 503 (DatabaseOutageTest).
 */
class DatabaseFailureTest {

    @Test
    void aStatementOnAConnectionThatJustClosedMeansTheDatabaseIsUnavailable() {
        for (String status : new String[] {"CLOSED", "CLOSING"}) {
            Throwable notActive = new NoStackTraceThrowable("Connection is not active now, current status: " + status);
            assertTrue(DatabaseFailure.isUnavailable(notActive), status);
            assertTrue(DatabaseFailure.isUnavailable(new CompletionException(new HibernateException(notActive))), status);
        }
    }

    @Test
    void thePoolGivingUpIsUnavailableToo() {
        assertTrue(DatabaseFailure.isUnavailable(new NoStackTraceThrowable("Timeout")));
    }

    @Test
    void aTlsNegotiationThePostgresqlClientGaveUpIsUnavailable() {
        // What InitiateSslHandler fails the connect with when the server's certificate is not trusted.
        assertTrue(DatabaseFailure.isUnavailable(new VertxException("SSL handshake failed", true)));
        assertTrue(DatabaseFailure.isUnavailable(new CompletionException(new VertxException("SSL handshake failed", true))));
        assertTrue(DatabaseFailure.isUnavailable(new VertxException(new SSLHandshakeException("PKIX path building failed"))));
        assertFalse(DatabaseFailure.isUnavailable(new VertxException("Something else", true)));
    }

    @Test
    void aDatabaseThatIsNotThereOrAServerThatWillNotServeIsUnavailable() {
        for (String state : new String[] {"3D000", "28P01", "28000", "53300", "57P01", "57P03", "08006"}) {
            assertTrue(DatabaseFailure.isUnavailable(new PgException("refused", "FATAL", state, "detail")), state);
        }
        assertFalse(DatabaseFailure.isUnavailable(new PgException("taken", "ERROR", "23505", "detail")));
    }

    @Test
    void anyOtherBareVertxFailureIsNot() {
        assertFalse(DatabaseFailure.isUnavailable(new NoStackTraceThrowable("Something else")));
        assertFalse(DatabaseFailure.isUnavailable(new IllegalStateException("Connection is not active now, current status: CLOSED")));
    }
}
