package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone server's flags for the admin API: the address it binds, the seed file, the admin
 * token, every switch as a flag and {@code --help} listing them.
 */
class StandaloneAdminTest {

    private static final String WALLET = "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888";

    @Test
    void boundToTheWildcardTheServerAnswersAt127002AndByDefaultThatAddressIsRefused() throws IOException {
        try (FakeCivic everywhere = FakeCivicMain.parse(new String[] {"--host", "0.0.0.0", "--port", "0"}).start()) {
            assertThat(statusLineAt("127.0.0.2", everywhere.port())).isEqualTo("HTTP/1.1 200 OK");
            assertThat(everywhere.adminUrl().getHost()).as("URLs name loopback, which answers too").isEqualTo("127.0.0.1");
        }
        try (FakeCivic loopback = FakeCivicMain.parse(new String[] {"--port", "0"}).start()) {
            assertThat(statusLineAt("127.0.0.1", loopback.port())).isEqualTo("HTTP/1.1 200 OK");
            assertThatThrownBy(() -> statusLineAt("127.0.0.2", loopback.port())).isInstanceOf(ConnectException.class);
        }
    }

    /** The status line of {@code GET /__admin/health} at an address, over a plain socket. */
    private static String statusLineAt(String address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /__admin/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return response.substring(0, response.indexOf("\r\n"));
        }
    }

    @Test
    void bindingBeyondLoopbackWithoutAnAdminTokenIsFlaggedForAWarning() {
        assertThat(FakeCivicMain.options(new String[] {"--host", "0.0.0.0"}).openWithoutToken()).isTrue();
        assertThat(FakeCivicMain.options(new String[] {"--host", "0.0.0.0", "--admin-token", "t"}).openWithoutToken())
                .isFalse();
        assertThat(FakeCivicMain.options(new String[] {}).openWithoutToken()).isFalse();
        assertThat(FakeCivicMain.options(new String[] {"--host", "127.0.0.1"}).openWithoutToken()).isFalse();
    }

    @Test
    void theAdminTokenFlagGuardsTheAdminApi() {
        try (FakeCivic guarded = FakeCivicMain.parse(new String[] {"--port", "0", "--admin-token", "s3cr3t"}).start()) {
            assertThat(new AdminHttp(guarded.adminUrl(), null).get("/health").status()).isEqualTo(401);
            assertThat(new AdminHttp(guarded.adminUrl(), "s3cr3t").get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void everySwitchIsAFlagThatHelpListsAndItsValueSurvivesAReset() {
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        FakeCivicMain.usage(new PrintStream(help, true, StandardCharsets.UTF_8));
        String text = help.toString(StandardCharsets.UTF_8);
        for (Switches.Setting setting : Switches.SETTINGS) {
            assertThat(text).contains(setting.flag());
        }
        assertThat(text).contains("--host", "--seed FILE", "--admin-token", "--journal-shows-secrets", "--port");

        try (FakeCivic fake = FakeCivicMain.parse(new String[] {"--port", "0", "--reissue-behaviour", "DUPLICATE",
                "--pii-read-once", "false", "--echo-secrets-in-errors", "--hide-until-confirmed", "true"}).start()) {
            AdminHttp admin = new AdminHttp(fake);
            admin.post("/reset", null);
            JsonNode settings = admin.get("/settings").json();
            assertThat(settings.path("reissueBehaviour").asText()).isEqualTo("DUPLICATE");
            assertThat(settings.path("piiReadOnce").asBoolean()).isFalse();
            assertThat(settings.path("echoSecretsInErrors").asBoolean()).isTrue();
            assertThat(settings.path("hideUntilConfirmed").asBoolean()).isTrue();
            assertThat(settings.path("confirmationDelayMs").asLong()).isEqualTo(2000);
        }
        assertThatThrownBy(() -> FakeCivicMain.parse(new String[] {"--reissue-behaviour", "SOMETIMES"}))
                .hasMessage("--reissue-behaviour must be one of [REFUSE, NO_OP, DUPLICATE], was 'SOMETIMES'");
        assertThatThrownBy(() -> FakeCivicMain.parse(new String[] {"--reissue-behaviour"}))
                .hasMessage("--reissue-behaviour needs a value");
    }

    @Test
    void aSeedFilePlantsPassesAndPiiInTheAdminApisFormat(@TempDir Path dir) throws IOException {
        Path seed = dir.resolve("seed.json");
        Files.writeString(seed, "{\"passes\":[{\"chain\":\"ethereum\",\"network\":\"sepolia\",\"walletAddress\":\""
                + WALLET + "\",\"state\":\"FROZEN\"}],\"pii\":[{\"shape\":\"idDocument\",\"id\":\"from-file\"}]}");
        try (FakeCivic fake = FakeCivicMain.parse(new String[] {"--port", "0"}).start()) {
            assertThat(SeedFile.plant(fake, seed)).isEqualTo("1 passes and 1 PII requests");

            assertThat(fake.passes()).singleElement().satisfies(pass -> assertThat(pass.state().value()).isEqualTo("FROZEN"));
            assertThat(fake.piiStatus("from-file").value()).isEqualTo("verification-success");
        }
    }

    @Test
    void aBadSeedFileIsRefusedNamingTheFieldAndPlantsNothing(@TempDir Path dir) throws IOException {
        Path seed = dir.resolve("seed.json");
        Files.writeString(seed, "{\"passes\":[{\"chain\":\"ethereum\",\"network\":\"sepolia\",\"walletAddress\":\""
                + WALLET + "\"}],\"pii\":[{\"shape\":\"selfie\"}]}");
        Path notJson = dir.resolve("broken.json");
        Files.writeString(notJson, "{\"passes\":");
        try (FakeCivic fake = FakeCivicMain.parse(new String[] {"--port", "0"}).start()) {
            assertThatThrownBy(() -> SeedFile.plant(fake, seed)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("seed file " + seed + ": pii[0].shape: must be one of");
            assertThat(fake.passes()).as("nothing planted").isEmpty();
            assertThatThrownBy(() -> SeedFile.plant(fake, notJson)).hasMessageStartingWith("seed file " + notJson
                    + ": not valid JSON");
            assertThatThrownBy(() -> SeedFile.plant(fake, dir.resolve("absent.json")))
                    .hasMessageContaining("cannot be read");
        }
    }
}
