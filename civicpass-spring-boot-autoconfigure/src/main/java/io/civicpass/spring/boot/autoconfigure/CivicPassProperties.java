package io.civicpass.spring.boot.autoconfigure;

import io.civicpass.model.TokenRequestStyle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code civicpass.*} properties, mapped onto a {@link io.civicpass.CivicPassConfig} and the
 * beans around it. Unset keys keep the library's defaults; the credentials may come from
 * {@code CIVIC_CLIENT_ID} and {@code CIVIC_CLIENT_SECRET} instead (see the README).
 *
 * @param clientId          The client id Civic issued for your pass (not secret). Required unless
 *                          civicpass.environment=sandbox or CIVIC_CLIENT_ID is set.
 * @param clientSecret      The client secret Civic issued with the client id: a secret, never logged
 *                          or shown. Required unless civicpass.environment=sandbox or
 *                          CIVIC_CLIENT_SECRET is set.
 * @param apiUrl            The base URL of Civic's partner API; production's when unset (or
 *                          CIVIC_API_URL).
 * @param tokenUrl          The URL of Civic's OAuth token endpoint; production's when unset (or
 *                          CIVIC_TOKEN_URL).
 * @param environment       Which Civic to start from: production (credentials required) or
 *                          sandbox (Civic's public sandbox credentials and gatekeeper network,
 *                          shared by everyone, testnets only); the other keys override it.
 * @param audience          The audience sent with the token request when token-request-style is
 *                          json-body.
 * @param tokenRequestStyle How the token request is sent: basic-form (Basic header and form body,
 *                          the default) or json-body.
 * @param gatekeeperNetwork Your pass's gatekeeper network, recorded for your code (no request sends
 *                          it).
 * @param connectTimeout    How long one attempt may take to connect.
 * @param requestTimeout    How long one attempt may take, never beyond the call's total timeout.
 * @param tokenRefreshSkew  How long before its expiry a token stops being used.
 * @param userAgentSuffix   Appended to the User-Agent the client sends.
 * @param allowInsecureHttp Whether plain http to a host that is not loopback is allowed (credentials
 *                          and tokens would travel in clear).
 * @param transport         The HTTP transport: feign, retrofit or vertx; by default the one on the
 *                          classpath (the first by name when there are several).
 * @param retry             Retries of failed attempts and each call's deadline.
 * @param proxy             An HTTP proxy for every request, applied to HTTP clients the transport
 *                          creates.
 * @param tls               Certificates to trust and a client certificate, applied to HTTP clients
 *                          the transport creates.
 * @param http              The HTTP client the transport uses.
 * @param gate              The PassGate bean, when civicpass-gate is on the classpath.
 * @param health            The civicpass health contributor, when Spring Boot's health support is
 *                          on the classpath.
 * @param metrics           The Micrometer binding, when civicpass-micrometer is on the classpath.
 */
