package io.civicpass.vertx;

import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * JDK manager factories that hand out one given trust or key manager, for Vert.x's
 * {@code TrustOptions.wrap(TrustManagerFactory)} and {@code KeyCertOptions.wrap(KeyManagerFactory)}.
 * (Vert.x's own wrappers of a single manager need SLF4J on the classpath, which this transport
 * does not bring.)
 */
final class FixedManagers {

    private FixedManagers() {
    }

    static TrustManagerFactory trusting(X509TrustManager manager) {
        return new TrustManagerFactory(new TrustManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore store) {
                // fixed: nothing to initialize
            }

            @Override
            protected void engineInit(ManagerFactoryParameters parameters) {
                // fixed: nothing to initialize
            }

            @Override
            protected TrustManager[] engineGetTrustManagers() {
                return new TrustManager[] {manager};
            }
        }, null, "civicpass-fixed") {
        };
    }

    static KeyManagerFactory presenting(X509KeyManager manager) {
        return new KeyManagerFactory(new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore store, char[] password) {
                // fixed: nothing to initialize
            }

            @Override
            protected void engineInit(ManagerFactoryParameters parameters) {
                // fixed: nothing to initialize
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return new KeyManager[] {manager};
            }
        }, null, "civicpass-fixed") {
        };
    }
}
