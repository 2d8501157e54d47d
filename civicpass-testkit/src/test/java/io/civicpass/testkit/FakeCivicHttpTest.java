package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.GatekeeperNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fake's wire behaviour over HTTP, request by request, as Civic's contract describes it. */
class FakeCivicHttpTest {

    @RegisterExtension
    static final FakeCivicExtension CIVIC = FakeCivicExtension.builder()
            .confirmationDelay(Duration.ofSeconds(5)).perClass().build();

    private static final String WALLET = "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888";
    private static final String PASS = "/pass/ethereum/sepolia/" + WALLET;

    private FakeCivic civic;
    private RawHttp http;
    private String token;

    @BeforeEach
    void connect(FakeCivic fake) {
        civic = fake;
        http = new RawHttp(fake);
        token = http.token();
    }

    private HttpResponse<String> issue(String chainAndNetwork, String wallet) {
        return http.api("POST", "/pass/" + chainAndNetwork, "{\"walletAddress\":\"" + wallet + "\"}", token);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return RawHttp.json(response);
    }

    private static List<String> eventTypes(JsonNode pass) {
        List<String> types = new ArrayList<>();
        pass.get("events").forEach(event -> types.add(event.get("eventType").asText()));
        return types;
    }

    // ------------------------------------------------------------------ token endpoint

