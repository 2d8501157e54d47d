package io.civicpass.testkit.tck;

import static io.civicpass.testkit.tck.RunsWhereTheSettings.Settings.ARE_APPLIED;
import static io.civicpass.testkit.tck.RunsWhereTheSettings.Settings.ARE_LEFT_ALONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.civicpass.spi.HttpMethod;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.TlsSettings;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportException;
import io.civicpass.spi.TransportSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The settings' TLS trust store and client certificate, at the transport's own level (the fake is
 * plain HTTP): requests to an HTTPS server on loopback whose self-signed certificate only the
 * given trust store trusts, and to one that requires a client certificate. A transport handed a
 * user's own HTTP client, or one with no network ({@link TransportContract#appliesProxyAndTlsSettings()}
 * false), must leave the settings alone instead: the self-signed server then answers nothing.
 * Each case runs only for the transports it applies to ({@link RunsWhereTheSettings}).
 */
abstract class TlsContract extends ContractGroup {

    /**
     * The group over the harness of its enclosing contract.
     *
     * @param harness the harness
     */
    TlsContract(ContractHarness harness) {
        super(harness);
    }

    /**
     * With the trust store, the self-signed server is trusted on both faces; without it the
     * connection fails before anything is sent.
     *
     * @throws Exception when the server cannot start
     */
    @RunsWhereTheSettings(ARE_APPLIED)
    void theTrustStoresCertificateIsTrustedAndNoOtherServerIs() throws Exception {
        TestCertificates certificates = TestCertificates.get();
        TlsSettings trusting = TlsSettings.builder()
                .trustStore(certificates.server, TestCertificates.PASSWORD, "PKCS12").build();
        try (TlsServer server = TlsServer.start(false)) {
            List<Object> outcomes = exchanges(settings().tls(trusting).build(), server.uri());
            assertThat(outcomes).hasSizeGreaterThan(0).allSatisfy(outcome ->
                    assertThat(outcome).isInstanceOfSatisfying(HttpResponse.class,
                            response -> assertThat(response.status()).isEqualTo(200)));
            List<Object> untrusted = exchanges(settings().build(), server.uri());
            // A failed handshake is a failure before sending (an I/O exception is the SPI's
            // conservative alternative to saying so).
            assertThat(untrusted).hasSizeGreaterThan(0).allSatisfy(outcome -> {
                if (outcome instanceof TransportException failure) {
                    assertThat(failure.kind()).isEqualTo(TransportException.Kind.CONNECT);
                    assertThat(failure.mayHaveBeenSent()).isFalse();
                } else {
                    assertThat(outcome).isInstanceOfAny(IOException.class, UncheckedIOException.class);
                }
            });
            assertThat(server.requests()).hasSize(outcomes.size());
        }
    }

    /**
     * A server that requires a client certificate gets the configured one; without one it
     * answers no request.
     *
     * @throws Exception when the server cannot start
     */
    @RunsWhereTheSettings(ARE_APPLIED)
    void theClientCertificateIsPresentedToAServerThatRequiresOne() throws Exception {
        TestCertificates certificates = TestCertificates.get();
        TlsSettings mutual = TlsSettings.builder()
                .trustStore(certificates.server, TestCertificates.PASSWORD, "PKCS12")
                .clientCertificate(certificates.client, TestCertificates.PASSWORD, "PKCS12").build();
        TlsSettings trustOnly = TlsSettings.builder()
                .trustStore(certificates.server, TestCertificates.PASSWORD, "PKCS12").build();
        try (TlsServer server = TlsServer.start(true)) {
            List<Object> withCertificate = exchanges(settings().tls(mutual).build(), server.uri());
            assertThat(withCertificate).hasSizeGreaterThan(0).allSatisfy(outcome ->
                    assertThat(outcome).isInstanceOfSatisfying(HttpResponse.class,
                            response -> assertThat(response.status()).isEqualTo(200)));
            assertThat(server.requests()).hasSize(withCertificate.size())
                    .allSatisfy(subject -> assertThat(subject).isEqualTo(TestCertificates.CLIENT_SUBJECT));
            List<Object> without = exchanges(settings().tls(trustOnly).build(), server.uri());
            assertThat(without).hasSizeGreaterThan(0).allSatisfy(outcome ->
                    assertThat(outcome).isInstanceOfAny(TransportException.class, IOException.class,
                            UncheckedIOException.class));
            assertThat(server.requests()).hasSize(withCertificate.size());
        }
    }

