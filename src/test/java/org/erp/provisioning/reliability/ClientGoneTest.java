package org.erp.provisioning.reliability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Clients that go away while their request waits, with the settings that ship: whether the request holds a pooled
 * connection or still waits for one, the connection comes back to the pool. Here EVA holds a lock on accounts, the 16
 * pooled connections are taken by creates and patches waiting on it and more wait for a connection, and every one of
 * those clients closes its socket; once the lock is gone, no connection of the pool stays taken.
 */
@QuarkusTest
@WithTestResource(EvaDatabase.class)
class ClientGoneTest {

    private static final int CLIENTS = 28;

    @Test
    void everyConnectionComesBackWhenClientsGoAwayWhileTheirRequestsWait() throws Exception {
        String account = Fixtures.createAccount();
        Process lock = EvaDatabase.sqlInBackground("BEGIN; LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE;"
                + " SELECT pg_sleep(1.5); COMMIT;");
        while (Fixtures.count("pg_locks", "relation = 'accounts'::regclass AND mode = 'AccessExclusiveLock' AND granted") == 0) {
            Thread.sleep(20);
        }
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                // Creates (one statement on a connection of the pool) and patches (a Hibernate Reactive transaction).
                clients.add(i % 2 == 0 ? send("POST", "/api/v1/accounts", "application/json",
                        "{\"name\":\"Gone\",\"slug\":\"" + Fixtures.unique("gone") + "\",\"ownerEmail\":\"o@gone.example\"}")
                        : send("PATCH", "/api/v1/accounts/" + account, "application/merge-patch+json", "{\"name\":\"Gone " + i + "\"}"));
            }
            // Every request has reached the service: 16 hold a connection waiting on the lock, the others wait for one.
            Thread.sleep(700);
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
        lock.waitFor();
        // The statements finish once the lock is gone, the waiting requests would get the connections they free.
        Thread.sleep(3500);
        assertEquals(0.0, gauge("sql_pool_active"), "connections still counted as taken by requests nobody waits for");
        assertEquals(0.0, gauge("sql_pool_queue_size"), "requests still waiting for a connection");
        // And the pool serves: as many creates at once as it has connections, and more.
        for (int i = 0; i < 3; i++) {
            Fixtures.createAccount();
        }
    }

    /** Sends a request on a socket of its own, without reading the answer. */
    private static Socket send(String method, String path, String type, String body) throws Exception {
        Socket socket = new Socket("localhost", RestAssured.port);
        OutputStream out = socket.getOutputStream();
        out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type + "\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    private static double gauge(String name) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains("pool_name=\"eva\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
