package io.civicpass.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.model.Chain;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.ClientCredentials;
import io.civicpass.model.PassKey;
import io.civicpass.model.TokenRequestStyle;
import io.civicpass.port.TransportContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CivicPathsTest {

    @Test
    void buildsTheContractsPaths() {
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");
        assertThat(CivicPaths.issue(key)).isEqualTo("/pass/ethereum/sepolia");
        assertThat(CivicPaths.pass(key)).isEqualTo("/pass/ethereum/sepolia/0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");
        assertThat(CivicPaths.pass(PassKey.of(Chain.SOLANA, ChainNetwork.SOLANA_MAINNET_BETA,
                "4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ")))
                .isEqualTo("/pass/solana/mainnet-beta/4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ");
        assertThat(CivicPaths.passes()).isEqualTo("/pass");
        assertThat(CivicPaths.piiStatus("9a7a77af-a58e")).isEqualTo("/piirequest/9a7a77af-a58e/status");
        assertThat(CivicPaths.evidence("9a7a77af", "idDocumentFront")).isEqualTo("/piirequest/9a7a77af/evidence/idDocumentFront");
    }

    @Test
    void encodesEverythingThatCouldLeaveTheSegment() {
        assertThat(CivicPaths.segment("a/b?c#d e%")).isEqualTo("a%2Fb%3Fc%23d%20e%25");
        assertThat(CivicPaths.segment("..")).isEqualTo("%2E%2E");
        assertThat(CivicPaths.segment(".")).isEqualTo("%2E");
        assertThat(CivicPaths.segment("é")).isEqualTo("%C3%A9");
        assertThat(CivicPaths.segment("a.b-c_d~e")).isEqualTo("a.b-c_d~e");
    }

    @Test
    void buildsBothTokenRequestStyles() {
        TransportContext basic = context(TokenRequestStyle.BASIC_FORM);
        TokenRequest form = TokenRequest.of(basic);
        assertThat(form.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(new String(form.body(), StandardCharsets.US_ASCII)).isEqualTo("grant_type=client_credentials");
        assertThat(form.authorization()).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("id-1:secret-1".getBytes(StandardCharsets.UTF_8)));
        assertThat(form.path()).isEqualTo("/oauth/token");
        assertThat(form.toString()).doesNotContain("secret-1", form.authorization());

        TokenRequest json = TokenRequest.of(context(TokenRequestStyle.JSON_BODY));
        assertThat(json.contentType()).isEqualTo("application/json");
        assertThat(json.authorization()).isNull();
        assertThat(new String(json.body(), StandardCharsets.UTF_8)).contains("\"client_secret\":\"secret-1\"",
                "\"audience\":\"https://api.civic.com/pass\"");
    }

    static TransportContext context(TokenRequestStyle style) {
        return new TransportContext(URI.create("https://api.civic.com/partner"), URI.create("https://auth0.civic.com/oauth/token"),
                ClientCredentials.of("id-1", "secret-1"), style, CivicJson.DEFAULT_AUDIENCE, Duration.ofSeconds(1),
                Duration.ofSeconds(1), "ua", Clock.systemUTC());
    }
}
