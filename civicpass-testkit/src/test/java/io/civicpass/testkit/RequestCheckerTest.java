package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fake holds request bodies to the in-repo contract: a field Civic's contract does not know,
 * or a value of the wrong type, is a 400 naming the field, in the API's error shape (the OAuth
 * shape at the token endpoint), and nothing changes.
 */
class RequestCheckerTest {

    private static final String WALLET = "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888";
    private static final String PASS = "/pass/ethereum/sepolia/" + WALLET;

    private static FakeCivic civic;
    private static RawHttp http;
    private static String token;

    @BeforeAll
    static void start() {
        civic = FakeCivic.start();
        http = new RawHttp(civic);
        token = http.token();
        civic.seedPass(PassKey.of(ChainNetwork.SEPOLIA, WALLET), PassState.ACTIVE);
    }

    @AfterAll
    static void stop() {
        civic.close();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> 400 naming {3}")
    @CsvSource(delimiter = '|', value = {
        "POST|/pass/ethereum/sepolia|{\"walletAddress\":\"" + WALLET + "\",\"gatekeeperNetwork\":\"x\"}|gatekeeperNetwork",
        "POST|/pass/ethereum/sepolia|{\"wallet\":\"" + WALLET + "\"}|wallet",
        "POST|/pass|{\"limit\":5,\"page\":2}|page",
        "POST|/pass|{\"filter\":{\"colour\":\"red\"}}|filter.colour",
        "POST|/pass|{\"filter\":{\"walletAddress\":42}}|filter.walletAddress",
        "POST|/pass|{\"skip\":null}|skip",
        "POST|/pass|{\"filter\":{\"state\":\"EXPIRED\"}}|filter.state",
        "PATCH|" + PASS + "|{\"state\":\"FROZEN\",\"reason\":\"fraud\"}|reason",
        "PATCH|" + PASS + "|{\"state\":7}|state",
        "PATCH|" + PASS + "|{\"expiryTimestamp\":\"1900000000\"}|expiryTimestamp",
    })
    void unknownOrMistypedFieldsAre400NamingTheField(String method, String path, String body, String named) {
        HttpResponse<String> response = http.api(method, path, body, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = RawHttp.json(response);
        assertThat(error.get("error").asText()).isEqualTo("bad_request");
        assertThat(error.get("message").asText()).contains(named);
        assertThat(civic.passes()).hasSize(1);
        assertThat(civic.passes().get(0).state()).isEqualTo(PassState.ACTIVE);
    }

    @Test
    void piiDecisionWithUnknownFieldIsRefused() {
        String id = civic.seedPii(PiiSeed.emailOnly());
        HttpResponse<String> response = http.api("PUT", "/piirequest/" + id + "/status",
                "{\"status\":\"partner-pass\",\"note\":\"looks fine\"}", token);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(response).get("message").asText()).contains("note");
        assertThat(civic.piiStatus(id).value()).isEqualTo("verification-success");
        HttpResponse<String> missing = http.api("PUT", "/piirequest/" + id + "/status", "{}", token);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(missing).get("message").asText()).contains("status");
    }

    @Test
    void conformingRequestsPass() {
        assertThat(http.api("POST", "/pass", "{\"limit\":1,\"skip\":0,\"filter\":{\"state\":\"ACTIVE\",\"walletAddress\":\""
                + WALLET + "\"}}", token).statusCode()).isEqualTo(200);
        assertThat(http.api("PATCH", PASS, "{\"state\":\"FROZEN\"}", token).statusCode()).isEqualTo(200);
    }

    @Test
    void tokenRequestsKeepOnlyTheirStyleFields() {
        HttpResponse<String> extraJson = http.jsonToken("{\"client_id\":\"" + RawHttp.SANDBOX_ID
                + "\",\"client_secret\":\"" + RawHttp.SANDBOX_SECRET
                + "\",\"grant_type\":\"client_credentials\",\"scope\":\"partner:admin\"}");
        assertThat(extraJson.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(extraJson).get("error").asText()).isEqualTo("invalid_request");
        assertThat(RawHttp.json(extraJson).get("error_description").asText()).contains("scope");

        HttpResponse<String> mistyped = http.jsonToken("{\"client_id\":42,\"client_secret\":\"x\","
                + "\"grant_type\":\"client_credentials\"}");
        assertThat(mistyped.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(mistyped).get("error_description").asText()).contains("client_id");

        HttpResponse<String> extraForm = http.basicToken(RawHttp.SANDBOX_ID, RawHttp.SANDBOX_SECRET,
                "grant_type=client_credentials&scope=partner%3Aadmin");
        assertThat(extraForm.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(extraForm).get("error").asText()).isEqualTo("invalid_request");
        assertThat(RawHttp.json(extraForm).get("error_description").asText()).contains("scope");

        // Both of Civic's documented styles still work.
        assertThat(http.basicToken(RawHttp.SANDBOX_ID, RawHttp.SANDBOX_SECRET, "grant_type=client_credentials")
                .statusCode()).isEqualTo(200);
        assertThat(http.jsonToken("{\"client_id\":\"" + RawHttp.SANDBOX_ID + "\",\"client_secret\":\""
                + RawHttp.SANDBOX_SECRET + "\",\"audience\":\"https://api.civic.com/pass\","
                + "\"grant_type\":\"client_credentials\"}").statusCode()).isEqualTo(200);
    }
}
