package io.civicpass.okhttp;

import io.civicpass.spi.ProxySettings;
import io.civicpass.spi.TlsSettings;
import java.net.Proxy;
import java.util.Objects;
import okhttp3.Connection;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Applies the transport settings' proxy and TLS to an OkHttp client a transport builds for
 * itself; never to a client the user shares (that one keeps its own).
 *
 * <ul>
 *   <li>Proxy: OkHttp's proxy selector from {@link ProxySettings#asProxySelector()} (hosts on the
 *       no-proxy list connect directly). The Basic credentials go to the proxy only, preemptively:
 *       for an {@code https} URL on the {@code CONNECT} request OkHttp sends to open the tunnel
 *       (OkHttp asks the proxy authenticator before the first attempt), for an {@code http} URL
 *       on the request itself when, and only when, its connection goes through the proxy. A
 *       {@code 407} answer to a request that carried them is handed back (or, for a tunnel,
 *       reported as no connection), not retried.</li>
 *   <li>TLS: a socket factory from {@link TlsSettings#newSslContext()} with its trust manager;
 *       OkHttp's host name verification and TLS versions stay its defaults.</li>
 * </ul>
 */
public final class ProxyAndTls {

    private static final String PROXY_AUTHORIZATION = "Proxy-Authorization";

    private ProxyAndTls() {
    }

    /**
     * Routes the client through the proxy, with its credentials if any. Adds a network
     * interceptor: call it before {@link OkHttpClients#forceSafety(OkHttpClient.Builder)}, whose
     * write guard must stay the last one.
     *
     * @param builder the client's builder
     * @param proxy   the proxy settings
     */
    public static void applyProxy(OkHttpClient.Builder builder, ProxySettings proxy) {
        Objects.requireNonNull(builder, "builder == null");
        Objects.requireNonNull(proxy, "proxy == null");
        builder.proxySelector(proxy.asProxySelector());
        proxy.proxyAuthorization().ifPresent(credentials -> {
            builder.proxyAuthenticator((route, response) -> {
                if (response.request().header(PROXY_AUTHORIZATION) != null) {
                    return null; // these credentials were refused: asking again would not help
                }
                return response.request().newBuilder().header(PROXY_AUTHORIZATION, credentials).build();
            });
            builder.addNetworkInterceptor(chain -> {
                Request request = chain.request();
                Connection connection = chain.connection();
                boolean throughProxy = connection != null && connection.route().proxy().type() == Proxy.Type.HTTP;
                if (throughProxy && !request.isHttps()) {
                    request = request.newBuilder().header(PROXY_AUTHORIZATION, credentials).build();
                }
                return chain.proceed(request);
            });
        });
    }

    /**
     * Trusts the settings' trust store and presents their client certificate, if any.
     *
     * @param builder the client's builder
     * @param tls     the TLS settings
     */
    public static void applyTls(OkHttpClient.Builder builder, TlsSettings tls) {
        Objects.requireNonNull(builder, "builder == null");
        Objects.requireNonNull(tls, "tls == null");
        builder.sslSocketFactory(tls.newSslContext().getSocketFactory(), tls.trustManager());
    }
}
