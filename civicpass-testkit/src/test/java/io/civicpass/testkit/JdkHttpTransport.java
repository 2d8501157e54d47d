package io.civicpass.testkit;

import io.civicpass.spi.AsyncHttpExchange;
import io.civicpass.spi.Headers;
import io.civicpass.spi.ProxySettings;
import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportException;
import io.civicpass.spi.TransportSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A minimal transport over the JDK's {@link HttpClient}, written against the SPI alone, so the
 * contract suite runs over real sockets inside this module.
 *
 * <p>The JDK client silently sends a GET or HEAD again when the connection closes before any
 * response byte arrives (its "connection expired" retry); the contract suite rightly fails that.
 * The only switch is the JVM-wide attempt limit: this module's build runs its tests with
 * {@code jdk.httpclient.redirects.retrylimit=1}, which turns that second attempt into an
 * {@code IOException("Too many retries")}.
 *
 * <p>It applies the settings' TLS as the JDK client's TLS context, and their proxy as a transport author would with the JDK client: the
 * settings' proxy selector, and the Basic credentials as a {@code Proxy-Authorization} field on
 * plain {@code http} requests that go through the proxy. (For {@code https} tunnels the JDK asks
 * a {@code java.net.Authenticator} and refuses Basic unless the system property
 * {@code jdk.http.auth.tunneling.disabledSchemes} is changed; the fake is plain HTTP.)
 */
final class JdkHttpTransport implements Transport {

    @Override
    public String name() {
        return "jdk-test";
    }

    @Override
    public TransportConnection connect(TransportSettings settings) {
        HttpClient.Builder clientBuilder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(settings.connectTimeout());
        ProxySettings proxy = settings.proxy().orElse(null);
        if (proxy != null) {
            clientBuilder.proxy(proxy.asProxySelector());
        }
        settings.tls().ifPresent(tls -> clientBuilder.sslContext(tls.newSslContext()));
        HttpClient http = clientBuilder.build();
        HttpExchange blocking = request -> {
            try {
                return response(http.send(jdk(request, proxy), java.net.http.HttpResponse.BodyHandlers.ofByteArray()));
            } catch (IOException failure) {
                throw new UncheckedIOException(failure);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw TransportException.maybeSent(TransportException.Kind.IO, "interrupted", interrupted);
            }
        };
        AsyncHttpExchange async = request -> {
            CompletableFuture<java.net.http.HttpResponse<byte[]>> sent =
                    http.sendAsync(jdk(request, proxy), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            CompletableFuture<HttpResponse> result = sent.thenApply(JdkHttpTransport::response);
            result.whenComplete((response, failure) -> {
                if (result.isCancelled()) {
                    sent.cancel(true);
                }
            });
            return result;
        };
        return new TransportConnection() {
            @Override
            public Optional<HttpExchange> blocking() {
                return Optional.of(blocking);
            }

            @Override
            public Optional<AsyncHttpExchange> async() {
                return Optional.of(async);
            }

            @Override
            public void close() {
                // the JDK 17 client has no close; its threads end when it is unreachable
            }
        };
    }

    private static java.net.http.HttpRequest jdk(HttpRequest request, ProxySettings proxy) {
        if (request.expired()) {
            throw TransportException.notSent(TransportException.Kind.TIMEOUT, "deadline passed before sending", null);
        }
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(request.uri())
                .timeout(request.remaining());
        request.headers().asMap().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        if (proxy != null && "http".equalsIgnoreCase(request.uri().getScheme()) && !proxy.bypasses(request.uri().getHost())) {
            proxy.proxyAuthorization().ifPresent(credentials -> builder.header("Proxy-Authorization", credentials));
        }
        byte[] body = request.body();
        return builder.method(request.method().name(), body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static HttpResponse response(java.net.http.HttpResponse<byte[]> response) {
        return HttpResponse.of(response.statusCode(), Headers.of(response.headers().map()), response.body());
    }
}