    @Test
    void basicStyleTokenRequestGetsBearerToken() {
        HttpResponse<String> response = http.basicToken(RawHttp.SANDBOX_ID, RawHttp.SANDBOX_SECRET,
                "grant_type=client_credentials");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(86400);
        assertThat(body.get("scope").asText()).contains("issue:pass", "get:pii", "put:piirequest");
        assertThat(body.get("access_token").asText()).matches("eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    }

    @Test
    void jsonStyleTokenRequestGetsBearerToken() {
        HttpResponse<String> response = http.jsonToken("{\"client_id\":\"" + RawHttp.SANDBOX_ID
                + "\",\"client_secret\":\"" + RawHttp.SANDBOX_SECRET
                + "\",\"audience\":\"https://api.civic.com/pass\",\"grant_type\":\"client_credentials\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        String issued = json(response).get("access_token").asText();
        assertThat(http.api("POST", "/pass", "{}", issued).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongCredentialsGetAuth0StyleRefusal() {
        HttpResponse<String> response = http.basicToken(RawHttp.SANDBOX_ID, "wrong", "grant_type=client_credentials");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("error").asText()).isEqualTo("access_denied");
        assertThat(json(response).get("error_description").asText()).isEqualTo("Unauthorized");
        HttpResponse<String> unknown = http.jsonToken("{\"client_id\":\"nobody\",\"client_secret\":\"x\","
                + "\"grant_type\":\"client_credentials\"}");
        assertThat(unknown.statusCode()).isEqualTo(401);
    }

    @Test
    void tokenRequestWithoutClientCredentialsGrantIsRefused() {
        assertThat(http.basicToken(RawHttp.SANDBOX_ID, RawHttp.SANDBOX_SECRET, "").statusCode()).isEqualTo(400);
        HttpResponse<String> password = http.basicToken(RawHttp.SANDBOX_ID, RawHttp.SANDBOX_SECRET, "grant_type=password");
        assertThat(password.statusCode()).isEqualTo(400);
        assertThat(json(password).get("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(http.jsonToken("{not json").statusCode()).isEqualTo(400);
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        HttpResponse<String> response = http.jsonToken("{\"client_id\":\"" + RawHttp.SANDBOX_ID
                + "\",\"client_secret\":\"" + RawHttp.SANDBOX_SECRET
                + "\",\"audience\":\"https://elsewhere.example.com\",\"grant_type\":\"client_credentials\"}");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).get("error").asText()).isEqualTo("access_denied");
    }

    @Test
    void tokenEndpointOnlyAcceptsPost() {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(civic.tokenUrl()).GET().build());
        assertThat(response.statusCode()).isEqualTo(405);
    }

    // ------------------------------------------------------------------ bearer checks

    @Test
    void apiRequiresValidUnexpiredToken() {
        assertThat(http.api("POST", "/pass", "{}", null).statusCode()).isEqualTo(401);
        assertThat(http.api("POST", "/pass", "{}", "not-a-token").statusCode()).isEqualTo(401);
        assertThat(http.api("POST", "/pass", "{}", token).statusCode()).isEqualTo(200);
        civic.clock().advance(Duration.ofSeconds(86400));
        HttpResponse<String> expired = http.api("POST", "/pass", "{}", token);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void revokedTokensAreRefused() {
        String second = http.token();
        civic.revokeTokens();
        assertThat(http.api("POST", "/pass", "{}", token).statusCode()).isEqualTo(401);
        assertThat(http.api("POST", "/pass", "{}", second).statusCode()).isEqualTo(401);
        assertThat(http.api("POST", "/pass", "{}", http.token()).statusCode()).isEqualTo(200);
    }

    @Test
    void tokenLifetimeIsConfigurable() {
        try (FakeCivic shortLived = FakeCivic.builder().tokenLifetime(Duration.ofSeconds(30)).start()) {
            HttpResponse<String> response = new RawHttp(shortLived).basicToken(RawHttp.SANDBOX_ID,
                    RawHttp.SANDBOX_SECRET, "grant_type=client_credentials");
            assertThat(json(response).get("expires_in").asLong()).isEqualTo(30);
        }
    }

    // ------------------------------------------------------------------ issue and confirmation

    @Test
    void issueAnswers202WithPendingPassThenConfirms() {
        HttpResponse<String> response = issue("ethereum/sepolia", WALLET);
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode pending = json(response);
        assertThat(pending.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(pending.get("onChainState").asText()).isEqualTo("FROZEN");
        assertThat(eventTypes(pending)).containsExactly("TOKEN_ISSUED_INITIATED");
        assertThat(pending.at("/events/0/transaction/status").asText()).isEqualTo("sent");
        assertThat(pending.get("gatekeeperNetwork").asText()).isEqualTo(GatekeeperNetwork.SANDBOX.value());
        assertThat(pending.get("walletAddress").asText()).isEqualTo(WALLET);
        assertThat(pending.at("/chain/type").asText()).isEqualTo("ethereum");
        assertThat(pending.at("/chain/network").asText()).isEqualTo("sepolia");
        assertThat(pending.get("id").asText()).matches("[0-9a-f]{24}");

        assertThat(http.api("GET", PASS, null, token).statusCode()).as("hidden until confirmed").isEqualTo(404);
        civic.clock().advance(Duration.ofSeconds(5));
        JsonNode confirmed = json(http.api("GET", PASS, null, token));
        assertThat(eventTypes(confirmed)).containsExactly("TOKEN_ISSUED_INITIATED", "TOKEN_ISSUED");
        assertThat(confirmed.get("onChainState").asText()).isEqualTo("ACTIVE");
        assertThat(confirmed.at("/events/1/transaction/status").asText()).isEqualTo("confirmed");
        assertThat(confirmed.at("/events/1/transaction/identifier").asText())
                .isEqualTo(confirmed.at("/events/0/transaction/identifier").asText()).matches("0x[0-9a-f]{64}");
        assertThat(confirmed.at("/events/1/timestamp").asLong())
                .isGreaterThanOrEqualTo(confirmed.at("/events/0/timestamp").asLong());
    }

    @Test
    void evmWalletsCompareWithoutCase() {
        issue("ethereum/sepolia", WALLET);
        civic.clock().advance(Duration.ofSeconds(5));
        assertThat(http.api("GET", "/pass/ethereum/sepolia/" + WALLET.toLowerCase(Locale.ROOT), null, token).statusCode())
                .isEqualTo(200);
        assertThat(issue("ethereum/sepolia", WALLET.toLowerCase(Locale.ROOT)).statusCode()).as("the same wallet")
                .isEqualTo(409);
        assertThat(civic.passes()).hasSize(1);
    }

    @Test
    void issuingAgainIsRefusedByDefaultAndAfterRevoke() {
        String id = json(issue("ethereum/sepolia", WALLET)).get("id").asText();
        HttpResponse<String> again = issue("ethereum/sepolia", WALLET);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("error").asText()).isEqualTo("pass_exists");
        assertThat(civic.passes()).singleElement().satisfies(pass -> {
            assertThat(pass.id()).isEqualTo(id);
            assertThat(pass.events()).hasSize(1);
        });

        civic.clock().advance(Duration.ofSeconds(5));
        assertThat(http.api("DELETE", PASS, null, token).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = issue("ethereum/sepolia", WALLET);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("message").asText()).contains("revoked");
        assertThat(civic.passes()).hasSize(1);
    }

    @Test
    void updatesAndRevokeAppendInitiatedThenConfirmedEvents() {
        issue("ethereum/sepolia", WALLET);
        civic.clock().advance(Duration.ofSeconds(5));
        HttpResponse<String> freeze = http.api("PATCH", PASS, "{\"state\":\"FROZEN\"}", token);
        assertThat(freeze.statusCode()).isEqualTo(200);
        assertThat(json(freeze).get("status").asText()).isEqualTo("ok");
        JsonNode freezing = json(http.api("GET", PASS, null, token));
        assertThat(freezing.get("state").asText()).isEqualTo("FROZEN");
        assertThat(freezing.get("onChainState").asText()).isEqualTo("ACTIVE");
        civic.clock().advance(Duration.ofSeconds(5));
        assertThat(json(http.api("GET", PASS, null, token)).get("onChainState").asText()).isEqualTo("FROZEN");

        http.api("PATCH", PASS, "{\"state\":\"ACTIVE\"}", token);
        long expiry = civic.clock().instant().getEpochSecond() + 3;
        http.api("PATCH", PASS, "{\"expiryTimestamp\":" + expiry + "}", token);
        civic.clock().advance(Duration.ofSeconds(5));
        assertThat(http.api("DELETE", PASS, null, token).statusCode()).isEqualTo(200);
        JsonNode revoking = json(http.api("GET", PASS, null, token));
        assertThat(revoking.get("state").asText()).isEqualTo("REVOKED");
        assertThat(revoking.get("onChainState").asText()).isEqualTo("ACTIVE");
        civic.clock().advance(Duration.ofSeconds(5));
        JsonNode revoked = json(http.api("GET", PASS, null, token));
        assertThat(revoked.get("onChainState").asText()).isEqualTo("REVOKED");
        assertThat(eventTypes(revoked)).containsExactly("TOKEN_ISSUED_INITIATED", "TOKEN_ISSUED",
                "TOKEN_FROZEN_INITIATED", "TOKEN_FROZEN", "TOKEN_UNFROZEN_INITIATED",
                "TOKEN_EXPIRY_CHANGED_INITIATED", "TOKEN_UNFROZEN", "TOKEN_EXPIRY_CHANGED",
                "TOKEN_REVOKED_INITIATED", "TOKEN_REVOKED");
        assertThat(civic.expiry(PassKey.of(ChainNetwork.SEPOLIA, WALLET)))
                .contains(java.time.Instant.ofEpochSecond(expiry));
        assertThat(http.api("PATCH", PASS, "{\"state\":\"FROZEN\"}", token).statusCode()).isEqualTo(400);
        assertThat(http.api("DELETE", PASS, null, token).statusCode()).isEqualTo(200);
    }

    @Test
    void retrieveOfMissingPassIs404() {
        HttpResponse<String> response = http.api("GET", PASS, null, token);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("not_found");
        assertThat(http.api("PATCH", PASS, "{\"state\":\"FROZEN\"}", token).statusCode()).isEqualTo(404);
        assertThat(http.api("DELETE", PASS, null, token).statusCode()).isEqualTo(404);
    }

    @Test
    void hiddenUntilConfirmedPassesAppearAfterConfirmation() {
        try (FakeCivic hiding = FakeCivic.builder().confirmationDelay(Duration.ofSeconds(5)).start()) {
            RawHttp raw = new RawHttp(hiding);
            String own = raw.token();
            assertThat(raw.api("POST", "/pass/ethereum/sepolia", "{\"walletAddress\":\"" + WALLET + "\"}", own)
                    .statusCode()).isEqualTo(202);
            assertThat(raw.api("GET", PASS, null, own).statusCode()).isEqualTo(404);
            assertThat(json(raw.api("POST", "/pass", "{}", own)).get("records")).isEmpty();
            assertThat(hiding.pass(PassKey.of(ChainNetwork.SEPOLIA, WALLET))).isPresent();
            hiding.clock().advance(Duration.ofSeconds(5));
            assertThat(raw.api("GET", PASS, null, own).statusCode()).isEqualTo(200);
            assertThat(json(raw.api("POST", "/pass", "{}", own)).get("records")).hasSize(1);
        }
    }

    @Test
    void sandboxClientIssuesOnTestnetsOnly() {
        HttpResponse<String> mainnet = issue("ethereum/mainnet", WALLET);
        assertThat(mainnet.statusCode()).isEqualTo(400);
        assertThat(json(mainnet).get("message").asText()).contains("testnets");
        civic.registerClient("production-client", "production-secret", GatekeeperNetwork.SANDBOX);
        assertThat(http.api("POST", "/pass/solana/mainnet-beta",
                "{\"walletAddress\":\"4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ\"}",
                http.token("production-client", "production-secret")).statusCode()).isEqualTo(400);
        GatekeeperNetwork own = GatekeeperNetwork.of("uniqobk8oGh4XBLMqM68K8M2zNu3CdYX7q5go7whQiv");
        civic.registerClient("mainnet-client", "mainnet-secret", own);
        HttpResponse<String> issued = http.api("POST", "/pass/ethereum/mainnet", "{\"walletAddress\":\"" + WALLET + "\"}",
                http.token("mainnet-client", "mainnet-secret"));
        assertThat(issued.statusCode()).isEqualTo(202);
        assertThat(json(issued).get("gatekeeperNetwork").asText()).isEqualTo(own.value());
    }

    @Test
    void eachClientSeesOnlyItsOwnPasses() {
        issue("ethereum/sepolia", WALLET);
        civic.registerClient("other", "other-secret", GatekeeperNetwork.of("uniqobk8oGh4XBLMqM68K8M2zNu3CdYX7q5go7whQiv"));
        String other = http.token("other", "other-secret");
        assertThat(http.api("GET", PASS, null, other).statusCode()).isEqualTo(404);
        assertThat(json(http.api("POST", "/pass", "{}", other)).get("records")).isEmpty();
        assertThat(http.api("POST", "/pass/ethereum/sepolia", "{\"walletAddress\":\"" + WALLET + "\"}", other)
                .statusCode()).isEqualTo(202);
        assertThat(civic.passes()).hasSize(2);
        assertThat(civic.pass("other", PassKey.of(ChainNetwork.SEPOLIA, WALLET))).isPresent();
    }

    // ------------------------------------------------------------------ list

    @Test
    void listPagesInCreationOrderWithDefaultLimit() {
        List<String> wallets = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String wallet = String.format(Locale.ROOT, "0x%040x", 0xABC000L + i);
            civic.seedPass(PassKey.of(ChainNetwork.SEPOLIA, wallet), i % 5 == 0 ? PassState.FROZEN : PassState.ACTIVE);
            wallets.add(wallet);
        }
        JsonNode first = json(http.api("POST", "/pass", "{}", token)).get("records");
        assertThat(first).hasSize(20);
        assertThat(first.get(0).get("walletAddress").asText()).isEqualTo(wallets.get(0));
        JsonNode rest = json(http.api("POST", "/pass", "{\"limit\":20,\"skip\":20}", token)).get("records");
        assertThat(rest).hasSize(5);
        assertThat(rest.get(4).get("walletAddress").asText()).isEqualTo(wallets.get(24));
        assertThat(json(http.api("POST", "/pass", "{\"filter\":{\"state\":\"FROZEN\"}}", token)).get("records")).hasSize(5);
        assertThat(json(http.api("POST", "/pass", "{\"limit\":2,\"filter\":{\"state\":\"FROZEN\"},\"skip\":4}", token))
                .get("records")).hasSize(1);
        JsonNode byWallet = json(http.api("POST", "/pass", "{\"filter\":{\"walletAddress\":\""
                + wallets.get(7).toUpperCase(Locale.ROOT).replace("0X", "0x") + "\"}}", token)).get("records");
        assertThat(byWallet).hasSize(1);
        assertThat(json(http.api("POST", "/pass", "{\"filter\":{\"state\":\"REJECTED\"}}", token)).get("records")).isEmpty();
        assertThat(json(http.api("POST", "/pass", "", token)).get("records")).hasSize(20);
    }

    // ------------------------------------------------------------------ refusals

    @ParameterizedTest(name = "{0} {1} -> 400 naming {3}")
    @CsvSource(delimiter = '|', value = {
        "POST|/pass/bitcoin/mainnet|{\"walletAddress\":\"0xEA5Ce8F9C81b681876DC713d33371c3E262A5888\"}|chain",
        "POST|/pass/ethereum/goerli|{\"walletAddress\":\"0xEA5Ce8F9C81b681876DC713d33371c3E262A5888\"}|chainNetwork",
        "POST|/pass/solana/sepolia|{\"walletAddress\":\"0xEA5Ce8F9C81b681876DC713d33371c3E262A5888\"}|chainNetwork",
        "POST|/pass/ethereum/devnet|{\"walletAddress\":\"0xEA5Ce8F9C81b681876DC713d33371c3E262A5888\"}|chainNetwork",
        "POST|/pass/ethereum/sepolia|{\"walletAddress\":\"0x1234\"}|walletAddress",
        "POST|/pass/solana/devnet|{\"walletAddress\":\"0xEA5Ce8F9C81b681876DC713d33371c3E262A5888\"}|walletAddress",
        "POST|/pass/ethereum/sepolia|{\"walletAddress\":42}|walletAddress",
        "POST|/pass/ethereum/sepolia|{}|walletAddress",
        "POST|/pass/ethereum/sepolia|{\"walletAddress\":|JSON",
        "POST|/pass/ethereum/sepolia|{\"walletAddress\":\"0xEA5Ce8F9C81b681876DC713d33371c3E262A5888\"} trailing|JSON",
        "POST|/pass/ethereum/sepolia|[]|JSON object",
        "GET|/pass/ethereum/sepolia/not-a-wallet||wallet",
        "POST|/pass|{\"limit\":0}|limit",
        "POST|/pass|{\"limit\":\"ten\"}|limit",
        "POST|/pass|{\"limit\":2.5}|limit",
        "POST|/pass|{\"limit\":100000}|limit",
        "POST|/pass|{\"skip\":-1}|skip",
        "POST|/pass|{\"filter\":{\"state\":\"EXPIRED\"}}|filter.state",
        "POST|/pass|{\"filter\":\"ACTIVE\"}|filter",
        "POST|/pass|{\"filter\":{\"walletAddress\":\"nobody\"}}|filter.walletAddress",
        "PATCH|/pass/ethereum/sepolia/0xEA5Ce8F9C81b681876DC713d33371c3E262A5888|{}|state or expiryTimestamp",
        "PATCH|/pass/ethereum/sepolia/0xEA5Ce8F9C81b681876DC713d33371c3E262A5888|{\"state\":\"REVOKED\"}|state",
        "PATCH|/pass/ethereum/sepolia/0xEA5Ce8F9C81b681876DC713d33371c3E262A5888|{\"state\":\"asleep\"}|state",
        "PATCH|/pass/ethereum/sepolia/0xEA5Ce8F9C81b681876DC713d33371c3E262A5888|{\"expiryTimestamp\":1000}|expiryTimestamp",
        "PATCH|/pass/ethereum/sepolia/0xEA5Ce8F9C81b681876DC713d33371c3E262A5888|{\"expiryTimestamp\":\"soon\"}|expiryTimestamp",
    })
    void forbiddenRequestsGet400NamingTheProblem(String method, String path, String body, String named) {
        civic.seedPass(PassKey.of(ChainNetwork.SEPOLIA, WALLET), PassState.ACTIVE);
        HttpResponse<String> response = http.api(method, path, body, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode error = json(response);
        assertThat(error.get("error").asText()).isEqualTo("bad_request");
        assertThat(error.get("message").asText()).contains(named);
        assertThat(civic.passes()).hasSize(1);
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405() {
        assertThat(http.api("GET", "/nothing", null, token).statusCode()).isEqualTo(404);
        assertThat(http.api("GET", "/pass/ethereum/sepolia/" + WALLET + "/extra", null, token).statusCode()).isEqualTo(404);
        assertThat(http.api("GET", "/piirequest/abc/other", null, token).statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(civic.apiUrl().toString().replace("/partner", "/elsewhere")))
                .GET().build()).statusCode()).isEqualTo(404);
        assertThat(http.api("GET", "/pass", null, token).statusCode()).isEqualTo(405);
        assertThat(http.api("PUT", PASS, "{}", token).statusCode()).isEqualTo(405);
        assertThat(http.api("GET", "/pass/ethereum/sepolia", null, token).statusCode()).isEqualTo(405);
        assertThat(http.api("POST", "/piirequest/abc", "{}", token).statusCode()).isEqualTo(405);
    }

    @Test
    void garbageNeverBreaksTheFake() {
        byte[] junk = new byte[512];
        new java.util.Random(7).nextBytes(junk);
        String text = new String(junk, StandardCharsets.ISO_8859_1);
        for (String path : List.of("/pass", "/pass/ethereum/sepolia", PASS, "/piirequest/x/status", "/pass/a%2Fb/x%00")) {
            for (String method : List.of("POST", "PATCH", "PUT", "DELETE", "GET")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(civic.apiUrl() + path))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(text)).build());
                assertThat(response.statusCode()).as("%s %s", method, path).isBetween(400, 499);
            }
        }
        assertThat(issue("ethereum/sepolia", WALLET).statusCode()).isEqualTo(202);
    }

    // ------------------------------------------------------------------ PII

    @Test
    void piiRequestHasFullShapeAndEvidence() {
        String id = civic.seedPii(PiiSeed.idDocument());
        JsonNode pii = json(http.api("GET", "/piirequest/" + id, null, token));
        assertThat(pii.get("id").asText()).isEqualTo(id);
        assertThat(pii.get("type").asText()).isEqualTo(PiiSeed.ID_DOCUMENT_TYPE);
        assertThat(pii.get("status").asText()).isEqualTo("verification-success");
        assertThat(pii.at("/verifiedInformation/email").asText()).isEqualTo("jane.doe@example.com");
        assertThat(pii.at("/verifiedInformation/accountId").asText()).startsWith("did:sol:");
        assertThat(pii.get("updateDate").asText()).isNotEmpty();
        String self = civic.apiUrl() + "/piirequest/" + id;
        assertThat(pii.at("/links/0/rel").asText()).isEqualTo("self");
        assertThat(pii.at("/links/0/href").asText()).isEqualTo(self);
        assertThat(pii.at("/links/1/rel").asText()).isEqualTo("idDocumentFront");
        assertThat(pii.at("/links/1/href").asText()).isEqualTo(self + "/evidence/idDocumentFront");

        HttpResponse<byte[]> front = http.apiBytes("/piirequest/" + id + "/evidence/idDocumentFront", token);
        assertThat(front.statusCode()).isEqualTo(200);
        assertThat(front.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(front.body()).startsWith((byte) 0xFF, (byte) 0xD8);
        assertThat(http.apiBytes("/piirequest/" + id + "/evidence/selfie", token).statusCode()).isEqualTo(404);
    }

    @Test
    void piiBeforeVerificationShowsNoInformation() {
        String id = civic.seedPii(PiiSeed.idDocument().status(io.civicpass.model.PiiStatus.AWAITING_USER));
        JsonNode pii = json(http.api("GET", "/piirequest/" + id, null, token));
        assertThat(pii.get("verifiedInformation")).isEmpty();
        assertThat(pii.get("links")).hasSize(1);
        assertThat(http.apiBytes("/piirequest/" + id + "/evidence/idDocumentFront", token).statusCode()).isEqualTo(404);
    }

    @Test
    void piiDecisionOnlyFromVerificationSuccess() {
        String id = civic.seedPii(PiiSeed.emailOnly());
        assertThat(http.api("PUT", "/piirequest/" + id + "/status", "{\"status\":\"approved\"}", token).statusCode())
                .isEqualTo(400);
        assertThat(http.api("PUT", "/piirequest/" + id + "/status", "{\"status\":\"partner-pass\"}", token).statusCode())
                .isEqualTo(200);
        assertThat(civic.piiStatus(id)).isEqualTo(io.civicpass.model.PiiStatus.PARTNER_PASS);
        assertThat(http.api("PUT", "/piirequest/" + id + "/status", "{\"status\":\"partner-pass\"}", token).statusCode())
                .isEqualTo(200);
        HttpResponse<String> change = http.api("PUT", "/piirequest/" + id + "/status", "{\"status\":\"partner-fail\"}", token);
        assertThat(change.statusCode()).isEqualTo(409);
        assertThat(json(change).get("message").asText()).contains("verification-success");
        String failed = civic.seedPii(PiiSeed.emailOnly().status(io.civicpass.model.PiiStatus.VERIFICATION_FAILED));
        assertThat(http.api("PUT", "/piirequest/" + failed + "/status", "{\"status\":\"partner-pass\"}", token).statusCode())
                .isEqualTo(409);
    }

    @Test
    void piiIsGoneAfterSevenDays() {
        civic.piiReadOnce(false); // so that only the seven days can make it go
        String id = civic.seedPii(PiiSeed.idDocument().id("scope-1"));
        assertThat(id).isEqualTo("scope-1");
        civic.clock().advance(Duration.ofDays(7).minusMinutes(1));
        assertThat(http.api("GET", "/piirequest/scope-1", null, http.token()).statusCode()).isEqualTo(200);
        assertThat(http.api("GET", "/piirequest/scope-1", null, http.token()).statusCode()).isEqualTo(200);
        assertThat(http.apiBytes("/piirequest/scope-1/evidence/idDocumentFront", http.token()).statusCode()).isEqualTo(200);
        civic.clock().advance(Duration.ofMinutes(1));
        assertThat(http.api("GET", "/piirequest/scope-1", null, http.token()).statusCode()).isEqualTo(404);
        assertThat(http.apiBytes("/piirequest/scope-1/evidence/idDocumentFront", http.token()).statusCode()).isEqualTo(404);
        assertThat(http.api("PUT", "/piirequest/scope-1/status", "{\"status\":\"partner-pass\"}", http.token())
                .statusCode()).isEqualTo(404);
        assertThat(civic.piiStatus("scope-1")).isEqualTo(io.civicpass.model.PiiStatus.VERIFICATION_SUCCESS);
    }

    @Test
    void piiSeededForOneClientIsHiddenFromOthers() {
        civic.registerClient("other", "other-secret", GatekeeperNetwork.SANDBOX);
        String id = civic.seedPii(PiiSeed.emailOnly().forClient("other"));
        assertThat(http.api("GET", "/piirequest/" + id, null, token).statusCode()).isEqualTo(404);
        assertThat(http.api("GET", "/piirequest/" + id, null, http.token("other", "other-secret")).statusCode())
                .isEqualTo(200);
    }

    // ------------------------------------------------------------------ faults

    @Test
    void statusFaultIsNotProcessedAndCarriesHeaders() {
        civic.inject(Fault.status(429).withRetryAfter("7").withHeader("X-Extra", "1"),
                RequestMatcher.of("POST", "/partner/pass/*/*"), 1);
        HttpResponse<String> limited = issue("ethereum/sepolia", WALLET);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");
        assertThat(limited.headers().firstValue("X-Extra")).contains("1");
        assertThat(json(limited).get("error").asText()).isEqualTo("too_many_requests");
        assertThat(civic.passes()).isEmpty();
        assertThat(issue("ethereum/sepolia", WALLET).statusCode()).isEqualTo(202);
    }

    @Test
    void statusFaultAfterProcessingTakesEffect() {
        civic.inject(Fault.status(503).withBody("{\"message\":\"busy\"}").afterProcessing(),
                RequestMatcher.of("POST", "/partner/pass/*/*"), 1);
        HttpResponse<String> response = issue("ethereum/sepolia", WALLET);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\"message\":\"busy\"}");
        assertThat(civic.passes()).hasSize(1);
    }

    @Test
    void faultsStrikeOnlyMatchingRequestsAndOnlyAsOftenAsAsked() {
        civic.inject(Fault.status(500), RequestMatcher.of("GET", "/partner/pass/**"), 2);
        assertThat(http.api("POST", "/pass", "{}", token).statusCode()).isEqualTo(200);
        assertThat(http.api("GET", PASS, null, token).statusCode()).isEqualTo(500);
        assertThat(http.api("GET", PASS, null, token).statusCode()).isEqualTo(500);
        assertThat(http.api("GET", PASS, null, token).statusCode()).isEqualTo(404);
        civic.inject(Fault.status(500), RequestMatcher.any(), 5);
        civic.clearFaults();
        assertThat(http.api("GET", PASS, null, token).statusCode()).isEqualTo(404);
    }

    @Test
    void htmlErrorPageLooksLikeAProxy() {
        civic.inject(Fault.htmlErrorPage(502), RequestMatcher.apiRequests(), 1);
        HttpResponse<String> response = issue("ethereum/sepolia", WALLET);
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/html");
        assertThat(response.body()).contains("<html>", "502 Bad Gateway");
        assertThat(civic.passes()).isEmpty();
    }

    @Test
    void bodyFaultsSpoilProcessedResponses() {
        civic.inject(Fault.truncatedBody(), RequestMatcher.of("POST", "/partner/pass/*/*"), 1);
        HttpResponse<String> truncated = issue("ethereum/sepolia", WALLET);
        assertThat(truncated.statusCode()).isEqualTo(202);
        assertThat(truncated.body()).startsWith("{\"chain\"").doesNotEndWith("}");
        assertThat(civic.passes()).hasSize(1);
        assertThatThrownBy(() -> json(truncated)).isInstanceOf(UncheckedIOException.class);
        civic.clock().advance(Duration.ofSeconds(5));

        civic.inject(Fault.malformedBody(), RequestMatcher.of("GET", "/partner/pass/**"), 1);
        HttpResponse<String> malformed = http.api("GET", PASS, null, token);
        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> json(malformed)).isInstanceOf(UncheckedIOException.class);

        civic.inject(Fault.emptyBody(), RequestMatcher.of("GET", "/partner/pass/**"), 1);
        HttpResponse<String> empty = http.api("GET", PASS, null, token);
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEmpty();

        civic.inject(Fault.emptyBody().beforeProcessing(), RequestMatcher.of("DELETE", "/partner/pass/**"), 1);
        assertThat(http.api("DELETE", PASS, null, token).statusCode()).isEqualTo(200);
        assertThat(civic.passes().get(0).state()).isEqualTo(PassState.ACTIVE);
    }

