package io.civicpass.feign;

import io.civicpass.spi.ProxySettings;
import io.civicpass.spi.TlsSettings;
import java.net.Proxy;
import okhttp3.Connection;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Applies the transport settings' proxy and TLS to the default OkHttp client; never to a client
 * handed over.
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
final class ProxyAndTls {

    private static final String PROXY_AUTHORIZATION = "Proxy-Authorization";

    private ProxyAndTls() {
    }

    static void applyProxy(OkHttpClient.Builder builder, ProxySettings proxy) {
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

    static void applyTls(OkHttpClient.Builder builder, TlsSettings tls) {
        builder.sslSocketFactory(tls.newSslContext().getSocketFactory(), tls.trustManager());
    }
}
