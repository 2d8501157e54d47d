package io.civicpass.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS settings for the client's connections: the certificates to trust (instead of the JDK's
 * default trust store) and a client certificate for mutual TLS. Immutable; the key stores are
 * read once, when the settings are built, and their managers made then, so a bad store or
 * password fails at configuration time, before any request. Each transport applies them to an
 * HTTP client it builds itself; an HTTP client the user hands over keeps its own TLS settings
 * and ignores these (each transport says so).
 *
 * <pre>{@code
 * TlsSettings tls = TlsSettings.builder()
 *     .trustStore(Path.of("/etc/civic/ca.p12"), trustPassword, "PKCS12")
 *     .clientCertificate(Path.of("/etc/civic/client.p12"), keyPassword, "PKCS12")
 *     .build();
 * }</pre>
 *
 * <p>Passwords are secrets: they are copied, used to open the stores and never shown in
 * {@link #toString()} or in an exception message.
 *
 * @since 0.1.0
 */
public final class TlsSettings {

    private final X509TrustManager trustManager;
    private final X509KeyManager keyManager;
    private final int trustedCertificates;

    private TlsSettings(X509TrustManager trustManager, X509KeyManager keyManager, int trustedCertificates) {
        this.trustManager = trustManager;
        this.keyManager = keyManager;
        this.trustedCertificates = trustedCertificates;
    }

    /**
     * A builder; without a trust store the JDK's default one is trusted.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The trust manager checking the server's certificate: over the given trust store, or the
     * JDK's default one.
     *
     * @return the trust manager
     */
    public X509TrustManager trustManager() {
        return trustManager;
    }

    /**
     * The key manager presenting the client certificate, for mutual TLS.
     *
     * @return the key manager, or empty without a client certificate
     */
    public Optional<X509KeyManager> keyManager() {
        return Optional.ofNullable(keyManager);
    }

    /**
     * A new TLS context over {@link #trustManager()} and {@link #keyManager()}, for HTTP
     * libraries that take one.
     *
     * @return the context, initialized
     * @throws IllegalStateException when the JDK offers no TLS
     */
    public SSLContext newSslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManager == null ? null : new KeyManager[] {keyManager}, new TrustManager[] {trustManager},
                    null);
            return context;
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("the JDK offers no TLS context (" + unavailable.getClass().getSimpleName()
                    + ")", unavailable);
        }
    }

    /**
     * Describes the settings without any password.
     *
     * @return what is trusted and whether a client certificate is presented
     */
    @Override
    public String toString() {
        return "TlsSettings[trust=" + (trustedCertificates < 0 ? "JDK default" : trustedCertificates + " certificates")
                + ", clientCertificate=" + (keyManager != null) + "]";
    }

    /** Builds {@link TlsSettings}. Not thread-safe. */
    public static final class Builder {

        private KeyStore trustStore;
        private KeyStore keyStore;
        private char[] keyPassword;

        private Builder() {
        }

        /**
         * Trusts the certificates in this store, and no others.
         *
         * @param store a loaded key store holding trusted certificates
         * @return this builder
         */
        public Builder trustStore(KeyStore store) {
            this.trustStore = Objects.requireNonNull(store, "trustStore == null");
            return this;
        }

        /**
         * Trusts the certificates in the store at this path, and no others.
         *
         * @param path     the store's file
         * @param password the store's password (copied), or null for none
         * @param type     the store's type, for example {@code PKCS12} or {@code JKS}
         * @return this builder
         * @throws IllegalArgumentException when the store cannot be read with that type and password
         */
        public Builder trustStore(Path path, char[] password, String type) {
            this.trustStore = load("trustStore", path, password, type);
            return this;
        }

        /**
         * Presents the client certificate (and its private key) in this store, for mutual TLS.
         *
         * @param store    a loaded key store holding the private key and its certificate chain
         * @param password the key's password (copied)
         * @return this builder
         */
        public Builder clientCertificate(KeyStore store, char[] password) {
            this.keyStore = Objects.requireNonNull(store, "keyStore == null");
            this.keyPassword = Objects.requireNonNull(password, "password == null").clone();
            return this;
        }

        /**
         * Presents the client certificate in the store at this path, for mutual TLS; the store's
         * password opens its key too.
         *
         * @param path     the store's file
         * @param password the store's and key's password (copied)
         * @param type     the store's type, for example {@code PKCS12}
         * @return this builder
         * @throws IllegalArgumentException when the store cannot be read with that type and password
         */
        public Builder clientCertificate(Path path, char[] password, String type) {
            Objects.requireNonNull(password, "password == null");
            this.keyStore = load("keyStore", path, password, type);
            this.keyPassword = password.clone();
            return this;
        }

        /**
         * The settings, their managers made now.
         *
         * @return the settings
         * @throws IllegalArgumentException when the trust store holds no certificate, the key store
         *                                  no private key, or the key password is wrong
         */
        public TlsSettings build() {
            X509TrustManager trust;
            int trusted = -1;
            try {
                if (trustStore != null) {
                    trusted = certificates(trustStore);
                    if (trusted == 0) {
                        throw new IllegalArgumentException("trustStore holds no certificate");
                    }
                }
                TrustManagerFactory trustFactory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustFactory.init(trustStore); // null: the JDK's default trust store
                trust = only(X509TrustManager.class, trustFactory.getTrustManagers(), "trust manager");
            } catch (GeneralSecurityException unusable) {
                throw new IllegalArgumentException("trustStore cannot be used (" + unusable.getClass().getSimpleName() + ")");
            }
            X509KeyManager key = null;
            if (keyStore != null) {
                try {
                    if (!hasPrivateKey(keyStore)) {
                        throw new IllegalArgumentException("the client certificate's store holds no private key");
                    }
                    KeyManagerFactory keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                    keyFactory.init(keyStore, keyPassword);
                    key = only(X509KeyManager.class, keyFactory.getKeyManagers(), "key manager");
                } catch (GeneralSecurityException unusable) {
                    // A wrong key password shows as UnrecoverableKeyException; say so without the password.
                    throw new IllegalArgumentException("the client certificate's key cannot be read with the given"
                            + " password (" + unusable.getClass().getSimpleName() + ")");
                } finally {
                    Arrays.fill(keyPassword, '\0');
                    keyPassword = null;
                    keyStore = null;
                }
            }
            return new TlsSettings(trust, key, trusted);
        }

        private static KeyStore load(String field, Path path, char[] password, String type) {
            Objects.requireNonNull(path, "path == null");
            Objects.requireNonNull(type, "type == null");
            KeyStore store;
            try {
                store = KeyStore.getInstance(type);
            } catch (KeyStoreException unknown) {
                throw new IllegalArgumentException(field + " type '" + (type.matches("[A-Za-z0-9_-]{1,16}") ? type : "?")
                        + "' is not one the JDK reads");
            }
            try (InputStream in = Files.newInputStream(path)) {
                store.load(in, password);
            } catch (IOException | GeneralSecurityException unreadable) {
                // IOException also means a wrong password; the message names the file, never the password.
                throw new IllegalArgumentException(field + " '" + path + "' cannot be read as " + store.getType()
                        + " with the given password (" + unreadable.getClass().getSimpleName() + ")");
            }
            return store;
        }

        private static int certificates(KeyStore store) throws KeyStoreException {
            int count = 0;
            for (String alias : java.util.Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias) || store.getCertificate(alias) != null) {
                    count++;
                }
            }
            return count;
        }

        private static boolean hasPrivateKey(KeyStore store) throws KeyStoreException {
            for (String alias : java.util.Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return true;
                }
            }
            return false;
        }

        private static <T> T only(Class<T> type, Object[] managers, String what) {
            for (Object manager : managers) {
                if (type.isInstance(manager)) {
                    return type.cast(manager);
                }
            }
            throw new IllegalStateException("the JDK made no X.509 " + what);
        }
    }
}