    @Test
    void connectionResetEndsTheExchangeWithoutResponse() {
        civic.inject(Fault.connectionReset(), RequestMatcher.of("POST", "/partner/pass/*/*"), 1);
        assertThatThrownBy(() -> issue("ethereum/sepolia", WALLET)).isInstanceOf(UncheckedIOException.class);
        assertThat(civic.passes()).isEmpty();
        civic.inject(Fault.connectionReset().afterProcessing(), RequestMatcher.of("POST", "/partner/pass/*/*"), 1);
        assertThatThrownBy(() -> issue("ethereum/sepolia", WALLET)).isInstanceOf(UncheckedIOException.class);
        assertThat(civic.passes()).hasSize(1);
        // the lost answer's issue went through, so the client's retry meets the pass it made
        assertThat(issue("ethereum/sepolia", WALLET).statusCode()).isEqualTo(409);
    }

    @Test
    void latencyDelaysTheResponse() {
        civic.inject(Fault.latency(Duration.ofSeconds(3)), RequestMatcher.of("POST", "/partner/pass"), 1);
        HttpRequest slow = HttpRequest.newBuilder(URI.create(civic.apiUrl() + "/pass")).timeout(Duration.ofMillis(200))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertThatThrownBy(() -> http.client().send(slow, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(http.api("POST", "/pass", "{}", token).statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ journal, reset, concurrency

    @Test
    void journalRecordsEveryRequestWithHeadersAndBody() {
        civic.journal().clear();
        http.token();
        issue("ethereum/sepolia", WALLET);
        http.api("GET", PASS, null, token);
        assertThat(civic.journal().all()).hasSize(3);
        assertThat(civic.journal().tokenRequests()).hasSize(1);
        assertThat(civic.journal().apiRequests()).hasSize(2);
        RecordedRequest issued = civic.journal().apiRequests().get(0);
        assertThat(issued.method()).isEqualTo("POST");
        assertThat(issued.path()).isEqualTo("/partner/pass/ethereum/sepolia");
        assertThat(issued.header("content-type")).contains("application/json");
        assertThat(issued.bodyText()).contains(WALLET);
        assertThat(civic.journal().count(RequestMatcher.of("GET", "/partner/pass/ethereum/*/*"))).isEqualTo(1);
        assertThat(civic.journal().last()).hasValueSatisfying(last -> assertThat(last.method()).isEqualTo("GET"));
        assertThat(issued.toString()).doesNotContain(token);
    }

    @Test
    void resetForgetsEverythingButTheSandboxClient() {
        issue("ethereum/sepolia", WALLET);
        civic.seedPii(PiiSeed.emailOnly().id("kept-id"));
        civic.registerClient("other", "other-secret", GatekeeperNetwork.SANDBOX);
        civic.inject(Fault.status(500), RequestMatcher.any(), 3);
        civic.clock().advance(Duration.ofHours(1));
        civic.reset();
        assertThat(civic.passes()).isEmpty();
        assertThat(civic.journal().all()).isEmpty();
        assertThat(civic.clock().offset()).isZero();
        assertThat(http.api("GET", PASS, null, token).statusCode()).isEqualTo(401);
        String fresh = http.token();
        assertThat(http.api("GET", "/piirequest/kept-id", null, fresh).statusCode()).isEqualTo(404);
        assertThat(http.basicToken("other", "other-secret", "grant_type=client_credentials").statusCode()).isEqualTo(401);
        assertThat(civic.seedPii(PiiSeed.emailOnly().id("kept-id"))).isEqualTo("kept-id");
    }

    @Test
    void servesManyConcurrentClients() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String wallet = String.format(Locale.ROOT, "0x%040x", 0xF00000L + i);
                statuses.add(pool.submit(() -> new RawHttp(civic).api("POST", "/pass/ethereum/sepolia",
                        "{\"walletAddress\":\"" + wallet + "\"}", token).statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(202);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(civic.passes()).hasSize(64);
        assertThat(civic.journal().count(RequestMatcher.of("POST", "/partner/pass/*/*"))).isEqualTo(64);
    }

    @Test
    void answersAt127001AndRefusesAConnectionAt127002() throws IOException {
        assertThat(civic.apiUrl()).isEqualTo(URI.create("http://127.0.0.1:" + civic.port() + "/partner"));
        assertThat(civic.tokenUrl()).isEqualTo(URI.create("http://127.0.0.1:" + civic.port() + "/oauth/token"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), civic.port()), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /partner HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).as("the answer at 127.0.0.1").startsWith("HTTP/1.1 ");
        }
        // Linux routes all of 127.0.0.0/8 to the loopback interface, so a server bound to any
        // address (or to the interface's) would answer at 127.0.0.2 too; one bound to 127.0.0.1
        // refuses the connection there.
        try (Socket socket = new Socket()) {
            InetSocketAddress other = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 2}), civic.port());
            assertThatThrownBy(() -> socket.connect(other, 2000)).as("a connection to 127.0.0.2")
                    .isInstanceOf(ConnectException.class);
        }
    }
}
