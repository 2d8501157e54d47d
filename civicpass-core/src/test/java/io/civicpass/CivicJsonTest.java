package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.model.AccessToken;
import io.civicpass.model.Chain;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.ClientCredentials;
import io.civicpass.model.EventType;
import io.civicpass.model.Pass;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiRequest;
import io.civicpass.model.PiiStatus;
import io.civicpass.model.TransactionStatus;
import io.civicpass.model.WalletAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CivicJsonTest {

    /** The spec's PassResponse example values, assembled into one pass. */
    static final String SPEC_PASS = """
            {"chain":{"type":"ethereum","network":"sepolia"},
             "gatekeeperNetwork":"tgnuXXNMDLK8dy7Xm1TdeGyc95MDym4bvAQCwcW21Bf",
             "walletAddress":"0xEA5Ce8F9C81b681876DC713d33371c3E262A5888",
             "events":[{"eventType":"TOKEN_ISSUED_INITIATED","timestamp":1677588899},
                       {"eventType":"TOKEN_ISSUED","timestamp":1677588904.5,
                        "transaction":{"identifier":"4GWazp2AqMmxkE6GKCoYf9rbgFL6eDTuMx9z7719eccSeCEYu9hiCvmcr9cK6ioiTUGZzvcWf6iB7fd3YCg39PT6","status":"confirmed"}}],
             "id":"63fdf96c58f1ae40a26a89be","onChainState":"ACTIVE","state":"ACTIVE"}
            """;

    @Test
    void readsTheSpecsPassExample() {
        Pass pass = CivicJson.readPass(utf8(SPEC_PASS));
        assertThat(pass.id()).isEqualTo("63fdf96c58f1ae40a26a89be");
        assertThat(pass.chain()).isEqualTo(Chain.ETHEREUM);
        assertThat(pass.network()).isEqualTo(ChainNetwork.SEPOLIA);
        assertThat(pass.walletAddress()).isEqualTo("0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");
        assertThat(pass.state()).isEqualTo(PassState.ACTIVE);
        assertThat(pass.events()).extracting(e -> e.type()).containsExactly(EventType.TOKEN_ISSUED_INITIATED, EventType.TOKEN_ISSUED);
        assertThat(pass.events().get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1677588899));
        assertThat(pass.events().get(1).timestamp()).isEqualTo(Instant.ofEpochSecond(1677588904, 500_000_000));
        assertThat(pass.events().get(1).transaction().status()).isEqualTo(TransactionStatus.CONFIRMED);
        assertThat(pass.events().get(0).findTransaction()).isEmpty();
        assertThat(pass.isSettled()).isTrue();
        assertThat(pass.key().wallet().value()).isEqualTo(pass.walletAddress());
    }

    @Test
    void ignoresUnknownFieldsAndKeepsUnknownValues() {
        String future = SPEC_PASS.replace("\"sepolia\"", "\"megaethTestnet\"")
                .replace("\"state\":\"ACTIVE\"", "\"state\":\"EXPIRED\",\"expiresAt\":1700000000,\"nested\":{\"a\":[1,2]}")
                .replace("TOKEN_ISSUED_INITIATED", "TOKEN_MIGRATED_INITIATED");
        Pass pass = CivicJson.readPass(utf8(future));
        assertThat(pass.network().value()).isEqualTo("megaethTestnet");
        assertThat(pass.network().isKnown()).isFalse();
        assertThat(pass.state().value()).isEqualTo("EXPIRED");
        assertThat(pass.events().get(0).type().value()).isEqualTo("TOKEN_MIGRATED_INITIATED");
    }

    @Test
    void aPendingPassWithoutOnChainStateDecodesWithTheOnChainStateUnknown() {
        Pass pending = CivicJson.readPass(utf8(SPEC_PASS.replaceFirst("\"onChainState\":\"[A-Z]+\",?", "")));
        assertThat(pending.onChainState()).isNull();
        assertThat(pending.knownOnChainState()).isEmpty();
        assertThat(pending.isSettled()).isFalse();
    }

    @Test
    void aTimestampInMillisecondsIsRejectedNamingTheField() {
        String millis = SPEC_PASS.replaceFirst("\"timestamp\":\\s*(\\d+)", "\"timestamp\":$1000");
        assertThat(millis).isNotEqualTo(SPEC_PASS);
        assertThatThrownBy(() -> CivicJson.readPass(utf8(millis))).isInstanceOf(CivicJson.WireFormatException.class)
                .hasMessageContaining("'timestamp'").hasMessageContaining("milliseconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "chain", "walletAddress", "events", "state", "gatekeeperNetwork"})
    void rejectsAPassMissingARequiredField(String field) {
        String missing = SPEC_PASS.replaceFirst("\"" + field + "\"", "\"renamed_" + field + "\"");
        assertThatThrownBy(() -> CivicJson.readPass(utf8(missing)))
                .isInstanceOf(CivicJson.WireFormatException.class)
                .hasMessageContaining("'" + field + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"chain\":", "<html><body>502 Bad Gateway</body></html>", "null", "[]", "{} {}"})
    void rejectsBodiesThatAreNotAPass(String body) {
        assertThatThrownBy(() -> CivicJson.readPass(utf8(body))).isInstanceOf(CivicJson.WireFormatException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"id\":\"63fdf96c58f1ae40a26a89be\"", "\"state\":\"ACTIVE\"", "\"walletAddress\":\"0xEA5Ce8F9C81b681876DC713d33371c3E262A5888\""})
    void rejectsARequiredFieldThatIsNotTextNamingIt(String field) {
        String name = field.substring(1, field.indexOf('"', 1));
        String notText = SPEC_PASS.replace(field, "\"" + name + "\":{\"value\":[1,2]}");
        assertThat(notText).isNotEqualTo(SPEC_PASS);
        assertThatThrownBy(() -> CivicJson.readPass(utf8(notText))).isInstanceOf(CivicJson.WireFormatException.class)
                .hasMessage("field '" + name + "' is not text");
    }

    @Test
    void aChainThatIsNotAnObjectHasNoType() {
        String body = SPEC_PASS.replace("{\"type\":\"ethereum\",\"network\":\"sepolia\"}", "\"ethereum\"");
        assertThatThrownBy(() -> CivicJson.readPass(utf8(body))).hasMessage("required field 'type' is missing");
        String nullChain = SPEC_PASS.replace("{\"type\":\"ethereum\",\"network\":\"sepolia\"}", "null");
        assertThatThrownBy(() -> CivicJson.readPass(utf8(nullChain))).hasMessage("required field 'chain' is missing");
    }

    @Test
    void eventsThatAreNotAnArrayOrHoldANonObjectAreRejected() {
        String notArray = SPEC_PASS.replaceFirst("(?s)\"events\":\\[.*\\],\\s*\"id\"", "\"events\":{\"a\":[1]},\"id\"");
        assertThat(notArray).isNotEqualTo(SPEC_PASS);
        assertThatThrownBy(() -> CivicJson.readPass(utf8(notArray))).hasMessage("'events' is not an array");
        String scalarEvent = SPEC_PASS.replace("\"events\":[", "\"events\":[\"TOKEN_ISSUED\",");
        assertThatThrownBy(() -> CivicJson.readPass(utf8(scalarEvent))).hasMessage("required field 'timestamp' is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "{\"s\":1}", "\"yesterday\"", "1e30", "-1e30", "99999999999999999999"})
    void aTimestampThatIsNoInstantIsRejectedAsNotUnixSeconds(String timestamp) {
        String body = SPEC_PASS.replace("1677588899", timestamp);
        assertThatThrownBy(() -> CivicJson.readPass(utf8(body))).isInstanceOf(CivicJson.WireFormatException.class)
                .hasMessageStartingWith("'timestamp'");
    }

    @Test
    void timestampsAsNumericTextIsoTextAndFractionsAreRead() {
        Pass pass = CivicJson.readPass(utf8(SPEC_PASS.replace("1677588899", "\" 1677588899.25 \"")
                .replace("1677588904.5", "\"2023-02-28T12:55:04.123456789Z\"")));
        assertThat(pass.events().get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1677588899, 250_000_000));
        assertThat(pass.events().get(1).timestamp()).isEqualTo(Instant.parse("2023-02-28T12:55:04.123456789Z"));
        Pass exact = CivicJson.readPass(utf8(SPEC_PASS.replace("1677588904.5", "1677588904.123456789")));
        assertThat(exact.events().get(1).timestamp()).isEqualTo(Instant.ofEpochSecond(1677588904, 123_456_789));
    }

    @Test
    void aRepeatedFieldKeepsItsLastValue() {
        Pass pass = CivicJson.readPass(utf8(SPEC_PASS.replace("\"state\":\"ACTIVE\"}", "\"state\":\"ACTIVE\",\"state\":\"FROZEN\"}")));
        assertThat(pass.state()).isEqualTo(PassState.FROZEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "5", "{\"records\":null}", "{\"total\":1}", "{\"records\":[1]}",
            "{\"records\":[]} []"})
    void rejectsBodiesThatAreNotAListResponse(String body) {
        assertThatThrownBy(() -> CivicJson.readPassList(utf8(body))).isInstanceOf(CivicJson.WireFormatException.class);
    }

    @Test
    void readsAListResponse() {
        List<Pass> passes = CivicJson.readPassList(utf8("{\"records\":[" + SPEC_PASS + "," + SPEC_PASS + "],\"total\":9}"));
        assertThat(passes).hasSize(2);
        assertThat(CivicJson.readPassList(utf8("{\"records\":[]}"))).isEmpty();
        assertThatThrownBy(() -> CivicJson.readPassList(utf8("{\"records\":{}}"))).hasMessageContaining("records");
    }

    @Test
    void readsTheFullPiiShapeOfCivicsDocs() {
        String body = """
                {"id":"9a7a77af-a58e-4e54-83c9-5daa96ccbf11","type":"gatekeeperProofOfIdentityWithIdDocument-v3",
                 "status":"verification-success",
                 "links":[{"rel":"self","href":"https://api.civic.com/partner/piirequest/9a7a77af-a58e-4e54-83c9-5daa96ccbf11"},
                          {"rel":"idDocumentFront","href":"https://api.civic.com/partner/piirequest/9a7a77af-a58e-4e54-83c9-5daa96ccbf11/evidence/idDocumentFront"}],
                 "verifiedInformation":{"email":"user@example.com","documentType":"passport","issueCountry":"GBR",
                   "name":"First Middle Last","dateOfBirth":"1990-01-01","dateOfExpiry":"2035-05-28",
                   "documentNumber":"0123456789","address":"0x1234abcd","accountId":"did:sol:abc","liveness":{"score":0.98}},
                 "updateDate":"2024-03-01T10:15:30Z"}
                """;
        PiiRequest pii = CivicJson.readPii(utf8(body), "ignored");
        assertThat(pii.id()).isEqualTo("9a7a77af-a58e-4e54-83c9-5daa96ccbf11");
        assertThat(pii.status()).isEqualTo(PiiStatus.VERIFICATION_SUCCESS);
        assertThat(pii.isAwaitingDecision()).isTrue();
        assertThat(pii.evidenceLinks()).extracting(l -> l.rel()).containsExactly("idDocumentFront");
        assertThat(pii.verifiedInformation().issueCountry()).contains("GBR");
        assertThat(pii.verifiedInformation().documentNumber()).contains("0123456789");
        assertThat(pii.verifiedInformation().get("liveness")).contains(Map.of("score", 0.98));
        assertThat(pii.updateDate()).isEqualTo(Instant.parse("2024-03-01T10:15:30Z"));
    }

    @Test
    void readsTheSpecsMinimalPiiShape() {
        PiiRequest pii = CivicJson.readPii(utf8("{\"status\":\"awaiting-user\"}"), "abc-123");
        assertThat(pii.id()).isEqualTo("abc-123");
        assertThat(pii.links()).isEmpty();
        assertThat(pii.verifiedInformation().fieldNames()).isEmpty();
        assertThat(pii.updateDate()).isNull();
        assertThat(CivicJson.readPii(utf8("{\"status\":\"partner-pass\",\"updateDate\":1709288130}"), "x").updateDate())
                .isEqualTo(Instant.ofEpochSecond(1709288130));
    }

    @Test
    void readsTheAuth0TokenResponse() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        AccessToken token = CivicJson.readToken(utf8("""
                {"access_token":"eyJ.a.b","token_type":"Bearer","expires_in":86400,
                 "scope":"partner:admin update:pass issue:pass search:pass get:pii put:piirequest"}"""), now);
        assertThat(token.value()).isEqualTo("eyJ.a.b");
        assertThat(token.expiresAt()).isEqualTo(now.plusSeconds(86400));
        assertThat(token.scopes()).contains("issue:pass", "get:pii").hasSize(6);
        assertThat(CivicJson.readToken(utf8("{\"access_token\":\"t\"}"), now).expiresAt()).isEqualTo(now.plusSeconds(300));
        assertThatThrownBy(() -> CivicJson.readToken(utf8("{\"token\":\"t\"}"), now)).hasMessageContaining("access_token");
    }

    @Test
    void writesRequestBodiesAsTheSpecShapesThem() {
        WalletAddress wallet = WalletAddress.ethereum("0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");
        assertThat(json(CivicJson.issueBody(wallet))).isEqualTo(Map.of("walletAddress", wallet.value()));
        assertThat(json(CivicJson.updateBody(PassUpdate.freeze()))).isEqualTo(Map.of("state", "FROZEN"));
        assertThat(json(CivicJson.updateBody(PassUpdate.expireAt(Instant.ofEpochSecond(1677593295, 900_000_000)))))
                .isEqualTo(Map.of("expiryTimestamp", 1677593295));
        assertThat(json(CivicJson.listBody(PassQuery.all()))).isEqualTo(Map.of("limit", 20, "skip", 0));
        assertThat(json(CivicJson.listBody(PassQuery.all().withState(PassState.FROZEN).withWallet(wallet).withSkip(40))))
                .isEqualTo(Map.of("limit", 20, "skip", 40, "filter", Map.of("state", "FROZEN", "walletAddress", wallet.value())));
        assertThat(json(CivicJson.decisionBody(PiiDecision.REJECT))).isEqualTo(Map.of("status", "partner-fail"));
        assertThat(json(CivicJson.tokenJsonBody(ClientCredentials.of("id", "secret"), CivicJson.DEFAULT_AUDIENCE)))
                .isEqualTo(Map.of("client_id", "id", "client_secret", "secret", "audience", "https://api.civic.com/pass",
                        "grant_type", "client_credentials"));
        assertThat(json(CivicJson.tokenJsonBody(ClientCredentials.of("id", "secret"), null))).doesNotContainKey("audience");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(byte[] body) {
        return (Map<String, Object>) CivicJson.readGeneric(body);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
