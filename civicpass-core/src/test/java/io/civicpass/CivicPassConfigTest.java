package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.model.GatekeeperNetwork;
import io.civicpass.model.TokenRequestStyle;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CivicPassConfigTest {

    @Test
    void defaultsToCivicsProductionEndpointsAndTheBasicTokenStyle() {
        CivicPassConfig config = CivicPassConfig.builder().credentials("id", "secret").build();
        assertThat(config.apiUrl()).isEqualTo(URI.create("https://api.civic.com/partner"));
        assertThat(config.tokenUrl()).isEqualTo(URI.create("https://auth0.civic.com/oauth/token"));
        assertThat(config.tokenRequestStyle()).isEqualTo(TokenRequestStyle.BASIC_FORM);
        assertThat(config.audience()).contains("https://api.civic.com/pass");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.tokenRefreshSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.retryPolicy().maxAttempts()).isEqualTo(3);
    }

    @Test
    void sandboxUsesCivicsPublicCredentialsAndGatekeeperNetwork() {
        CivicPassConfig sandbox = CivicPassConfig.sandbox();
        assertThat(sandbox.credentials().clientId()).isEqualTo("dtVTGsKUlkPQ8UXKqSskS1HqNI3hERHT");
        assertThat(sandbox.gatekeeperNetwork()).contains(GatekeeperNetwork.SANDBOX);
    }

    @Test
    void readsTheEnvironment() {
        CivicPassConfig config = CivicPassConfig.fromEnvironment(Map.of("CIVIC_CLIENT_ID", "id", "CIVIC_CLIENT_SECRET", "s",
                "CIVIC_API_URL", "https://api.example.com/partner/", "CIVIC_TOKEN_URL", "https://auth.civic.com/oauth/token"));
        assertThat(config.apiUrl()).isEqualTo(URI.create("https://api.example.com/partner"));
        assertThat(config.tokenUrl()).isEqualTo(URI.create("https://auth.civic.com/oauth/token"));
        assertThatThrownBy(() -> CivicPassConfig.fromEnvironment(Map.of("CIVIC_CLIENT_ID", "id")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CIVIC_CLIENT_SECRET")
                .hasMessageNotContaining("CIVIC_CLIENT_ID and");
        assertThatThrownBy(() -> CivicPassConfig.fromEnvironment(Map.of()))
                .hasMessageContaining("CIVIC_CLIENT_ID and CIVIC_CLIENT_SECRET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/partner", "http://localhost:1/partner", "http://[::1]:9/partner",
        "http://127.5.6.7/partner"})
    void allowsPlainHttpToLoopback(String url) {
        assertThat(CivicPassConfig.builder().credentials("id", "s").apiUrl(url).tokenUrl(url).build().apiUrl())
                .isEqualTo(URI.create(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://api.civic.com/partner", "http://10.0.0.5/partner", "http://localhost.evil.example.com/x"})
    void refusesPlainHttpToOtherHostsUnlessAllowed(String url) {
        assertThatThrownBy(() -> CivicPassConfig.builder().credentials("id", "s").apiUrl(url).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiUrl '" + url + "' uses plain http");
        assertThat(CivicPassConfig.builder().credentials("id", "s").apiUrl(url).allowInsecureHttp(true).build().apiUrl())
                .isEqualTo(URI.create(url));
    }

    @Test
    void rejectsUnusableUrlsNamingTheField() {
        assertThatThrownBy(() -> CivicPassConfig.builder().apiUrl("ftp://x/y"))
                .hasMessageContaining("apiUrl must be an absolute http or https URL, not ftp");
        assertThatThrownBy(() -> CivicPassConfig.builder().tokenUrl("/oauth/token")).hasMessageContaining("tokenUrl");
        assertThatThrownBy(() -> CivicPassConfig.builder().apiUrl("https://x/partner?key=s3cr3t-k3y"))
                .hasMessageContaining("query").hasMessageContaining("https://x/partner").hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> CivicPassConfig.builder().apiUrl("http://civic.example/partner/Ab9Kq2xYz7SECRET/v1")
                .credentials("id", "secret").build())
                .hasMessageContaining("plain http").hasMessageNotContaining("Ab9Kq2xYz7SECRET");
        assertThatThrownBy(() -> CivicPassConfig.builder().apiUrl("https://x/a b?token=s3cr3t"))
                .hasMessageContaining("apiUrl is not a valid URL").hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> CivicPassConfig.builder().apiUrl("https://user:hunter2@x/partner"))
                .hasMessageContaining("apiUrl must not carry user info").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> CivicPassConfig.builder().build()).hasMessageContaining("credentials must be set");
        assertThatThrownBy(() -> CivicPassConfig.builder().requestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> CivicPassConfig.builder().userAgentSuffix("bad\nheader")).hasMessageContaining("userAgentSuffix");
    }

    @Test
    void neverShowsTheSecret() {
        CivicPassConfig config = CivicPassConfig.builder().credentials("id", "very-secret-value").build();
        assertThat(config.toString()).contains("id").doesNotContain("very-secret-value");
        assertThat(config.toBuilder().build().credentials().clientSecret()).isEqualTo("very-secret-value");
    }

    @Test
    void retryPolicyValidatesItsBounds() {
        assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).hasMessage("maxAttempts must be at least 1, was 0");
        assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofSeconds(9)).build())
                .hasMessageContaining("exceeds maxBackoff");
        assertThatThrownBy(() -> RetryPolicy.builder().budget(1, Double.NaN)).hasMessageContaining("budgetRefillPerCall");
    }
}
