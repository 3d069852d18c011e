import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback between the service and PostgreSQL, which the soak can make go silent: a network partition
 * as the service meets it in a cluster, where packets are dropped and nothing is refused or reset. While silent the
 * proxy forwards no byte in either direction, closes no socket (a peer's close or reset waits too) and keeps accepting
 * connections that it does not connect onwards: new connections hang as well. On resume everything held is
 * delivered, in order, as a network that comes back would deliver it after retransmission.
 *
 *   java Proxy LISTEN_PORT TARGET_PORT CONTROL_PORT
 *
 * The control port takes one line per connection and answers one: {@code silent}, {@code resume}, {@code status}.
 */
public class Proxy {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Object gate = new Object();
    private static volatile boolean silent;
    private static final AtomicInteger open = new AtomicInteger();
    private static final AtomicInteger total = new AtomicInteger();

    public static void main(String[] args) throws IOException {
        int listenPort = Integer.parseInt(args[0]);
        int targetPort = Integer.parseInt(args[1]);
        int controlPort = Integer.parseInt(args[2]);
        ServerSocket control = new ServerSocket(controlPort, 8, LOOPBACK);
        ServerSocket listener = new ServerSocket(listenPort, 256, LOOPBACK);
        daemon("control", () -> control(control));
        log("forwarding 127.0.0.1:" + listenPort + " to 127.0.0.1:" + targetPort + ", control on " + controlPort);
        while (true) {
            Socket client = listener.accept();
            daemon("connection", () -> connect(client, targetPort));
        }
    }

    /** Blocks while the proxy is silent. */
    private static void awaitOpen() {
        synchronized (gate) {
            while (silent) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void connect(Socket client, int targetPort) {
        awaitOpen(); // a connection made while silent hangs: its startup message waits here unanswered
        Socket upstream = new Socket();
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(LOOPBACK, targetPort), 5_000);
        } catch (IOException refused) {
            // PostgreSQL is down (a restart fault): the client sees its connection closed, as it would without us.
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        open.incrementAndGet();
        total.incrementAndGet();
        AtomicInteger directionsLeft = new AtomicInteger(2);
        Runnable closedOne = () -> {
            if (directionsLeft.decrementAndGet() == 0) {
                closeQuietly(client);
                closeQuietly(upstream);
                open.decrementAndGet();
            }
        };
        daemon("to-server", () -> pump(client, upstream, closedOne));
        daemon("to-client", () -> pump(upstream, client, closedOne));
    }

    /** Copies one direction until its end; each chunk, the end and an error all wait while silent. */
    private static void pump(Socket from, Socket to, Runnable done) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitOpen();
                out.write(buffer, 0, n);
            }
            awaitOpen();
            to.shutdownOutput();
        } catch (IOException broken) {
            awaitOpen();
            closeQuietly(from); // a reset on one side becomes a close on the other, once the network is back
            closeQuietly(to);
        } finally {
            done.run();
        }
    }

    private static void control(ServerSocket control) {
        while (true) {
            try (Socket s = control.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                 PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.US_ASCII)) {
                String command = String.valueOf(in.readLine()).trim();
                switch (command) {
                    case "silent" -> silent = true;
                    case "resume" -> {
                        synchronized (gate) {
                            silent = false;
                            gate.notifyAll();
                        }
                    }
                    case "status" -> { }
                    default -> {
                        out.println("error: unknown command '" + command + "'");
                        continue;
                    }
                }
                String state = (silent ? "silent" : "forwarding") + ", " + open.get() + " connections open, "
                        + total.get() + " made";
                if (!command.equals("status")) {
                    log(command + ": " + state);
                }
                out.println("ok " + state);
            } catch (IOException e) {
                log("control: " + e);
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void log(String line) {
        System.out.println(Instant.now() + " proxy: " + line);
    }
}
