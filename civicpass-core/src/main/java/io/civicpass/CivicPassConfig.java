package io.civicpass;

import io.civicpass.model.ClientCredentials;
import io.civicpass.model.GatekeeperNetwork;
import io.civicpass.model.TokenRequestStyle;
import io.civicpass.spi.ProxySettings;
import io.civicpass.spi.TlsSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the client talks to Civic. Immutable; build with {@link #builder()}, start from
 * {@link #sandbox()} to try Civic's public sandbox, or read {@link #fromEnvironment()}.
 *
 * <p>Plain {@code http://} URLs are refused unless the host is a loopback address (a local
 * fake) or {@link Builder#allowInsecureHttp(boolean)} is set, so credentials and tokens never
 * cross a network in clear by accident. {@link #toString()} never shows the client secret.
 */
public final class CivicPassConfig {

    /** Civic's production API base. */
    public static final URI DEFAULT_API_URL = URI.create("https://api.civic.com/partner");
    /** Civic's token endpoint. */
    public static final URI DEFAULT_TOKEN_URL = URI.create("https://auth0.civic.com/oauth/token");
    /** Civic's public sandbox credentials, shared by everyone and usable only on testnets. */
    public static final ClientCredentials SANDBOX_CREDENTIALS = new ClientCredentials(
            "dtVTGsKUlkPQ8UXKqSskS1HqNI3hERHT", "7DT722BjNlXUp8HVaV_ZjHzopq2Tr12doGB8sBYC-vhPo3Eh0HoidLVATFbxmwZ1");

    /** Environment variable holding the client id. */
    public static final String ENV_CLIENT_ID = "CIVIC_CLIENT_ID";
    /** Environment variable holding the client secret. */
    public static final String ENV_CLIENT_SECRET = "CIVIC_CLIENT_SECRET";
    /** Environment variable overriding the API base. */
    public static final String ENV_API_URL = "CIVIC_API_URL";
    /** Environment variable overriding the token endpoint. */
    public static final String ENV_TOKEN_URL = "CIVIC_TOKEN_URL";

    private final URI apiUrl;
    private final URI tokenUrl;
    private final ClientCredentials credentials;
    private final TokenRequestStyle tokenRequestStyle;
    private final String audience;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration tokenRefreshSkew;
    private final RetryPolicy retryPolicy;
    private final String userAgentSuffix;
    private final boolean allowInsecureHttp;
    private final GatekeeperNetwork gatekeeperNetwork;
    private final ProxySettings proxy;
    private final TlsSettings tls;

    private CivicPassConfig(Builder builder) {
        this.apiUrl = builder.apiUrl;
        this.tokenUrl = builder.tokenUrl;
        this.credentials = builder.credentials;
        this.tokenRequestStyle = builder.tokenRequestStyle;
        this.audience = builder.audience;
        this.connectTimeout = builder.connectTimeout;
        this.requestTimeout = builder.requestTimeout;
        this.tokenRefreshSkew = builder.tokenRefreshSkew;
        this.retryPolicy = builder.retryPolicy;
        this.userAgentSuffix = builder.userAgentSuffix;
        this.allowInsecureHttp = builder.allowInsecureHttp;
        this.gatekeeperNetwork = builder.gatekeeperNetwork;
        this.proxy = builder.proxy;
        this.tls = builder.tls;
    }

    /**
     * A builder with the production defaults; credentials must be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Civic's public sandbox: the shared credentials and the sandbox gatekeeper network. Anyone
     * can see and change passes there, and only testnets work.
     *
     * @return the sandbox configuration
     */
    public static CivicPassConfig sandbox() {
        return builder().credentials(SANDBOX_CREDENTIALS).gatekeeperNetwork(GatekeeperNetwork.SANDBOX).build();
    }

    /**
     * A configuration from the process environment: {@code CIVIC_CLIENT_ID} and
     * {@code CIVIC_CLIENT_SECRET} (required), {@code CIVIC_API_URL} and {@code CIVIC_TOKEN_URL}
     * (optional).
     *
     * @return the configuration
     * @throws IllegalStateException naming the variables that are missing
     */
    public static CivicPassConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * A configuration from the given variables, as {@link #fromEnvironment()} reads them.
     *
     * @param environment variable names to values
     * @return the configuration
     * @throws IllegalStateException naming the variables that are missing
     */
    public static CivicPassConfig fromEnvironment(Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment == null");
        String id = blankToNull(environment.get(ENV_CLIENT_ID));
        String secret = blankToNull(environment.get(ENV_CLIENT_SECRET));
        if (id == null || secret == null) {
            throw new IllegalStateException("set " + (id == null ? ENV_CLIENT_ID : "")
                    + (id == null && secret == null ? " and " : "") + (secret == null ? ENV_CLIENT_SECRET : "")
                    + " to configure the Civic Pass client from the environment");
        }
        Builder builder = builder().credentials(new ClientCredentials(id, secret));
        String api = blankToNull(environment.get(ENV_API_URL));
        if (api != null) {
            builder.apiUrl(api);
        }
        String token = blankToNull(environment.get(ENV_TOKEN_URL));
        if (token != null) {
            builder.tokenUrl(token);
        }
        return builder.build();
    }

    /**
     * A builder starting from this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.apiUrl = apiUrl;
        builder.tokenUrl = tokenUrl;
        builder.credentials = credentials;
        builder.tokenRequestStyle = tokenRequestStyle;
        builder.audience = audience;
        builder.connectTimeout = connectTimeout;
        builder.requestTimeout = requestTimeout;
        builder.tokenRefreshSkew = tokenRefreshSkew;
        builder.retryPolicy = retryPolicy;
        builder.userAgentSuffix = userAgentSuffix;
        builder.allowInsecureHttp = allowInsecureHttp;
        builder.gatekeeperNetwork = gatekeeperNetwork;
        builder.proxy = proxy;
        builder.tls = tls;
        return builder;
    }

    /**
     * The API base, without a trailing slash.
     *
     * @return for example {@code https://api.civic.com/partner}
     */
    public URI apiUrl() {
        return apiUrl;
    }

    /**
     * The OAuth 2.0 token endpoint.
     *
     * @return for example {@code https://auth0.civic.com/oauth/token}
     */
    public URI tokenUrl() {
        return tokenUrl;
    }

    /**
     * The client credentials.
     *
     * @return the credentials
     */
    public ClientCredentials credentials() {
        return credentials;
    }

    /**
     * How the token request is sent.
     *
     * @return the style, {@link TokenRequestStyle#BASIC_FORM} by default
     */
    public TokenRequestStyle tokenRequestStyle() {
        return tokenRequestStyle;
    }

    /**
     * The audience sent with {@link TokenRequestStyle#JSON_BODY}.
     *
     * @return the audience, or empty to send none
     */
    public Optional<String> audience() {
        return Optional.ofNullable(audience);
    }

    /**
     * The most a connection attempt may take.
     *
     * @return 10 s by default
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The most one HTTP exchange may take.
     *
     * @return 30 s by default
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * How long before its expiry a token is no longer used; a refresh starts in the background
     * one more skew earlier.
     *
     * @return 60 s by default
     */
    public Duration tokenRefreshSkew() {
        return tokenRefreshSkew;
    }

    /**
     * The retry policy.
     *
     * @return {@link RetryPolicy#defaults()} unless set
     */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * Text appended to the {@code User-Agent}, naming the application.
     *
     * @return the suffix, or empty
     */
    public Optional<String> userAgentSuffix() {
        return Optional.ofNullable(userAgentSuffix);
    }

    /**
     * Whether plain {@code http://} is allowed to non-loopback hosts.
     *
     * @return false by default
     */
    public boolean allowInsecureHttp() {
        return allowInsecureHttp;
    }

    /**
     * The gatekeeper network of the project's pass type, for reference (the API infers it from
     * the credentials).
     *
     * @return the network, or empty if not set
     */
    public Optional<GatekeeperNetwork> gatekeeperNetwork() {
        return Optional.ofNullable(gatekeeperNetwork);
    }

    /**
     * The HTTP proxy requests go through, applied by the transport to an HTTP client it builds
     * (ignored by an HTTP client handed over to the transport).
     *
     * @return the proxy, or empty to connect directly
     */
    public Optional<ProxySettings> proxy() {
        return Optional.ofNullable(proxy);
    }

    /**
     * The TLS trust and client certificate, applied by the transport to an HTTP client it builds
     * (ignored by an HTTP client handed over to the transport).
     *
     * @return the settings, or empty for the JDK's defaults
     */
    public Optional<TlsSettings> tls() {
        return Optional.ofNullable(tls);
    }

    /**
     * Describes the configuration without the client secret.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "CivicPassConfig[apiUrl=" + apiUrl + ", tokenUrl=" + tokenUrl + ", credentials=" + credentials
                + ", tokenRequestStyle=" + tokenRequestStyle + ", audience=" + audience
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", tokenRefreshSkew=" + tokenRefreshSkew + ", retryPolicy=" + retryPolicy
                + ", userAgentSuffix=" + userAgentSuffix + ", allowInsecureHttp=" + allowInsecureHttp
                + ", gatekeeperNetwork=" + gatekeeperNetwork
                + (proxy == null ? "" : ", proxy=" + proxy) + (tls == null ? "" : ", tls=" + tls) + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Builds a {@link CivicPassConfig}. */
    public static final class Builder {

        private URI apiUrl = DEFAULT_API_URL;
        private URI tokenUrl = DEFAULT_TOKEN_URL;
        private ClientCredentials credentials;
        private TokenRequestStyle tokenRequestStyle = TokenRequestStyle.BASIC_FORM;
        private String audience = CivicJson.DEFAULT_AUDIENCE;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration tokenRefreshSkew = Duration.ofSeconds(60);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private String userAgentSuffix;
        private boolean allowInsecureHttp;
        private GatekeeperNetwork gatekeeperNetwork;
        private ProxySettings proxy;
        private TlsSettings tls;

        private Builder() {
        }

        /**
         * Sets the API base.
         *
         * @param value an absolute http(s) URL; a trailing slash is dropped
         * @return this builder
         */
        public Builder apiUrl(URI value) {
            this.apiUrl = absolute("apiUrl", value);
            return this;
        }

        /**
         * Sets the API base.
         *
         * @param value an absolute http(s) URL
         * @return this builder
         */
        public Builder apiUrl(String value) {
            return apiUrl(parse("apiUrl", value));
        }

        /**
         * Sets the token endpoint.
         *
         * @param value an absolute http(s) URL
         * @return this builder
         */
        public Builder tokenUrl(URI value) {
            this.tokenUrl = absolute("tokenUrl", value);
            return this;
        }

        /**
         * Sets the token endpoint.
         *
         * @param value an absolute http(s) URL
         * @return this builder
         */
        public Builder tokenUrl(String value) {
            return tokenUrl(parse("tokenUrl", value));
        }

        /**
         * Sets the client credentials.
         *
         * @param value the credentials
         * @return this builder
         */
        public Builder credentials(ClientCredentials value) {
            this.credentials = Objects.requireNonNull(value, "credentials == null");
            return this;
        }

        /**
         * Sets the client credentials.
         *
         * @param clientId     the client id
         * @param clientSecret the client secret
         * @return this builder
         */
        public Builder credentials(String clientId, String clientSecret) {
            return credentials(new ClientCredentials(clientId, clientSecret));
        }

        /**
         * Sets how the token request is sent.
         *
         * @param value the style
         * @return this builder
         */
        public Builder tokenRequestStyle(TokenRequestStyle value) {
            this.tokenRequestStyle = Objects.requireNonNull(value, "tokenRequestStyle == null");
            return this;
        }

        /**
         * Sets the audience sent with {@link TokenRequestStyle#JSON_BODY}.
         *
         * @param value the audience, or null to send none
         * @return this builder
         */
        public Builder audience(String value) {
            this.audience = value == null || value.isBlank() ? null : value;
            return this;
        }

        /**
         * Sets the connect timeout.
         *
         * @param value more than zero
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive("connectTimeout", value);
            return this;
        }

        /**
         * Sets the per-exchange timeout.
         *
         * @param value more than zero
         * @return this builder
         */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = positive("requestTimeout", value);
            return this;
        }

        /**
         * Sets how long before expiry a token stops being used.
         *
         * @param value zero or more
         * @return this builder
         */
        public Builder tokenRefreshSkew(Duration value) {
            Objects.requireNonNull(value, "tokenRefreshSkew == null");
            if (value.isNegative()) {
                throw new IllegalArgumentException("tokenRefreshSkew must not be negative, was " + value);
            }
            if (value.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("tokenRefreshSkew must be at most a day, was " + value);
            }
            this.tokenRefreshSkew = value;
            return this;
        }

        /**
         * Sets the retry policy.
         *
         * @param value the policy, {@link RetryPolicy#none()} to disable retries
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = Objects.requireNonNull(value, "retryPolicy == null");
            return this;
        }

        /**
         * Sets text appended to the {@code User-Agent}, for example {@code my-app/1.2}.
         *
         * @param value printable ASCII, or null for none
         * @return this builder
         */
        public Builder userAgentSuffix(String value) {
            if (value != null && !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("userAgentSuffix '" + value + "' must be printable ASCII");
            }
            this.userAgentSuffix = value == null || value.isBlank() ? null : value;
            return this;
        }

        /**
         * Allows plain {@code http://} to hosts other than loopback. Only for networks where
         * traffic cannot be observed: credentials and tokens travel in clear.
         *
         * @param value true to allow
         * @return this builder
         */
        public Builder allowInsecureHttp(boolean value) {
            this.allowInsecureHttp = value;
            return this;
        }

        /**
         * Records the project's gatekeeper network.
         *
         * @param value the network, or null
         * @return this builder
         */
        public Builder gatekeeperNetwork(GatekeeperNetwork value) {
            this.gatekeeperNetwork = value;
            return this;
        }

        /**
         * Sends every request (the token request included) through an HTTP proxy, except to the
         * hosts it lists as reached directly. Applied by the transport to an HTTP client it
         * builds; an HTTP client handed over to the transport keeps its own proxy settings.
         *
         * @param value the proxy, for example {@code ProxySettings.of("proxy.internal", 3128)}
         * @return this builder
         */
        public Builder proxy(ProxySettings value) {
            this.proxy = Objects.requireNonNull(value, "proxy == null");
            return this;
        }

        /**
         * Uses the proxy the environment names, as curl would for an {@code https} URL
         * ({@code https_proxy} or {@code HTTPS_PROXY}, with {@code no_proxy} or {@code NO_PROXY}:
         * see {@link ProxySettings#fromEnvironment()}); connects directly when neither is set.
         *
         * @return this builder
         * @throws IllegalArgumentException naming the variable when its value is not a proxy URL
         */
        public Builder proxyFromEnvironment() {
            this.proxy = ProxySettings.fromEnvironment().orElse(null);
            return this;
        }

        /**
         * Connects directly, without a proxy (the default).
         *
         * @return this builder
         */
        public Builder noProxy() {
            this.proxy = null;
            return this;
        }

        /**
         * Sets the certificates to trust and a client certificate for mutual TLS. Applied by the
         * transport to an HTTP client it builds; an HTTP client handed over keeps its own.
         *
         * @param value the TLS settings
         * @return this builder
         */
        public Builder tls(TlsSettings value) {
            this.tls = Objects.requireNonNull(value, "tls == null");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when credentials are missing or a URL uses plain
         *                                  http to a non-loopback host without opt-in
         */
        public CivicPassConfig build() {
            if (credentials == null) {
                throw new IllegalArgumentException("credentials must be set (client id and secret)");
            }
            requireSecure("apiUrl", apiUrl);
            requireSecure("tokenUrl", tokenUrl);
            return new CivicPassConfig(this);
        }

        private void requireSecure(String field, URI url) {
            if (url.getScheme().equalsIgnoreCase("http") && !allowInsecureHttp && !isLoopback(url.getHost())) {
                throw new IllegalArgumentException(field + " '" + shown(url) + "' uses plain http to a host that is not loopback;"
                        + " use https, or allowInsecureHttp(true) if credentials may travel in clear");
            }
        }

        /**
         * A URL as configuration errors may print it: scheme, host, port, and only those path
         * segments that are plain words; never user info, a query, or a segment that could be a key.
         */
        static String shown(URI url) {
            StringBuilder out = new StringBuilder().append(url.getScheme()).append("://").append(url.getHost());
            if (url.getPort() != -1) {
                out.append(':').append(url.getPort());
            }
            String path = url.getRawPath() == null ? "" : url.getRawPath();
            for (String segment : path.split("/")) {
                if (!segment.isEmpty()) {
                    out.append('/').append(segment.matches("[a-z][a-z.-]{0,23}") ? segment : "<redacted>");
                }
            }
            return out.toString();
        }

        private static boolean isLoopback(String host) {
            if (host == null) {
                return false;
            }
            String h = host.toLowerCase(Locale.ROOT);
            if (h.equals("localhost") || h.endsWith(".localhost")) {
                return true;
            }
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            if (!h.matches("[0-9.]+") && !h.contains(":")) {
                return false; // a name: do not resolve it, DNS could say anything
            }
            try {
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (UnknownHostException notAnAddress) {
                return false;
            }
        }

        private static URI parse(String field, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(field + " must not be blank");
            }
            try {
                return new URI(value.trim());
            } catch (URISyntaxException malformed) {
                throw new IllegalArgumentException(field + " is not a valid URL: " + malformed.getReason()
                        + " at index " + malformed.getIndex());
            }
        }

        private static URI absolute(String field, URI value) {
            Objects.requireNonNull(value, field + " == null");
            String scheme = value.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
                    || value.getHost() == null) {
                throw new IllegalArgumentException(field + " must be an absolute http or https URL"
                        + (scheme == null ? "" : ", not " + (scheme.matches("[A-Za-z][A-Za-z0-9+.-]{0,15}") ? scheme : "<scheme>")));
            }
            if (value.getRawUserInfo() != null) {
                // never echo the URL: user info may hold a password
                throw new IllegalArgumentException(field + " must not carry user info; set credentials instead");
            }
            if (value.getRawQuery() != null || value.getRawFragment() != null) {
                // never echo the query: it may hold a key
                throw new IllegalArgumentException(field + " '" + shown(value) + "' must not have a query or fragment");
            }
            String text = value.toString();
            while (text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
            return URI.create(text);
        }

        private static Duration positive(String field, Duration value) {
            Objects.requireNonNull(value, field + " == null");
            if (value.isNegative() || value.isZero() || value.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(field + " must be positive and at most " + MAX_DURATION + ", was " + value);
            }
            return value;
        }

        /** Far beyond any sensible wait, short of overflowing a nanosecond clock. */
        private static final Duration MAX_DURATION = Duration.ofDays(1);
    }
}
