package io.civicpass.testkit.tck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two self-signed certificates for the contract's TLS tests, made once per JVM with the JDK's
 * own {@code keytool} (the JDK has no public API to make a certificate): one for a server on
 * 127.0.0.1 and one for a client, each in a PKCS12 store of its own (the certificate of a key
 * entry is also trusted when the store serves as a trust store).
 */
final class TestCertificates {

    /** The password of both stores and their keys. */
    static final char[] PASSWORD = "tck-store-pass".toCharArray();
    /** The client certificate's subject. */
    static final String CLIENT_SUBJECT = "CN=civicpass-tck-client";

    private static TestCertificates made;

    final Path server;
    final Path client;

    private TestCertificates(Path server, Path client) {
        this.server = server;
        this.client = client;
    }

    /**
     * The certificates, made on first use.
     *
     * @return the stores
     */
    static synchronized TestCertificates get() {
        if (made == null) {
            try {
                Path dir = Files.createTempDirectory("civicpass-tck-tls");
                dir.toFile().deleteOnExit();
                Path server = dir.resolve("server.p12");
                Path client = dir.resolve("client.p12");
                keytool(server, "CN=127.0.0.1", "san=ip:127.0.0.1,dns:localhost");
                keytool(client, CLIENT_SUBJECT, null);
                server.toFile().deleteOnExit();
                client.toFile().deleteOnExit();
                made = new TestCertificates(server, client);
            } catch (IOException failed) {
                throw new UncheckedIOException("cannot make the test certificates", failed);
            }
        }
        return made;
    }

    /**
     * Loads one of the stores.
     *
     * @param path the store
     * @return the loaded store
     */
    static KeyStore load(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD);
            return store;
        } catch (IOException | GeneralSecurityException failed) {
            throw new IllegalStateException("cannot read the test store " + path, failed);
        }
    }

    private static void keytool(Path store, String subject, String extension) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", subject, "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)));
        if (extension != null) {
            command.add("-ext");
            command.add(extension);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + new String(output, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", interrupted);
        }
    }
}