@ConfigurationProperties("civicpass")
public record CivicPassProperties(
        String clientId,
        String clientSecret,
        String apiUrl,
        String tokenUrl,
        @DefaultValue("production") CivicEnvironment environment,
        String audience,
        @DefaultValue("basic-form") TokenRequestStyle tokenRequestStyle,
        String gatekeeperNetwork,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("60s") Duration tokenRefreshSkew,
        String userAgentSuffix,
        @DefaultValue("false") boolean allowInsecureHttp,
        TransportKind transport,
        @DefaultValue Retry retry,
        @DefaultValue Proxy proxy,
        @DefaultValue Tls tls,
        @DefaultValue Http http,
        @DefaultValue Gate gate,
        @DefaultValue Health health,
        @DefaultValue Metrics metrics) {

    /**
     * Describes the properties without the client secret.
     *
     * @return the keys' values, the secret shown only as set or not
     */
    @Override
    public String toString() {
        return "CivicPassProperties[clientId=" + clientId + ", clientSecret=" + shown(clientSecret) + ", apiUrl=" + apiUrl
                + ", tokenUrl=" + tokenUrl + ", environment=" + environment + ", audience=" + audience
                + ", tokenRequestStyle=" + tokenRequestStyle + ", gatekeeperNetwork=" + gatekeeperNetwork
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", tokenRefreshSkew=" + tokenRefreshSkew + ", userAgentSuffix=" + userAgentSuffix
                + ", allowInsecureHttp=" + allowInsecureHttp + ", transport=" + transport + ", retry=" + retry
                + ", proxy=" + proxy + ", tls=" + tls + ", http=" + http + ", gate=" + gate + ", health=" + health
                + ", metrics=" + metrics + "]";
    }

    /** A secret as descriptions show it: whether it is set, never its value. */
    private static String shown(String secret) {
        return secret == null ? "null" : "<redacted>";
    }

    /** Which Civic the client starts from. */
    public enum CivicEnvironment {
        /** Civic's production API; credentials must be set. */
        PRODUCTION,
        /** Civic's public sandbox: shared credentials and gatekeeper network, testnets only. */
        SANDBOX
    }

    /** The transports the auto-configuration knows. */
    public enum TransportKind {
        /** {@code civicpass-feign}. */
        FEIGN,
        /** {@code civicpass-retrofit}. */
        RETROFIT,
        /** {@code civicpass-vertx}. */
        VERTX;

        /**
         * The transport's name, as {@code Transport.name()} and the property spell it.
         *
         * @return the lower-case name
         */
        public String propertyValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Retries and deadlines (see the README's "Retries, deadlines and outcomes").
     *
     * @param enabled             Whether failed attempts are retried; false makes one attempt per
     *                            call and keeps the total timeout.
     * @param maxAttempts         Attempts per call, the first included.
     * @param initialBackoff      The first backoff, doubled per retry with full jitter.
     * @param maxBackoff          The longest backoff between attempts.
     * @param maxRetryAfter       The longest Retry-After from Civic that is honoured.
     * @param totalTimeout        Each call's one deadline: token fetch, attempts, backoff and
     *                            lookups included.
     * @param reconcileWindow     How long an issue whose outcome is unknown looks for its pass.
     * @param budgetCapacity      The client-wide retry budget: retries available at once.
     * @param budgetRefillPerCall The retries each call gives back to the budget.
     */
    public record Retry(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("500ms") Duration initialBackoff,
            @DefaultValue("5s") Duration maxBackoff,
            @DefaultValue("20s") Duration maxRetryAfter,
            @DefaultValue("60s") Duration totalTimeout,
            @DefaultValue("30s") Duration reconcileWindow,
            @DefaultValue("20") int budgetCapacity,
            @DefaultValue("0.2") double budgetRefillPerCall) {
    }

    /**
     * An HTTP proxy. Either host and port, or from-environment.
     *
     * @param host            The proxy's host name or IP address; no proxy when unset.
     * @param port            The proxy's port.
     * @param username        The user name sent to the proxy (Basic, to the proxy only).
     * @param password        The password sent to the proxy: a secret, never shown.
     * @param noProxy         Hosts reached directly, as curl reads NO_PROXY.
     * @param fromEnvironment Whether to use https_proxy / HTTPS_PROXY and no_proxy / NO_PROXY, as
     *                        curl does, when host is unset.
     */
    public record Proxy(
            String host,
            Integer port,
            String username,
            String password,
            List<String> noProxy,
            @DefaultValue("false") boolean fromEnvironment) {

        /**
         * Describes the proxy without its password.
         *
         * @return the keys' values, the password shown only as set or not
         */
        @Override
        public String toString() {
            return "Proxy[host=" + host + ", port=" + port + ", username=" + username + ", password=" + shown(password)
                    + ", noProxy=" + noProxy + ", fromEnvironment=" + fromEnvironment + "]";
        }
    }

    /**
     * TLS: trust and a client certificate, each a key store file.
     *
     * @param trustStore         A key store file of the certificates to trust instead of the JDK's.
     * @param trustStorePassword The trust store's password: a secret, never shown.
     * @param trustStoreType     The trust store's type.
     * @param keyStore           A key store file with the client certificate and its key, for
     *                           mutual TLS.
     * @param keyStorePassword   The key store's and key's password: a secret, never shown.
     * @param keyStoreType       The key store's type.
     */
    public record Tls(
            Path trustStore,
            String trustStorePassword,
            @DefaultValue("PKCS12") String trustStoreType,
            Path keyStore,
            String keyStorePassword,
            @DefaultValue("PKCS12") String keyStoreType) {

        /**
         * Describes the stores without their passwords.
         *
         * @return the keys' values, the passwords shown only as set or not
         */
        @Override
        public String toString() {
            return "Tls[trustStore=" + trustStore + ", trustStorePassword=" + shown(trustStorePassword)
                    + ", trustStoreType=" + trustStoreType + ", keyStore=" + keyStore + ", keyStorePassword="
                    + shown(keyStorePassword) + ", keyStoreType=" + keyStoreType + "]";
        }
    }

    /**
     * The transport's HTTP client.
     *
     * @param shareApplicationClient Whether the transport uses the application's own HTTP client
     *                               bean (an okhttp3.OkHttpClient for Retrofit, a feign.Client for
     *                               Feign) instead of one it owns; off by default, since an
     *                               application's client may load-balance by service id or log
     *                               bodies through its interceptors.
     */
    public record Http(@DefaultValue("false") boolean shareApplicationClient) {
    }

    /**
     * The gate (civicpass-gate): cached verdicts on passes.
     *
     * @param enabled              Whether a PassGate bean is created when civicpass-gate is on the
     *                             classpath.
     * @param maximumSize          The most verdicts kept; the gate's default when unset.
     * @param timeToLive           How long a verdict of each kind (allowed, pending, frozen, revoked,
     *                             expired, not-found, unavailable, unknown) is kept; the gate's
     *                             defaults for kinds not set.
     * @param refreshAhead         How long before its time to live ends a verdict is reloaded in the
     *                             background; the gate's default when unset.
     * @param staleIfError         How long past its time to live a verdict may still be used while
     *                             Civic fails; the gate's default when unset.
     * @param failOpen             Whether Civic's unavailability past stale-if-error allows access
     *                             (fail open) instead of refusing it.
     * @param allowPendingUnfreeze Whether a pass whose unfreeze is not yet confirmed on chain is
     *                             allowed.
     */
    public record Gate(
            @DefaultValue("true") boolean enabled,
            Long maximumSize,
            Map<String, Duration> timeToLive,
            Duration refreshAhead,
            Duration staleIfError,
            @DefaultValue("false") boolean failOpen,
            @DefaultValue("false") boolean allowPendingUnfreeze) {
    }

    /**
     * The civicpass health contributor.
     *
     * @param cachePeriod How long a result of the configuration check is shown before the next
     *                    health request checks again, so the health endpoint never hammers Civic.
     * @param timeout     How long one check may take.
     */
    public record Health(
            @DefaultValue("60s") Duration cachePeriod,
            @DefaultValue("5s") Duration timeout) {
    }

    /**
     * The Micrometer binding.
     *
     * @param enabled           Whether the client reports to the application's ObservationRegistry
     *                          and MeterRegistry.
     * @param observationTimers Whether to keep the timers a meter observation handler (Spring Boot's)
     *                          makes from the client's observations, civicpass.client.call and
     *                          civicpass.client.http.request; off, each call is timed once, by
     *                          civicpass.client.operation.duration.
     */
    public record Metrics(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("false") boolean observationTimers) {
    }
}
