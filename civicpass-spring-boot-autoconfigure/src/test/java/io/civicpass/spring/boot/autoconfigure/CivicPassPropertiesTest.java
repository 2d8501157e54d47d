package io.civicpass.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassConfig;
import io.civicpass.RetryPolicy;
import io.civicpass.model.GatekeeperNetwork;
import io.civicpass.model.TokenRequestStyle;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** civicpass.* onto CivicPassConfig: every key, the defaults, the environment's part, and what start-up says when they are wrong. */
class CivicPassPropertiesTest {

    private static final String SECRET = "s3cr3t-never-shown";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CivicPassAutoConfiguration.class));

    @Test
    void unsetKeysKeepTheLibrarysDefaults() {
        runner.withPropertyValues("civicpass.client-id=id", "civicpass.client-secret=" + SECRET).run(context -> {
            CivicPassConfig config = context.getBean(CivicPassConfig.class);
            CivicPassConfig core = CivicPassConfig.builder().credentials("id", SECRET).build();
            assertThat(config.apiUrl()).isEqualTo(core.apiUrl());
            assertThat(config.tokenUrl()).isEqualTo(core.tokenUrl());
            assertThat(config.tokenRequestStyle()).isEqualTo(core.tokenRequestStyle());
            assertThat(config.audience()).isEqualTo(core.audience());
            assertThat(config.connectTimeout()).isEqualTo(core.connectTimeout());
            assertThat(config.requestTimeout()).isEqualTo(core.requestTimeout());
            assertThat(config.tokenRefreshSkew()).isEqualTo(core.tokenRefreshSkew());
            assertThat(config.retryPolicy()).hasToString(core.retryPolicy().toString());
            assertThat(config.gatekeeperNetwork()).isEmpty();
            assertThat(config.proxy()).isEmpty();
            assertThat(config.tls()).isEmpty();
            assertThat(config.allowInsecureHttp()).isFalse();
        });
    }

    @Test
    void everyKeyReachesTheConfiguration() {
        runner.withPropertyValues("civicpass.client-id=id", "civicpass.client-secret=" + SECRET,
                "civicpass.api-url=https://civic.example/partner", "civicpass.token-url=https://auth.civic.example/oauth/token",
                "civicpass.audience=https://civic.example/pass", "civicpass.token-request-style=json-body",
                "civicpass.gatekeeper-network=" + GatekeeperNetwork.SANDBOX.value(),
                "civicpass.connect-timeout=3s", "civicpass.request-timeout=7s", "civicpass.token-refresh-skew=2m",
                "civicpass.user-agent-suffix=members/1.2", "civicpass.allow-insecure-http=true",
                "civicpass.retry.max-attempts=5", "civicpass.retry.initial-backoff=100ms", "civicpass.retry.max-backoff=2s",
                "civicpass.retry.max-retry-after=9s", "civicpass.retry.total-timeout=45s", "civicpass.retry.reconcile-window=12s",
                "civicpass.retry.budget-capacity=7", "civicpass.retry.budget-refill-per-call=0.5",
                "civicpass.proxy.host=proxy.internal", "civicpass.proxy.port=3128", "civicpass.proxy.username=svc",
                "civicpass.proxy.password=proxy-" + SECRET, "civicpass.proxy.no-proxy=localhost,.internal")
                .run(context -> {
                    CivicPassConfig config = context.getBean(CivicPassConfig.class);
                    assertThat(config.credentials().clientId()).isEqualTo("id");
                    assertThat(config.credentials().clientSecret()).isEqualTo(SECRET);
                    assertThat(config.apiUrl()).isEqualTo(URI.create("https://civic.example/partner"));
                    assertThat(config.tokenUrl()).isEqualTo(URI.create("https://auth.civic.example/oauth/token"));
                    assertThat(config.audience()).contains("https://civic.example/pass");
                    assertThat(config.tokenRequestStyle()).isEqualTo(TokenRequestStyle.JSON_BODY);
                    assertThat(config.gatekeeperNetwork()).contains(GatekeeperNetwork.SANDBOX);
                    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(config.tokenRefreshSkew()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(config.userAgentSuffix()).contains("members/1.2");
                    assertThat(config.allowInsecureHttp()).isTrue();
                    RetryPolicy retry = config.retryPolicy();
                    assertThat(retry.maxAttempts()).isEqualTo(5);
                    assertThat(retry.initialBackoff()).isEqualTo(Duration.ofMillis(100));
                    assertThat(retry.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(retry.maxRetryAfter()).isEqualTo(Duration.ofSeconds(9));
                    assertThat(retry.totalTimeout()).isEqualTo(Duration.ofSeconds(45));
                    assertThat(retry.reconcileWindow()).isEqualTo(Duration.ofSeconds(12));
                    assertThat(retry.budgetCapacity()).isEqualTo(7);
                    assertThat(retry.budgetRefillPerCall()).isEqualTo(0.5);
                    assertThat(config.proxy()).hasValueSatisfying(proxy -> {
                        assertThat(proxy.host()).isEqualTo("proxy.internal");
                        assertThat(proxy.port()).isEqualTo(3128);
                        assertThat(proxy.username()).contains("svc");
                        assertThat(proxy.password()).contains("proxy-" + SECRET);
                        assertThat(proxy.bypasses("api.internal")).isTrue();
                        assertThat(proxy.bypasses("api.civic.com")).isFalse();
                    });
                    assertThat(config.toString()).doesNotContain(SECRET);
                    assertThat(context.getBean(CivicPassProperties.class).toString())
                            .doesNotContain(SECRET).contains("clientSecret=<redacted>", "password=<redacted>", "proxy.internal");
                });
    }

    @Test
    void theTlsPasswordsAreNeverShown() {
        CivicPassProperties.Tls tls = new CivicPassProperties.Tls(java.nio.file.Path.of("trust.p12"), "trust-" + SECRET, "PKCS12",
                java.nio.file.Path.of("client.p12"), "key-" + SECRET, "PKCS12");
        assertThat(tls.toString()).doesNotContain(SECRET).contains("trust.p12", "client.p12", "Password=<redacted>");
    }

    @Test
    void aTrustStoreThatCannotBeReadFailsStartUpNamingItAndNotItsPassword() {
        runner.withPropertyValues("civicpass.client-id=id", "civicpass.client-secret=" + SECRET,
                "civicpass.tls.trust-store=/nonexistent/trust.p12", "civicpass.tls.trust-store-password=store-" + SECRET)
                .run(context -> {
                    assertThat(Analysis.of(context).getDescription()).contains("Property: civicpass.tls.trust-store");
                    assertThat(Analysis.everythingShown(context)).doesNotContain(SECRET);
                });
    }

    @Test
    void retryDisabledMakesOneAttemptAndKeepsTheTotalTimeout() {
        runner.withPropertyValues("civicpass.client-id=id", "civicpass.client-secret=" + SECRET,
                "civicpass.retry.enabled=false", "civicpass.retry.total-timeout=15s").run(context -> {
                    RetryPolicy retry = context.getBean(CivicPassConfig.class).retryPolicy();
                    assertThat(retry.maxAttempts()).isEqualTo(1);
                    assertThat(retry.totalTimeout()).isEqualTo(Duration.ofSeconds(15));
                });
    }

    @Test
    void theSandboxPresetNeedsNoCredentials() {
        runner.withPropertyValues("civicpass.environment=sandbox").run(context -> {
            CivicPassConfig config = context.getBean(CivicPassConfig.class);
            assertThat(config.credentials()).isEqualTo(CivicPassConfig.SANDBOX_CREDENTIALS);
            assertThat(config.gatekeeperNetwork()).contains(GatekeeperNetwork.SANDBOX);
        });
        runner.withPropertyValues("civicpass.environment=sandbox", "civicpass.client-id=mine", "civicpass.client-secret=" + SECRET)
                .run(context -> assertThat(context.getBean(CivicPassConfig.class).credentials().clientId()).isEqualTo("mine"));
    }

    @Test
    void withoutCredentialsStartUpFailsNamingBothPropertiesAndTheirVariables() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(Analysis.of(context).getDescription()).contains("civicpass.client-id", "civicpass.client-secret");
            assertThat(Analysis.of(context).getAction()).contains("civicpass.client-id", "civicpass.client-secret",
                    "CIVICPASS_CLIENT_ID", "CIVICPASS_CLIENT_SECRET", "CIVIC_CLIENT_ID", "CIVIC_CLIENT_SECRET",
                    "civicpass.environment=sandbox");
        });
    }

    @Test
    void withOnlyTheSecretStartUpNamesTheIdAlone() {
        runner.withPropertyValues("civicpass.client-secret=" + SECRET).run(context -> {
            assertThat(Analysis.of(context).getDescription()).contains("civicpass.client-id").doesNotContain("civicpass.client-secret");
            assertThat(Analysis.everythingShown(context)).doesNotContain(SECRET);
        });
    }

    @Test
    void civicVariablesFillKeysThePropertiesLeaveUnset() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(environment(Map.of(
                        "CIVIC_CLIENT_ID", "from-civic", "CIVIC_CLIENT_SECRET", SECRET,
                        "CIVIC_API_URL", "https://civic.example/partner"))))
                .run(context -> {
                    CivicPassConfig config = context.getBean(CivicPassConfig.class);
                    assertThat(config.credentials().clientId()).isEqualTo("from-civic");
                    assertThat(config.apiUrl()).isEqualTo(URI.create("https://civic.example/partner"));
                });
    }

    @Test
    void springsRelaxedCivicpassVariablesOutrankCivicVariables() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(environment(Map.of(
                        "CIVIC_CLIENT_ID", "from-civic", "CIVIC_CLIENT_SECRET", "civic-" + SECRET,
                        "CIVICPASS_CLIENT_ID", "from-civicpass", "CIVICPASS_CLIENT_SECRET", SECRET))))
                .run(context -> {
                    CivicPassConfig config = context.getBean(CivicPassConfig.class);
                    assertThat(config.credentials().clientId()).isEqualTo("from-civicpass");
                    assertThat(config.credentials().clientSecret()).isEqualTo(SECRET);
                });
    }

    @Test
    void anInvalidValueFailsStartUpNamingThePropertyAndNeverTheSecret() {
        for (String[] bad : new String[][] {
                {"civicpass.connect-timeout=0s", "civicpass.connect-timeout"},
                {"civicpass.request-timeout=2d", "civicpass.request-timeout"},
                {"civicpass.api-url=ftp://civic.example/partner", "civicpass.api-url"},
                {"civicpass.api-url=http://civic.example/partner", "civicpass.api-url"},
                {"civicpass.token-url=http://auth.civic.example/oauth/token", "civicpass.token-url"},
                {"civicpass.retry.max-attempts=0", "civicpass.retry.max-attempts"},
                {"civicpass.retry.initial-backoff=10s", "civicpass.retry.initial-backoff"},
                {"civicpass.proxy.port=99999", "civicpass.proxy.port"},
                {"civicpass.gatekeeper-network= ", "civicpass.gatekeeper-network"},
        }) {
            String[] withProxyHost = bad[0].startsWith("civicpass.proxy.port")
                    ? new String[] {"civicpass.proxy.host=proxy.internal", "civicpass.proxy.password=" + SECRET} : new String[0];
            runner.withPropertyValues("civicpass.client-id=id", "civicpass.client-secret=" + SECRET, bad[0])
                    .withPropertyValues(withProxyHost)
                    .run(context -> {
                        assertThat(context).as(bad[0]).hasFailed();
                        assertThat(Analysis.of(context).getDescription()).as(bad[0]).contains("Property: " + bad[1]);
                        assertThat(Analysis.everythingShown(context)).as(bad[0]).doesNotContain(SECRET);
                    });
        }
    }

    @Test
    void aTransportNameNoTransportHasFailsBindingNamingTheProperty() {
        runner.withPropertyValues("civicpass.client-id=id", "civicpass.client-secret=" + SECRET, "civicpass.transport=okhttp")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(Analysis.everythingShown(context)).contains("civicpass.transport").doesNotContain(SECRET);
                });
    }

    private static SystemEnvironmentPropertySource environment(Map<String, String> variables) {
        return new SystemEnvironmentPropertySource("test-systemEnvironment", new HashMap<String, Object>(variables));
    }
}
