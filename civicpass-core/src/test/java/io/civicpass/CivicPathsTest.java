package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.model.Chain;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.ClientCredentials;
import io.civicpass.model.PassKey;
import io.civicpass.model.TokenRequestStyle;
import io.civicpass.spi.HttpRequest;
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
        HttpRequest form = tokenRequest(TokenRequestStyle.BASIC_FORM).toHttp("ua", Duration.ofSeconds(1));
        assertThat(form.headers().firstOrNull("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(new String(form.body(), StandardCharsets.US_ASCII)).isEqualTo("grant_type=client_credentials");
        String basic = "Basic " + Base64.getEncoder().encodeToString("id-1:secret-1".getBytes(StandardCharsets.UTF_8));
        assertThat(form.headers().firstOrNull("Authorization")).isEqualTo(basic);
        assertThat(form.sensitive()).isTrue();
        assertThat(tokenRequest(TokenRequestStyle.BASIC_FORM).path()).isEqualTo("/oauth/token");
        assertThat(tokenRequest(TokenRequestStyle.BASIC_FORM).toString()).doesNotContain("secret-1", basic);
        assertThat(form.toString()).doesNotContain("secret-1", basic);

        HttpRequest json = tokenRequest(TokenRequestStyle.JSON_BODY).toHttp("ua", Duration.ofSeconds(1));
        assertThat(json.headers().firstOrNull("Content-Type")).isEqualTo("application/json");
        assertThat(json.headers().firstOrNull("Authorization")).isNull();
        assertThat(new String(json.body(), StandardCharsets.UTF_8)).contains("\"client_secret\":\"secret-1\"",
                "\"audience\":\"https://api.civic.com/pass\"");
    }

    static TokenRequest tokenRequest(TokenRequestStyle style) {
        return TokenRequest.of(URI.create("https://auth0.civic.com/oauth/token"), ClientCredentials.of("id-1", "secret-1"),
                style, CivicJson.DEFAULT_AUDIENCE);
    }
}
