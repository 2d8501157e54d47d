package io.civicpass.spring.boot.autoconfigure;

import io.civicpass.CivicPassConfig;
import io.civicpass.RetryPolicy;
import io.civicpass.model.ClientCredentials;
import io.civicpass.model.GatekeeperNetwork;
import io.civicpass.spi.ProxySettings;
import io.civicpass.spi.TlsSettings;
import io.civicpass.spring.boot.autoconfigure.CivicPassProperties.CivicEnvironment;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.env.PropertyResolver;

/**
 * Turns the {@code civicpass.*} properties into a {@link CivicPassConfig}. Each value goes to
 * the core builder that checks it; a refusal becomes an
 * {@link InvalidCivicPassPropertiesException} naming the property, with core's reason (core
 * never puts a secret in one).
 */
final class CivicPassConfigMapper {

    static final String CLIENT_ID = "civicpass.client-id";
    static final String CLIENT_SECRET = "civicpass.client-secret";

    private CivicPassConfigMapper() {
    }

    /**
     * The configuration the properties describe.
     *
     * @param properties the bound properties
     * @param fallback   where {@code CIVIC_CLIENT_ID}, {@code CIVIC_CLIENT_SECRET},
     *                   {@code CIVIC_API_URL} and {@code CIVIC_TOKEN_URL} are read for keys the
     *                   properties leave unset (the application's environment)
     */
    static CivicPassConfig map(CivicPassProperties properties, PropertyResolver fallback) {
        boolean sandbox = properties.environment() == CivicEnvironment.SANDBOX;
        CivicPassConfig.Builder builder = sandbox ? CivicPassConfig.sandbox().toBuilder() : CivicPassConfig.builder();

        String id = either(properties.clientId(), fallback, CivicPassConfig.ENV_CLIENT_ID);
        String secret = either(properties.clientSecret(), fallback, CivicPassConfig.ENV_CLIENT_SECRET);
        if (id != null && secret != null) {
            apply(CLIENT_ID, () -> builder.credentials(new ClientCredentials(id, secret)));
        } else if (!sandbox || id != null || secret != null) {
            throw missingCredentials(id == null, secret == null);
        }

        String api = either(properties.apiUrl(), fallback, CivicPassConfig.ENV_API_URL);
        if (api != null) {
            apply("civicpass.api-url", () -> builder.apiUrl(api));
        }
        String token = either(properties.tokenUrl(), fallback, CivicPassConfig.ENV_TOKEN_URL);
        if (token != null) {
            apply("civicpass.token-url", () -> builder.tokenUrl(token));
        }
        apply("civicpass.token-request-style", () -> builder.tokenRequestStyle(properties.tokenRequestStyle()));
        if (properties.audience() != null) {
            apply("civicpass.audience", () -> builder.audience(properties.audience()));
        }
        if (properties.gatekeeperNetwork() != null) {
            apply("civicpass.gatekeeper-network",
                    () -> builder.gatekeeperNetwork(GatekeeperNetwork.of(properties.gatekeeperNetwork())));
        }
        apply("civicpass.connect-timeout", () -> builder.connectTimeout(properties.connectTimeout()));
        apply("civicpass.request-timeout", () -> builder.requestTimeout(properties.requestTimeout()));
        apply("civicpass.token-refresh-skew", () -> builder.tokenRefreshSkew(properties.tokenRefreshSkew()));
        if (properties.userAgentSuffix() != null) {
            apply("civicpass.user-agent-suffix", () -> builder.userAgentSuffix(properties.userAgentSuffix()));
        }
        builder.allowInsecureHttp(properties.allowInsecureHttp());
        builder.retryPolicy(retryPolicy(properties.retry()));
        proxy(properties.proxy(), builder);
        tls(properties.tls(), builder);
        // build() checks what depends on several keys: plain http to a host that is not loopback
        try {
            return builder.build();
        } catch (IllegalArgumentException refused) {
            String property = String.valueOf(refused.getMessage()).startsWith("tokenUrl")
                    ? "civicpass.token-url" : "civicpass.api-url";
            throw new InvalidCivicPassPropertiesException(List.of(property), refused.getMessage(),
                    "Use an https URL for " + property + ", or set civicpass.allow-insecure-http=true"
                            + " if credentials may travel in clear.");
        }
    }

    private static RetryPolicy retryPolicy(CivicPassProperties.Retry retry) {
        RetryPolicy.Builder policy = RetryPolicy.builder();
        apply("civicpass.retry.max-attempts", () -> policy.maxAttempts(retry.enabled() ? retry.maxAttempts() : 1));
        apply("civicpass.retry.initial-backoff", () -> policy.initialBackoff(retry.initialBackoff()));
        apply("civicpass.retry.max-backoff", () -> policy.maxBackoff(retry.maxBackoff()));
        apply("civicpass.retry.max-retry-after", () -> policy.maxRetryAfter(retry.maxRetryAfter()));
        apply("civicpass.retry.total-timeout", () -> policy.totalTimeout(retry.totalTimeout()));
        apply("civicpass.retry.reconcile-window", () -> policy.reconcileWindow(retry.reconcileWindow()));
        apply("civicpass.retry.budget-capacity",
                () -> policy.budget(retry.budgetCapacity(), retry.budgetRefillPerCall()));
        return apply("civicpass.retry.initial-backoff", policy::build);
    }