    /**
     * A transport that keeps its own HTTP client's settings (or sends nothing over a network)
     * ignores the settings' trust store: a server whose self-signed certificate only that trust
     * store trusts gets no request through either face.
     *
     * @throws Exception when the server cannot start
     */
    @RunsWhereTheSettings(ARE_LEFT_ALONE)
    void theTlsSettingsAreLeftAloneSoTheSelfSignedServerGetsNoRequest() throws Exception {
        TestCertificates certificates = TestCertificates.get();
        TlsSettings trusting = TlsSettings.builder()
                .trustStore(certificates.server, TestCertificates.PASSWORD, "PKCS12")
                .clientCertificate(certificates.client, TestCertificates.PASSWORD, "PKCS12").build();
        try (TlsServer server = TlsServer.start(false)) {
            List<Object> outcomes = exchanges(settings().tls(trusting).build(), server.uri());
            assertThat(outcomes).as("one exchange per face").isNotEmpty();
            assertThat(server.requests()).as("requests the self-signed server answered").isEmpty();
        }
    }

    private static TransportSettings.Builder settings() {
        return TransportSettings.builder().connectTimeout(Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(10));
    }

    /** One GET through each face the transport offers: the response, or the transport's failure. */
    private List<Object> exchanges(TransportSettings settings, URI uri) {
        List<Object> outcomes = new ArrayList<>();
        try (TransportConnection connection = createTransport().connect(settings)) {
            connection.blocking().ifPresent(exchange -> outcomes.add(outcome(() -> exchange.execute(request(uri)))));
            connection.async().ifPresent(exchange -> outcomes.add(outcome(() -> exchange.execute(request(uri))
                    .orTimeout(30, TimeUnit.SECONDS).join())));
        }
        return outcomes;
    }

    private static HttpRequest request(URI uri) {
        return HttpRequest.builder(HttpMethod.GET, uri).header("Accept", "text/plain")
                .header("User-Agent", "civicpass-tck").timeout(Duration.ofSeconds(10)).build();
    }

    private static Object outcome(java.util.function.Supplier<HttpResponse> exchange) {
        HttpResponse[] response = new HttpResponse[1];
        Throwable failure = catchThrowable(() -> response[0] = exchange.get());
        if (failure == null) {
            return response[0];
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TransportException) {
                return t;
            }
        }
        return cause;
    }

    /** An HTTPS server on loopback with the server certificate, recording each request's client subject. */
    private static final class TlsServer implements AutoCloseable {

        private final HttpsServer server;
        private final ExecutorService executor;
        private final List<String> requests = new CopyOnWriteArrayList<>();

        private TlsServer(HttpsServer server, ExecutorService executor) {
            this.server = server;
            this.executor = executor;
        }

        static TlsServer start(boolean needClientCertificate) throws IOException, GeneralSecurityException {
            TestCertificates certificates = TestCertificates.get();
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(TestCertificates.load(certificates.server), TestCertificates.PASSWORD);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(TestCertificates.load(certificates.client));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            https.setHttpsConfigurator(new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters parameters) {
                    javax.net.ssl.SSLParameters ssl = context.getDefaultSSLParameters();
                    ssl.setNeedClientAuth(needClientCertificate);
                    parameters.setSSLParameters(ssl);
                }
            });
            ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "tck-tls-server");
                thread.setDaemon(true);
                return thread;
            });
            https.setExecutor(executor);
            TlsServer server = new TlsServer(https, executor);
            https.createContext("/", exchange -> {
                String subject;
                try {
                    subject = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
                } catch (SSLPeerUnverifiedException none) {
                    subject = "";
                }
                server.requests.add(subject);
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                } catch (IOException gone) {
                    throw new UncheckedIOException(gone);
                }
            });
            https.start();
            return server;
        }

        URI uri() {
            return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/hello");
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
