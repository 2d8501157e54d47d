package io.civicpass.testkit.tck;

import static io.civicpass.testkit.tck.RunsWhereTheSettings.Settings.ARE_APPLIED;
import static io.civicpass.testkit.tck.RunsWhereTheSettings.Settings.ARE_LEFT_ALONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.error.CivicTransportException;
import io.civicpass.model.PassKey;
import io.civicpass.spi.ProxySettings;
import io.civicpass.testkit.RecordedRequest;
import io.civicpass.testkit.tck.ContractHarness.Calls;
import io.civicpass.testkit.tck.RecordingProxy.Received;
import io.civicpass.testkit.tck.TransportContract.Mode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The configuration's HTTP proxy ({@code CivicPassConfig.Builder.proxy}), through a recording
 * proxy on loopback that forwards to the fake: every request (the token request included) goes
 * through it in absolute form, carrying the proxy credentials to the proxy only; a host on the
 * no-proxy list is reached directly, without them; a proxy that cannot be reached is a failure
 * before sending whose message holds no password. A transport whose test says it is handed a
 * user's own HTTP client ({@link TransportContract#appliesProxyAndTlsSettings()} false) must leave the
 * proxy settings alone instead: every request then reaches the fake directly. Each case runs only
 * for the transports it applies to ({@link RunsWhereTheSettings}).
 */
abstract class ProxyContract extends ContractGroup {

    private static final String USER = "proxy-user";
    private static final String PASSWORD = "proxy-pa55-Zq9";

    /**
     * The group over the harness of its enclosing contract.
     *
     * @param harness the harness
     */
    ProxyContract(ContractHarness harness) {
        super(harness);
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Every request goes through the proxy, in absolute form, with the proxy credentials, which
     * the proxy consumes; the fake sees none of them.
     *
     * @param mode the client face
     */
    @RunsWhereTheSettings(ARE_APPLIED)
    void everyRequestGoesThroughTheProxyWithItsCredentialsForTheProxyOnly(Mode mode) {
        try (RecordingProxy proxy = RecordingProxy.start()) {
            ProxySettings settings = ProxySettings.of(proxy.host(), proxy.port()).withCredentials(USER, PASSWORD);
            Calls civic = calls(mode, config -> config.proxy(settings));
            PassKey key = seedPasses(1).get(0);
            assertThat(civic.get(key).key()).isEqualTo(key);
            List<RecordedRequest> atFake = fake().journal().all();
            assertThat(atFake).hasSize(2).allSatisfy(request ->
                    assertThat(request.header("Proxy-Authorization")).isEmpty());
            List<Received> atProxy = proxy.received();
            assertThat(atProxy).hasSize(2);
            assertThat(atProxy).extracting(Received::requestLine).containsExactlyInAnyOrder(
                    "POST " + fake().tokenUrl() + " HTTP/1.1",
                    "GET " + fake().apiUrl() + "/pass/" + key.chain().value() + "/" + key.network().value() + "/"
                            + key.wallet().value() + " HTTP/1.1");
            assertThat(atProxy).allSatisfy(received -> {
                assertThat(received.header("Proxy-Authorization")).contains(basic());
                // The credentials travel in that one field only.
                received.headers().forEach((name, value) -> {
                    if (!name.equalsIgnoreCase("Proxy-Authorization")) {
                        assertThat(value).doesNotContain(PASSWORD, basic().substring(6));
                    }
                });
            });
        }
    }

    /**
     * A host the no-proxy list names (here read as curl reads {@code HTTPS_PROXY} and
     * {@code NO_PROXY}) is reached directly, and the proxy credentials are not sent to it.
     *
     * @param mode the client face
     */
    @RunsWhereTheSettings(ARE_APPLIED)
    void aHostOnTheNoProxyListIsReachedDirectlyWithoutTheProxyCredentials(Mode mode) {
        try (RecordingProxy proxy = RecordingProxy.start()) {
            ProxySettings settings = ProxySettings.fromEnvironment(Map.of(
                    "HTTPS_PROXY", "http://" + USER + ":" + PASSWORD + "@" + proxy.host() + ":" + proxy.port(),
                    "NO_PROXY", "localhost, " + fake().apiUrl().getHost())).orElseThrow();
            Calls civic = calls(mode, config -> config.proxy(settings));
            PassKey key = seedPasses(1).get(0);
            assertThat(civic.get(key).key()).isEqualTo(key);
            assertThat(proxy.received()).isEmpty();
            assertThat(fake().journal().all()).hasSize(2).allSatisfy(request ->
                    assertThat(request.header("Proxy-Authorization")).isEmpty());
        }
    }

    /**
     * With the proxy unreachable, a call fails as a transport failure and nothing reaches the
     * fake; the failure does not show the proxy password.
     *
     * @param mode the client face
     * @throws IOException when no free port can be found
     */
    @RunsWhereTheSettings(ARE_APPLIED)
    void anUnreachableProxyFailsTheCallBeforeAnythingIsSentAndShowsNoPassword(Mode mode) throws IOException {
        ProxySettings settings = ProxySettings.of("127.0.0.1", closedPort()).withCredentials(USER, PASSWORD);
        Calls civic = calls(mode, config -> config.proxy(settings));
        PassKey key = seedPasses(1).get(0);
        CivicTransportException failure = expect(CivicTransportException.class, () -> civic.get(key));
        assertThat(fake().journal().all()).isEmpty();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage()) + t).doesNotContain(PASSWORD, basic().substring(6));
        }
    }

    /**
     * A transport that keeps its own HTTP client's settings ignores the configuration's proxy:
     * every request reaches the fake directly, the proxy sees none and no request carries the
     * proxy credentials; a configured proxy that cannot be reached does not stop a call either.
     *
     * @param mode the client face
     * @throws IOException when no free port can be found
     */
    @RunsWhereTheSettings(ARE_LEFT_ALONE)
    void theProxySettingsAreLeftAloneAndEveryRequestReachesTheFakeDirectly(Mode mode) throws IOException {
        try (RecordingProxy proxy = RecordingProxy.start()) {
            ProxySettings settings = ProxySettings.of(proxy.host(), proxy.port()).withCredentials(USER, PASSWORD);
            Calls civic = calls(mode, config -> config.proxy(settings));
            PassKey key = seedPasses(1).get(0);
            assertThat(civic.get(key).key()).isEqualTo(key);
            assertThat(proxy.received()).as("requests through the configured proxy").isEmpty();
            assertThat(fake().journal().all()).hasSize(2).allSatisfy(request ->
                    assertThat(request.header("Proxy-Authorization")).isEmpty());
        }
        ProxySettings unreachable = ProxySettings.of("127.0.0.1", closedPort()).withCredentials(USER, PASSWORD);
        Calls civic = calls(mode, config -> config.proxy(unreachable));
        PassKey key = seedPasses(1).get(0);
        assertThat(civic.get(key).key()).as("a call with an unreachable proxy configured").isEqualTo(key);
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
