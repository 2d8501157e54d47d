package io.civicpass.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

    @Test
    void readsTheLowerCaseVariableFirstWithPercentDecodedCredentialsAndTheNoProxyList() {
        ProxySettings proxy = ProxySettings.fromEnvironment(Map.of(
                "https_proxy", "http://svc%40corp:p%3Ass@proxy.internal:3128/",
                "HTTPS_PROXY", "http://other:9999",
                "no_proxy", " .internal.example, 10.0.0.7 ,localhost:8080,,",
                "NO_PROXY", "ignored.example")).orElseThrow();
        assertThat(proxy.host()).isEqualTo("proxy.internal");
        assertThat(proxy.port()).isEqualTo(3128);
        assertThat(proxy.username()).contains("svc@corp");
        assertThat(proxy.password()).contains("p:ss");
        assertThat(proxy.noProxy()).containsExactly("internal.example", "10.0.0.7", "localhost");
        assertThat(proxy.proxyAuthorization()).contains("Basic "
                + Base64.getEncoder().encodeToString("svc@corp:p:ss".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheUpperCaseVariablesAndDefaultsThePortAsCurlDoes() {
        ProxySettings proxy = ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "proxy.internal",
                "NO_PROXY", "*")).orElseThrow();
        assertThat(proxy.port()).isEqualTo(1080);
        assertThat(proxy.username()).isEmpty();
        assertThat(proxy.proxyAuthorization()).isEmpty();
        assertThat(proxy.bypasses("api.civic.com")).isTrue();
    }

    @Test
    void noVariableMeansNoProxy() {
        assertThat(ProxySettings.fromEnvironment(Map.of("HTTP_PROXY", "http://p:1", "NO_PROXY", "x"))).isEmpty();
        assertThat(ProxySettings.fromEnvironment(Map.of("https_proxy", "  "))).isEmpty();
    }

    @Test
    void aBadVariableIsNamedButItsValueWhichMayHoldAPasswordIsNot() {
        for (String value : List.of("socks5://u:s3cr3t@p:1", "http://u:s3cr3t@:99999", "http://u:s3cr3t@p:1 x",
                "http://:s3cr3t@p:1")) {
            assertThatThrownBy(() -> ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", value)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("HTTPS_PROXY")
                    .message().doesNotContain("s3cr3t");
        }
    }

    @Test
    void noProxyMatchesAHostAndTheNamesUnderItButNotAnotherNameEndingTheSame() {
        ProxySettings proxy = ProxySettings.of("p", 8080).withNoProxy(List.of("example.com", ".corp.net", "10.1.2.3",
                "[::1]", "LOCALHOST"));
        assertThat(proxy.bypasses("example.com")).isTrue();
        assertThat(proxy.bypasses("API.Example.com")).isTrue();
        assertThat(proxy.bypasses("example.com.")).isTrue();
        assertThat(proxy.bypasses("badexample.com")).isFalse();
        assertThat(proxy.bypasses("corp.net")).isTrue();
        assertThat(proxy.bypasses("a.b.corp.net")).isTrue();
        assertThat(proxy.bypasses("10.1.2.3")).isTrue();
        assertThat(proxy.bypasses("110.1.2.3")).isFalse();
        assertThat(proxy.bypasses("[::1]")).isTrue();
        assertThat(proxy.bypasses("localhost")).isTrue();
        assertThat(proxy.bypasses("api.civic.com")).isFalse();
    }

    @Test
    void theSelectorSendsBypassedHostsDirectlyAndTheRestToTheUnresolvedProxy() {
        ProxySettings proxy = ProxySettings.of("proxy.internal", 3128).withNoProxy(List.of("127.0.0.1"));
        assertThat(proxy.asProxySelector().select(URI.create("http://127.0.0.1:8080/x"))).containsExactly(Proxy.NO_PROXY);
        List<Proxy> selected = proxy.asProxySelector().select(URI.create("https://api.civic.com/partner"));
        assertThat(selected).hasSize(1);
        assertThat(selected.get(0).type()).isEqualTo(Proxy.Type.HTTP);
        InetSocketAddress address = (InetSocketAddress) selected.get(0).address();
        assertThat(address.isUnresolved()).isTrue();
        assertThat(address.getHostString()).isEqualTo("proxy.internal");
        assertThat(address.getPort()).isEqualTo(3128);
    }

    @Test
    void thePasswordNeverShowsInTheDescriptionOrTheSettingsOrAConfiguration() {
        ProxySettings proxy = ProxySettings.of("proxy.internal", 3128).withCredentials("svc", "s3cr3t-pa55");
        TransportSettings settings = TransportSettings.builder().proxy(proxy).build();
        assertThat(proxy.toString()).contains("proxy.internal:3128", "svc").doesNotContain("s3cr3t-pa55");
        assertThat(settings.toString()).contains("proxy.internal").doesNotContain("s3cr3t-pa55");
        assertThat(io.civicpass.CivicPassConfig.sandbox().toBuilder().proxy(proxy).build().toString())
                .contains("proxy.internal").doesNotContain("s3cr3t-pa55");
        assertThatThrownBy(() -> proxy.withCredentials("svc", "s3cr3t\n"))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("s3cr3t");
    }

    @Test
    void refusesBadInputNamingTheField() {
        assertThatThrownBy(() -> ProxySettings.of(null, 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("host == null");
        assertThatThrownBy(() -> ProxySettings.of("p", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port").hasMessageContaining("0");
        assertThatThrownBy(() -> ProxySettings.of("a/b", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a/b");
        assertThatThrownBy(() -> ProxySettings.of("p", 1).withCredentials("a:b", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("username");
        assertThatThrownBy(() -> ProxySettings.of("p", 1).withNoProxy(List.of("a b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a b");
        assertThatThrownBy(() -> TransportSettings.builder().proxy(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("proxy == null");
    }
}