    private static void proxy(CivicPassProperties.Proxy proxy, CivicPassConfig.Builder builder) {
        if (proxy.host() == null) {
            if (proxy.port() != null || proxy.username() != null || proxy.password() != null) {
                throw new InvalidCivicPassPropertiesException(List.of("civicpass.proxy.host"),
                        "the proxy's port or credentials are set without its host",
                        "Set civicpass.proxy.host, or remove the other civicpass.proxy.* keys.");
            }
            if (proxy.fromEnvironment()) {
                apply("civicpass.proxy.from-environment", builder::proxyFromEnvironment);
            }
            return;
        }
        if (proxy.port() == null) {
            throw new InvalidCivicPassPropertiesException(List.of("civicpass.proxy.port"),
                    "the proxy's host is set without its port", "Set civicpass.proxy.port.");
        }
        if (proxy.port() < 1 || proxy.port() > 65535) {
            throw new InvalidCivicPassPropertiesException(List.of("civicpass.proxy.port"),
                    "the proxy's port must be 1 to 65535, was " + proxy.port(), "Correct civicpass.proxy.port.");
        }
        ProxySettings settings = apply("civicpass.proxy.host", () -> ProxySettings.of(proxy.host(), proxy.port()));
        if (proxy.username() != null) {
            String password = proxy.password() == null ? "" : proxy.password();
            settings = apply("civicpass.proxy.username", () -> ProxySettings.of(proxy.host(), proxy.port())
                    .withCredentials(proxy.username(), password));
        } else if (proxy.password() != null) {
            throw new InvalidCivicPassPropertiesException(List.of("civicpass.proxy.username"),
                    "the proxy's password is set without a user name", "Set civicpass.proxy.username.");
        }
        if (proxy.noProxy() != null) {
            ProxySettings withCredentials = settings;
            settings = apply("civicpass.proxy.no-proxy", () -> withCredentials.withNoProxy(proxy.noProxy()));
        }
        builder.proxy(settings);
    }

    private static void tls(CivicPassProperties.Tls tls, CivicPassConfig.Builder builder) {
        if (tls.trustStore() == null && tls.keyStore() == null) {
            return;
        }
        TlsSettings.Builder settings = TlsSettings.builder();
        if (tls.trustStore() != null) {
            apply("civicpass.tls.trust-store", () -> settings.trustStore(tls.trustStore(),
                    chars(tls.trustStorePassword()), tls.trustStoreType()));
        }
        if (tls.keyStore() != null) {
            apply("civicpass.tls.key-store", () -> settings.clientCertificate(tls.keyStore(),
                    chars(tls.keyStorePassword()), tls.keyStoreType()));
        }
        builder.tls(apply(tls.keyStore() != null ? "civicpass.tls.key-store" : "civicpass.tls.trust-store",
                settings::build));
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
    }

    private static String either(String property, PropertyResolver fallback, String variable) {
        if (property != null && !property.isBlank()) {
            return property;
        }
        String value = fallback.getProperty(variable);
        return value == null || value.isBlank() ? null : value;
    }

    static InvalidCivicPassPropertiesException missingCredentials(boolean id, boolean secret) {
        List<String> missing = new ArrayList<>();
        List<String> variables = new ArrayList<>();
        if (id) {
            missing.add(CLIENT_ID);
            variables.add("CIVICPASS_CLIENT_ID (or CIVIC_CLIENT_ID)");
        }
        if (secret) {
            missing.add(CLIENT_SECRET);
            variables.add("CIVICPASS_CLIENT_SECRET (or CIVIC_CLIENT_SECRET)");
        }
        return new InvalidCivicPassPropertiesException(missing,
                "the client's credentials are not set (" + (missing.size() == 2 ? "neither is" : "this one is not") + ")",
                "Set " + String.join(" and ", missing) + " (or the environment variables "
                        + String.join(" and ", variables) + ") to the credentials Civic issued for your pass,"
                        + " or set civicpass.environment=sandbox to try Civic's public sandbox.");
    }

    /** Runs one step of the builder, naming {@code property} when core refuses its value. */
    private static <T> T apply(String property, Step<T> step) {
        try {
            return step.run();
        } catch (IllegalArgumentException | NullPointerException refused) {
            throw new InvalidCivicPassPropertiesException(List.of(property), refused.getMessage(),
                    "Correct " + property + ".");
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run();
    }
}
