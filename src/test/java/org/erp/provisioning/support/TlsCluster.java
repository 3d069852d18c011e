package org.erp.provisioning.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A throwaway PostgreSQL cluster with EVA's schema that speaks TLS, as a managed production database does: its
 * certificate is for {@code localhost}, signed by a CA made here ({@code ca.pem}); {@code other-ca.pem} is a CA
 * that signed nothing it serves, and {@code expired.crt} the same certificate valid for one day in 2020. Logins use
 * SCRAM passwords. With {@code tlsOnly}, {@code pg_hba.conf} accepts TLS connections only ({@code hostssl}).
 * Started by {@code deploy/local/eva-db.sh} like every test database; certificates by openssl.
 */
public final class TlsCluster {

    private final String directory = "/tmp/eva-db-tls-" + UUID.randomUUID();
    private final Path certificates;
    private final int port;

    public TlsCluster(boolean tlsOnly, String... pgHbaLines) {
        try {
            certificates = Files.createTempDirectory("eva-tls");
            makeCertificates();
            port = EvaDatabase.freePort();
            run(null, "bash", "deploy/local/eva-db.sh", "start", directory, String.valueOf(port),
                    "src/test/resources/eva/schema.sql");
            Path data = Path.of(directory, "data");
            Files.writeString(data.resolve("postgresql.conf"), """
                    ssl = on
                    ssl_cert_file = '%s'
                    ssl_key_file = '%s'
                    password_encryption = 'scram-sha-256'
                    """.formatted(certificate("server.crt"), certificate("server.key")), StandardOpenOption.APPEND);
            // The first matching line decides: the caller's lines, then TLS (only, or also plain) for everyone.
            String hba = String.join("\n", pgHbaLines) + "\n" + (tlsOnly ? """
                    hostssl all postgres 127.0.0.1/32 trust
                    hostssl all all 127.0.0.1/32 scram-sha-256
                    """ : Files.readString(data.resolve("pg_hba.conf")));
            Files.writeString(data.resolve("pg_hba.conf"), hba);
            run(null, "bash", "deploy/local/eva-db.sh", "down", directory);
            run(null, "bash", "deploy/local/eva-db.sh", "up", directory);
            // Its password again, now stored as a SCRAM secret.
            sql("ALTER ROLE erp_provisioning PASSWORD 'erp_provisioning'");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    public String directory() {
        return directory;
    }

    public Path certificate(String name) {
        return certificates.resolve(name);
    }

    /** Runs SQL as the superuser in database {@code eva} (over TLS); answers the rows, one a line. */
    public String sql(String... statements) {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                "host=127.0.0.1 port=" + port + " user=postgres dbname=eva sslmode=require"));
        for (String statement : statements) {
            command.addAll(List.of("-c", statement));
        }
        return run(null, command.toArray(String[]::new)).strip();
    }

    public void stop() {
        run(null, "bash", "deploy/local/eva-db.sh", "stop", directory);
    }

    private void makeCertificates() throws IOException {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=EVA test CA");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.pem",
                "-days", "2", "-subj", "/CN=Another CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        Files.writeString(certificates.resolve("san.cnf"), "subjectAltName=DNS:localhost\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "san.cnf");
        // The same key and name, valid for one day in 2020 only: openssl ca is the one that takes explicit dates.
        Files.writeString(certificates.resolve("ca.cnf"), """
                [ca]
                default_ca = test
                [test]
                database = index.txt
                new_certs_dir = .
                serial = serial
                default_md = sha256
                policy = any
                [any]
                commonName = supplied
                """);
        Files.writeString(certificates.resolve("index.txt"), "");
        Files.writeString(certificates.resolve("serial"), "1000\n");
        openssl("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", "server.csr",
                "-out", "expired.crt", "-startdate", "20200101000000Z", "-enddate", "20200102000000Z",
                "-extfile", "san.cnf", "-notext");
        // PostgreSQL runs as its own user: it reads the certificates, and only it the key.
        run(null, "chmod", "-R", "a+rX", certificates.toString());
        run(null, "chmod", "600", certificate("server.key").toString());
        run(null, "bash", "-c", "if [ \"$(id -u)\" = 0 ]; then chown postgres: '" + certificate("server.key") + "'; fi");
    }

    private void openssl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        run(certificates.toFile(), command.toArray(String[]::new));
    }

    private static String run(File directory, String... command) {
        return EvaDatabase.run(directory, List.of(command));
    }
}
