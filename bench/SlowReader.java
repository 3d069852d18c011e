import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bulk import client that reads its answer slowly: it sends an NDJSON file as fast as the service takes it, and
 * reads the outcomes a chunk at a time with a pause after each, for a given time, then closes the connection.
 * Prints one line: what it sent (bytes, and whole lines) and what it read (bytes, and outcome lines), so the caller
 * can set them beside the rows the database holds and the service's memory.
 * Usage: {@code java bench/SlowReader.java HOST PORT PATH FILE SECONDS CHUNK_BYTES PAUSE_MS}.
 */
public class SlowReader {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        Path file = Path.of(args[3]);
        long seconds = Long.parseLong(args[4]);
        int chunk = Integer.parseInt(args[5]);
        long pauseMs = Long.parseLong(args[6]);

        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port));
        OutputStream out = socket.getOutputStream();
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " + Files.size(file)
                + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));

        AtomicLong sentBytes = new AtomicLong();
        AtomicLong sentLines = new AtomicLong();
        Thread sender = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n); // blocks while the service does not read
                    sentBytes.addAndGet(n);
                    long lines = 0;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                    sentLines.addAndGet(lines);
                }
                out.flush();
            } catch (Exception closed) {
                // the connection was closed by the reader below
            }
        }, "sender");
        sender.setDaemon(true);
        sender.start();

        InputStream in = socket.getInputStream();
        byte[] marker = "{\"line\":".getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[chunk];
        long readBytes = 0;
        long outcomes = 0;
        int matched = 0; // bytes of the marker matched so far, across reads
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        boolean ended = false;
        while (!ended && System.nanoTime() < deadline) {
            int got = 0;
            while (got < chunk) {
                int n = in.read(buffer, got, chunk - got);
                if (n < 0) {
                    ended = true;
                    break;
                }
                got += n;
            }
            for (int i = 0; i < got; i++) {
                byte b = buffer[i];
                if (b == marker[matched]) {
                    if (++matched == marker.length) {
                        outcomes++;
                        matched = 0;
                    }
                } else {
                    matched = b == marker[0] ? 1 : 0;
                }
            }
            readBytes += got;
            Thread.sleep(pauseMs);
        }
        socket.setSoLinger(true, 0);
        socket.close();
        System.out.printf("sent_bytes=%d sent_lines=%d read_bytes=%d read_outcomes=%d ended=%b%n",
                sentBytes.get(), sentLines.get(), readBytes, outcomes, ended);
    }
}
