package org.erp.provisioning.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback between the service and its database that can cut the network silently, as a partition
 * does: while cut, no byte crosses in either direction and no socket is closed, so neither side hears anything; new
 * connections are taken but go nowhere. Bytes caught in the cut cross once it heals, as TCP's retransmissions would
 * deliver them. One thread per direction of each connection: a test opens a few dozen at most.
 */
public final class NetworkPartition implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object healed = new Object();
    private volatile boolean cut;

    /** Listens on a free loopback port and forwards to {@code 127.0.0.1:target}. */
    public NetworkPartition(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "partition-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** From now on nothing crosses, silently. */
    public void cut() {
        cut = true;
    }

    /** Bytes cross again, those held during the cut first. */
    public void heal() {
        synchronized (healed) {
            cut = false;
            healed.notifyAll();
        }
    }

    @Override
    public void close() throws IOException {
        heal();
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                Thread opener = new Thread(() -> connect(client), "partition-connect");
                opener.setDaemon(true);
                opener.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        try {
            awaitHealed(); // a connection opened during the cut reaches the database only after it
            Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
            sockets.add(server);
            pump(client, server, "partition-up");
            pump(server, client, "partition-down");
        } catch (IOException | InterruptedException failed) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to, String name) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    awaitHealed();
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException ended) {
                // One side closed; the other is closed below.
            } finally {
                // A side closed during the cut: the other hears of it only once the cut heals.
                try {
                    awaitHealed();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                closeQuietly(from);
                closeQuietly(to);
            }
        }, name);
        pump.setDaemon(true);
        pump.start();
    }

    private void awaitHealed() throws InterruptedException {
        synchronized (healed) {
            while (cut) {
                healed.wait();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
