package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.GatekeeperNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.model.PiiStatus;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fake's defaults where Civic's documents speak (hidden until confirmed, PII until retrieved
 * or 7 days) and its switches where they are silent (re-issue, repeated updates, failed
 * transactions, scopes, OAuth-shaped token errors, secrets echoed in errors), over HTTP.
 */
class FakeCivicSwitchesTest {

    /** Long enough that no confirmation happens by itself while a test runs. */
    private static final Duration DELAY = Duration.ofSeconds(5);

    @RegisterExtension
    static final FakeCivicExtension CIVIC = FakeCivicExtension.builder().confirmationDelay(DELAY).perClass().build();

    private static final String WALLET = "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888";
    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, WALLET);
    private static final String PASS = "/pass/ethereum/sepolia/" + WALLET;
    private static final String OWN_NETWORK = "uniqobk8oGh4XBLMqM68K8M2zNu3CdYX7q5go7whQiv";

    private FakeCivic civic;
    private RawHttp http;
    private String token;

    @BeforeEach
    void connect(FakeCivic fake) {
        civic = fake;
        http = new RawHttp(fake);
        token = http.token();
    }

    private HttpResponse<String> issue() {
        return http.api("POST", "/pass/ethereum/sepolia", "{\"walletAddress\":\"" + WALLET + "\"}", token);
    }

    private HttpResponse<String> patch(String body) {
        return http.api("PATCH", PASS, body, token);
    }

    private JsonNode retrieve() {
        HttpResponse<String> response = http.api("GET", PASS, null, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RawHttp.json(response);
    }

    private void confirm() {
        civic.clock().advance(DELAY);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return RawHttp.json(response);
    }

    private static List<String> events(JsonNode pass) {
        List<String> types = new ArrayList<>();
        pass.get("events").forEach(event -> types.add(event.get("eventType").asText() + ":"
                + event.at("/transaction/status").asText()));
        return types;
    }

    // ------------------------------------------------------------------ hidden until confirmed

    @Test
    void newPassIsHiddenFromRetrieveAndListUntilConfirmedByDefault() {
        try (FakeCivic defaults = FakeCivic.builder().confirmationDelay(DELAY).start()) {
            RawHttp raw = new RawHttp(defaults);
            String own = raw.token();
            assertThat(raw.api("POST", "/pass/ethereum/sepolia", "{\"walletAddress\":\"" + WALLET + "\"}", own)
                    .statusCode()).isEqualTo(202);
            assertThat(raw.api("GET", PASS, null, own).statusCode()).isEqualTo(404);
            assertThat(json(raw.api("POST", "/pass", "{}", own)).get("records")).isEmpty();
            defaults.clock().advance(DELAY.minusSeconds(1));
            assertThat(raw.api("GET", PASS, null, own).statusCode()).isEqualTo(404);
            defaults.clock().advance(Duration.ofSeconds(1));
            assertThat(raw.api("GET", PASS, null, own).statusCode()).isEqualTo(200);
            assertThat(json(raw.api("POST", "/pass", "{}", own)).get("records")).hasSize(1);
        }
        assertThat(FakeCivic.DEFAULT_CONFIRMATION_DELAY).isLessThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void updateAndRevokeOfAPassNotYetVisibleAnswerExactlyAsForAnUnknownPass() {
        HttpResponse<String> unknownPatch = patch("{\"state\":\"FROZEN\"}");
        HttpResponse<String> unknownDelete = http.api("DELETE", PASS, null, token);
        assertThat(issue().statusCode()).isEqualTo(202);

        HttpResponse<String> hiddenPatch = patch("{\"state\":\"FROZEN\"}");
        HttpResponse<String> hiddenDelete = http.api("DELETE", PASS, null, token);
        assertThat(hiddenPatch.statusCode()).isEqualTo(unknownPatch.statusCode()).isEqualTo(404);
        assertThat(hiddenPatch.body()).isEqualTo(unknownPatch.body());
        assertThat(hiddenDelete.statusCode()).isEqualTo(unknownDelete.statusCode()).isEqualTo(404);
        assertThat(hiddenDelete.body()).isEqualTo(unknownDelete.body());
        assertThat(civic.transactions(KEY)).as("neither reached the chain").isEqualTo(1);

        confirm();
        assertThat(patch("{\"state\":\"FROZEN\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void hidingCanBeSwitchedOffUntilReset() {
        civic.hideUntilConfirmed(false);
        issue();
        JsonNode pending = retrieve();
        assertThat(pending.get("onChainState").asText()).isEqualTo("FROZEN");
        assertThat(patch("{\"state\":\"FROZEN\"}").statusCode()).isEqualTo(200);

        civic.reset();
        token = http.token();
        issue();
        assertThat(http.api("GET", PASS, null, token).statusCode()).isEqualTo(404);
    }

    @Test
    void builderChoicesSurviveReset() {
        try (FakeCivic kind = FakeCivic.builder().confirmationDelay(DELAY).hideUntilConfirmed(false)
                .reissueBehaviour(ReissueBehaviour.NO_OP).start()) {
            kind.reissueBehaviour(ReissueBehaviour.DUPLICATE);
            kind.reset();
            RawHttp raw = new RawHttp(kind);
            String own = raw.token();
            String body = "{\"walletAddress\":\"" + WALLET + "\"}";
            raw.api("POST", "/pass/ethereum/sepolia", body, own);
            assertThat(raw.api("GET", PASS, null, own).statusCode()).as("shown before confirmation").isEqualTo(200);
            assertThat(raw.api("POST", "/pass/ethereum/sepolia", body, own).statusCode()).isEqualTo(202);
            assertThat(kind.duplicateIssuances()).as("NO_OP again, not DUPLICATE").isZero();
            assertThat(kind.reissueAttempts()).isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------ re-issue

    @Test
    void reissueIsRefusedWith409ByDefaultWhetherPendingOrLive() {
        String id = json(issue()).get("id").asText();
        HttpResponse<String> pending = issue();
        assertThat(pending.statusCode()).isEqualTo(409);
        assertThat(pending.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(json(pending).get("error").asText()).isEqualTo("pass_exists");
        assertThat(json(pending).get("message").asText()).contains("pending");
        confirm();
        HttpResponse<String> live = issue();
        assertThat(live.statusCode()).isEqualTo(409);
        assertThat(json(live).get("message").asText()).contains("issued");

        assertThat(civic.reissueAttempts()).isEqualTo(2);
        assertThat(civic.duplicateIssuances()).isZero();
        assertThat(civic.transactions(KEY)).isEqualTo(1);
        assertThat(events(retrieve())).containsExactly("TOKEN_ISSUED_INITIATED:sent", "TOKEN_ISSUED:confirmed");
        assertThat(retrieve().get("id").asText()).isEqualTo(id);
    }

    @Test
    void reissueAsNoOpAnswersTheExistingPassUnchanged() {
        civic.reissueBehaviour(ReissueBehaviour.NO_OP);
        String id = json(issue()).get("id").asText();
        HttpResponse<String> again = issue();
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again).get("id").asText()).isEqualTo(id);
        assertThat(events(json(again))).containsExactly("TOKEN_ISSUED_INITIATED:sent");
        assertThat(civic.reissueAttempts()).isEqualTo(1);
        assertThat(civic.duplicateIssuances()).isZero();
        assertThat(civic.transactions(KEY)).isEqualTo(1);
    }

    @Test
    void reissueAsDuplicateIsASecondIssuance() {
        civic.reissueBehaviour(ReissueBehaviour.DUPLICATE);
        issue();
        confirm();
        assertThat(patch("{\"state\":\"FROZEN\"}").statusCode()).isEqualTo(200);
        confirm();
        HttpResponse<String> again = issue();
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(events(json(again))).endsWith("TOKEN_ISSUED_INITIATED:sent");
        assertThat(json(again).get("state").asText()).as("an issuance aims at ACTIVE").isEqualTo("ACTIVE");
        confirm();
        JsonNode pass = retrieve();
        assertThat(events(pass)).containsExactly("TOKEN_ISSUED_INITIATED:sent", "TOKEN_ISSUED:confirmed",
                "TOKEN_FROZEN_INITIATED:sent", "TOKEN_FROZEN:confirmed",
                "TOKEN_ISSUED_INITIATED:sent", "TOKEN_ISSUED:confirmed");
        assertThat(pass.get("onChainState").asText()).isEqualTo("ACTIVE");
        assertThat(civic.duplicateIssuances()).isEqualTo(1);
        assertThat(civic.reissueAttempts()).isEqualTo(1);
        assertThat(civic.transactions(KEY)).isEqualTo(3);
        assertThat(civic.passes()).hasSize(1);
    }

    @Test
    void issuingAfterRevokeStaysRefusedWith400WhateverTheSwitch() {
        issue();
        confirm();
        http.api("DELETE", PASS, null, token);
        for (ReissueBehaviour behaviour : ReissueBehaviour.values()) {
            civic.reissueBehaviour(behaviour);
            HttpResponse<String> refused = issue();
            assertThat(refused.statusCode()).as(behaviour.name()).isEqualTo(400);
            assertThat(json(refused).get("message").asText()).contains("revoked");
        }
        assertThat(civic.reissueAttempts()).isZero();
        assertThat(civic.duplicateIssuances()).isZero();
    }

    // ------------------------------------------------------------------ transactions and repeated updates

    @Test
    void eachChainActionCountsAsATransactionAndARepeatedFreezeCostsOneMore() {
        issue();
        confirm();
        patch("{\"state\":\"FROZEN\"}");
        confirm();
        assertThat(civic.transactions(KEY)).isEqualTo(2);
        assertThat(patch("{\"state\":\"FROZEN\"}").statusCode()).isEqualTo(200);
        assertThat(civic.transactions(KEY)).as("a repeated freeze is a new transaction by default").isEqualTo(3);
        confirm();
        patch("{\"state\":\"ACTIVE\"}");
        long expiry = civic.clock().instant().getEpochSecond() + 60;
        patch("{\"expiryTimestamp\":" + expiry + "}");
        patch("{\"expiryTimestamp\":" + expiry + "}");
        confirm();
        http.api("DELETE", PASS, null, token);
        http.api("DELETE", PASS, null, token); // revoking a revoked pass changes nothing
        confirm();
        assertThat(civic.transactions(KEY)).as("issue, 2 freezes, unfreeze, 2 expiry changes, revoke").isEqualTo(7);
        assertThat(events(retrieve())).filteredOn(e -> e.startsWith("TOKEN_FROZEN")).containsExactly(
                "TOKEN_FROZEN_INITIATED:sent", "TOKEN_FROZEN:confirmed",
                "TOKEN_FROZEN_INITIATED:sent", "TOKEN_FROZEN:confirmed");
        assertThat(civic.transactions(PassKey.of(ChainNetwork.SEPOLIA, "0x0000000000000000000000000000000000000001")))
                .isZero();
    }

    @Test
    void seededHistoryIsNoTransactionOfTheClient() {
        civic.seedPass(KEY, PassState.FROZEN);
        assertThat(civic.transactions(KEY)).isZero();
        patch("{\"state\":\"ACTIVE\"}");
        assertThat(civic.transactions(KEY)).isEqualTo(1);
    }

    @Test
    void transactionsOfAnotherClientsPass() {
        civic.registerClient("other", "other-secret", GatekeeperNetwork.of(OWN_NETWORK));
        http.api("POST", "/pass/ethereum/sepolia", "{\"walletAddress\":\"" + WALLET + "\"}",
                http.token("other", "other-secret"));
        assertThat(civic.transactions("other", KEY)).isEqualTo(1);
        assertThat(civic.transactions(RawHttp.SANDBOX_ID, KEY)).isZero();
        assertThat(civic.transactions(KEY)).as("any client's when the default client has none").isEqualTo(1);
    }

    @Test
    void repeatedUpdateAsNoOpChangesNothing() {
        civic.repeatedUpdateBehaviour(RepeatedUpdateBehaviour.NO_OP);
        issue();
        confirm();
        patch("{\"state\":\"FROZEN\"}");
        assertThat(patch("{\"state\":\"FROZEN\"}").statusCode()).as("same as the pending intent").isEqualTo(200);
        confirm();
        assertThat(patch("{\"state\":\"FROZEN\"}").statusCode()).isEqualTo(200);
        long expiry = civic.clock().instant().getEpochSecond() + 60;
        patch("{\"expiryTimestamp\":" + expiry + "}");
        assertThat(patch("{\"expiryTimestamp\":" + expiry + "}").statusCode()).isEqualTo(200);
        assertThat(civic.transactions(KEY)).isEqualTo(3);
        patch("{\"expiryTimestamp\":" + (expiry + 1) + "}");
        assertThat(civic.transactions(KEY)).as("a different expiry is a change").isEqualTo(4);
        confirm();
        assertThat(events(retrieve())).filteredOn(e -> e.startsWith("TOKEN_FROZEN_INITIATED")).hasSize(1);
    }

    // ------------------------------------------------------------------ failed transactions

    @Test
    void failedFreezeKeepsTheChainAsItWasAndCanBeAskedForAgain() {
        issue();
        confirm();
        civic.failNextConfirmation(KEY);
        patch("{\"state\":\"FROZEN\"}");
        JsonNode pending = retrieve();
        assertThat(pending.get("state").asText()).isEqualTo("FROZEN");
        assertThat(pending.get("onChainState").asText()).isEqualTo("ACTIVE");
        confirm();
        JsonNode failed = retrieve();
        assertThat(events(failed)).endsWith("TOKEN_FROZEN_INITIATED:sent", "TOKEN_FROZEN:failed");
        JsonNode last = failed.get("events").get(failed.get("events").size() - 1);
        assertThat(last.at("/transaction/identifier").asText())
                .isEqualTo(failed.get("events").get(2).at("/transaction/identifier").asText());
        assertThat(failed.get("onChainState").asText()).isEqualTo("ACTIVE");
        assertThat(failed.get("state").asText()).as("back to what the chain shows").isEqualTo("ACTIVE");
        assertThat(civic.pass(KEY)).hasValueSatisfying(pass -> assertThat(pass.latestEvent()).hasValueSatisfying(
                event -> assertThat(event.transaction().status()).isEqualTo(io.civicpass.model.TransactionStatus.FAILED)));

        patch("{\"state\":\"FROZEN\"}");
        confirm();
        assertThat(retrieve().get("onChainState").asText()).isEqualTo("FROZEN");
        assertThat(events(retrieve())).endsWith("TOKEN_FROZEN:confirmed");
        assertThat(civic.transactions(KEY)).isEqualTo(3);
    }

    @Test
    void failureArmedWhileAnActionIsPendingFailsThatAction() {
        issue();
        confirm();
        patch("{\"state\":\"FROZEN\"}");
        civic.failNextConfirmation(KEY);
        confirm();
        assertThat(events(retrieve())).endsWith("TOKEN_FROZEN:failed");
        patch("{\"state\":\"FROZEN\"}");
        confirm();
        assertThat(events(retrieve())).as("one failure per call").endsWith("TOKEN_FROZEN:confirmed");
    }

    @Test
    void failedExpiryChangeLeavesTheExpiry() {
        issue();
        confirm();
        long first = civic.clock().instant().getEpochSecond() + 60;
        patch("{\"expiryTimestamp\":" + first + "}");
        confirm();
        civic.failNextConfirmation(KEY);
        patch("{\"expiryTimestamp\":" + (first + 100) + "}");
        assertThat(civic.expiry(KEY)).as("while pending").contains(Instant.ofEpochSecond(first + 100));
        confirm();
        assertThat(civic.expiry(KEY)).contains(Instant.ofEpochSecond(first));
        assertThat(events(retrieve())).endsWith("TOKEN_EXPIRY_CHANGED:failed");
    }

    @Test
    void failedRevokeLeavesThePassLiveAndRevocable() {
        issue();
        confirm();
        civic.failNextConfirmation(KEY);
        http.api("DELETE", PASS, null, token);
        confirm();
        JsonNode failed = retrieve();
        assertThat(failed.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(failed.get("onChainState").asText()).isEqualTo("ACTIVE");
        assertThat(events(failed)).endsWith("TOKEN_REVOKED:failed");
        http.api("DELETE", PASS, null, token);
        confirm();
        assertThat(retrieve().get("onChainState").asText()).isEqualTo("REVOKED");
    }

    @Test
    void failedIssuanceShowsAsRequestedAndCanBeTriedAgain() {
        civic.failNextConfirmation(KEY);
        assertThat(issue().statusCode()).isEqualTo(202);
        assertThat(http.api("GET", PASS, null, token).statusCode()).as("hidden while pending").isEqualTo(404);
        confirm();
        JsonNode failed = retrieve();
        assertThat(events(failed)).containsExactly("TOKEN_ISSUED_INITIATED:sent", "TOKEN_ISSUED:failed");
        assertThat(failed.get("state").asText()).isEqualTo("REQUESTED");
        assertThat(failed.get("onChainState").asText()).isEqualTo("FROZEN");
        assertThat(json(http.api("POST", "/pass", "{}", token)).get("records")).hasSize(1);
        HttpResponse<String> update = patch("{\"state\":\"FROZEN\"}");
        assertThat(update.statusCode()).isEqualTo(400);
        assertThat(json(update).get("message").asText()).contains("failed");

        HttpResponse<String> retry = issue();
        assertThat(retry.statusCode()).as("a new try, not a re-issue").isEqualTo(202);
        assertThat(json(retry).get("id").asText()).isEqualTo(failed.get("id").asText());
        confirm();
        JsonNode issued = retrieve();
        assertThat(issued.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(issued.get("onChainState").asText()).isEqualTo("ACTIVE");
        assertThat(events(issued)).endsWith("TOKEN_ISSUED:confirmed");
        assertThat(civic.reissueAttempts()).isZero();
        assertThat(civic.transactions(KEY)).isEqualTo(2);
    }

    @Test
    void resetDisarmsFailuresAndClearsCounts() {
        civic.reissueBehaviour(ReissueBehaviour.DUPLICATE);
        issue();
        issue();
        civic.failNextConfirmation(PassKey.of(ChainNetwork.SEPOLIA, "0x0000000000000000000000000000000000000002"));
        civic.failNextConfirmation(KEY);
        assertThat(civic.duplicateIssuances()).isEqualTo(1);
        civic.reset();
        assertThat(civic.duplicateIssuances()).isZero();
        assertThat(civic.reissueAttempts()).isZero();
        token = http.token();
        issue();
        confirm();
        assertThat(events(retrieve())).containsExactly("TOKEN_ISSUED_INITIATED:sent", "TOKEN_ISSUED:confirmed");
        assertThat(issue().statusCode()).as("REFUSE is back").isEqualTo(409);
    }

    // ------------------------------------------------------------------ PII

    @Test
    void piiIsReadOnceByDefaultWhileEvidenceAndDecisionStillWork() {
        String unknown = http.api("GET", "/piirequest/read-once", null, token).body();
        String id = civic.seedPii(PiiSeed.idDocument().id("read-once"));
        assertThat(http.api("GET", "/piirequest/" + id, null, token).statusCode()).isEqualTo(200);
        HttpResponse<String> again = http.api("GET", "/piirequest/" + id, null, token);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).as("exactly as for a request that is gone").isEqualTo(unknown);
        assertThat(http.apiBytes("/piirequest/" + id + "/evidence/idDocumentFront", token).statusCode()).isEqualTo(200);
        assertThat(http.api("PUT", "/piirequest/" + id + "/status", "{\"status\":\"partner-pass\"}", token)
                .statusCode()).isEqualTo(200);
        assertThat(civic.piiStatus(id)).isEqualTo(PiiStatus.PARTNER_PASS);
    }

    @Test
    void aReadBeforeVerificationHandsOutNothingSoDoesNotCount() {
        String id = civic.seedPii(PiiSeed.idDocument().status(PiiStatus.AWAITING_USER));
        assertThat(http.api("GET", "/piirequest/" + id, null, token).statusCode()).isEqualTo(200);
        assertThat(http.api("GET", "/piirequest/" + id, null, token).statusCode()).isEqualTo(200);
    }

    @Test
    void piiCanBeReadAgainWhenReadOnceIsOff() {
        civic.piiReadOnce(false);
        String id = civic.seedPii(PiiSeed.idDocument());
        for (int i = 0; i < 3; i++) {
            assertThat(http.api("GET", "/piirequest/" + id, null, token).statusCode()).isEqualTo(200);
        }
        civic.piiReadOnce(true);
        assertThat(http.api("GET", "/piirequest/" + id, null, token).statusCode()).as("it was retrieved").isEqualTo(404);
    }

    // ------------------------------------------------------------------ scopes

    @Test
    void defaultClientsHaveEveryDocumentedScope() {
        JsonNode body = json(http.basicToken(RawHttp.SANDBOX_ID, RawHttp.SANDBOX_SECRET, "grant_type=client_credentials"));
        assertThat(body.get("scope").asText()).isEqualTo(String.join(" ", FakeCivic.ALL_SCOPES));
        civic.registerClient("full", "full-secret", GatekeeperNetwork.SANDBOX);
        assertThat(json(http.basicToken("full", "full-secret", "grant_type=client_credentials")).get("scope").asText())
                .isEqualTo(String.join(" ", FakeCivic.ALL_SCOPES));
    }

    @Test
    void aClientWithFewerScopesIsRefused403OutsideThem() {
        civic.registerClient("reader", "reader-secret", GatekeeperNetwork.SANDBOX, "search:pass", "get:pii");
        JsonNode granted = json(http.basicToken("reader", "reader-secret", "grant_type=client_credentials"));
        assertThat(granted.get("scope").asText()).isEqualTo("search:pass get:pii");
        String reader = granted.get("access_token").asText();
        String pii = civic.seedPii(PiiSeed.idDocument().forClient("reader"));

        assertThat(http.api("POST", "/pass", "{}", reader).statusCode()).isEqualTo(200);
        assertThat(http.api("GET", PASS, null, reader).statusCode()).isEqualTo(404);
        assertThat(http.apiBytes("/piirequest/" + pii + "/evidence/idDocumentFront", reader).statusCode()).isEqualTo(200);
        assertThat(http.api("GET", "/piirequest/" + pii, null, reader).statusCode()).isEqualTo(200);

        HttpResponse<String> issue = http.api("POST", "/pass/ethereum/sepolia", "{\"walletAddress\":\"" + WALLET + "\"}",
                reader);
        assertThat(issue.statusCode()).isEqualTo(403);
        assertThat(json(issue).get("error").asText()).isEqualTo("insufficient_scope");
        assertThat(json(issue).get("message").asText()).contains("issue:pass");
        assertThat(issue.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).contains("insufficient_scope"));
        HttpResponse<String> update = http.api("PATCH", PASS, "{\"state\":\"FROZEN\"}", reader);
        assertThat(update.statusCode()).isEqualTo(403);
        assertThat(json(update).get("message").asText()).contains("update:pass");
        assertThat(http.api("DELETE", PASS, null, reader).statusCode()).isEqualTo(403);
        HttpResponse<String> decide = http.api("PUT", "/piirequest/" + pii + "/status", "{\"status\":\"partner-pass\"}",
                reader);
        assertThat(decide.statusCode()).isEqualTo(403);
        assertThat(json(decide).get("message").asText()).contains("put:piirequest");
        assertThat(civic.passes()).isEmpty();
        assertThat(civic.piiStatus(pii)).isEqualTo(PiiStatus.VERIFICATION_SUCCESS);
    }

    @Test
    void eachOperationNeedsItsScope() {
        civic.registerClient("issuer", "issuer-secret", GatekeeperNetwork.SANDBOX, "issue:pass");
        civic.registerClient("decider", "decider-secret", GatekeeperNetwork.SANDBOX, "put:piirequest");
        civic.registerClient("nothing", "nothing-secret", GatekeeperNetwork.SANDBOX, new String[0]);
        String issuer = http.token("issuer", "issuer-secret");
        String decider = http.token("decider", "decider-secret");
        String nothing = http.token("nothing", "nothing-secret");
        assertThat(http.api("POST", "/pass/ethereum/sepolia", "{\"walletAddress\":\"" + WALLET + "\"}", issuer)
                .statusCode()).isEqualTo(202);
        assertThat(http.api("POST", "/pass", "{}", issuer).statusCode()).isEqualTo(403);
        assertThat(http.api("GET", PASS, null, issuer).statusCode()).isEqualTo(403);
        String pii = civic.seedPii(PiiSeed.emailOnly());
        assertThat(http.api("GET", "/piirequest/" + pii, null, decider).statusCode()).isEqualTo(403);
        assertThat(http.apiBytes("/piirequest/" + pii + "/evidence/idDocumentFront", decider).statusCode()).isEqualTo(403);
        assertThat(http.api("PUT", "/piirequest/" + pii + "/status", "{\"status\":\"partner-fail\"}", decider)
                .statusCode()).isEqualTo(200);
        assertThat(json(http.basicToken("nothing", "nothing-secret", "grant_type=client_credentials"))
                .get("scope").asText()).isEmpty();
        assertThat(http.api("POST", "/pass", "{}", nothing).statusCode()).isEqualTo(403);
        assertThat(http.api("GET", "/nowhere", null, nothing).statusCode()).as("no operation, no scope").isEqualTo(404);
        assertThatThrownBy(() -> civic.registerClient("typo", "typo-secret", GatekeeperNetwork.SANDBOX, "issue:passes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issue:passes");
    }

    // ------------------------------------------------------------------ token endpoint errors

    @Test
    void everyTokenEndpointErrorHasTheOAuthShape() {
        List<HttpResponse<String>> refusals = new ArrayList<>();
        refusals.add(http.send(HttpRequest.newBuilder(civic.tokenUrl()).GET().build()));
        refusals.add(http.send(HttpRequest.newBuilder(civic.tokenUrl()).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build()));
        refusals.add(http.basicToken(RawHttp.SANDBOX_ID, RawHttp.SANDBOX_SECRET, ""));
        refusals.add(http.basicToken(RawHttp.SANDBOX_ID, RawHttp.SANDBOX_SECRET, "grant_type=password"));
        refusals.add(http.basicToken(RawHttp.SANDBOX_ID, "wrong", "grant_type=client_credentials"));
        refusals.add(http.jsonToken("{not json"));
        refusals.add(http.jsonToken("[]"));
        refusals.add(http.jsonToken("{\"client_id\":\"" + RawHttp.SANDBOX_ID + "\",\"client_secret\":\""
                + RawHttp.SANDBOX_SECRET + "\",\"audience\":\"https://elsewhere.example.com\","
                + "\"grant_type\":\"client_credentials\"}"));
        civic.inject(Fault.status(503), RequestMatcher.tokenRequests(), 1);
        refusals.add(http.basicToken(RawHttp.SANDBOX_ID, RawHttp.SANDBOX_SECRET, "grant_type=client_credentials"));
        civic.inject(Fault.status(429).withRetryAfter("1"), RequestMatcher.tokenRequests(), 1);
        refusals.add(http.basicToken(RawHttp.SANDBOX_ID, RawHttp.SANDBOX_SECRET, "grant_type=client_credentials"));

        assertThat(refusals).extracting(HttpResponse::statusCode)
                .containsExactly(405, 400, 400, 400, 401, 400, 400, 403, 503, 429);
        for (HttpResponse<String> refusal : refusals) {
            JsonNode body = json(refusal);
            assertThat(body.get("error").isTextual()).as(refusal.body()).isTrue();
            assertThat(body.get("error_description").isTextual()).as(refusal.body()).isTrue();
            assertThat(body.has("message")).as(refusal.body()).isFalse();
        }
    }

    // ------------------------------------------------------------------ secrets in errors

    @Test
    void errorsEchoNoSecretsByDefault() {
        HttpResponse<String> wrong = http.basicToken(RawHttp.SANDBOX_ID, "presented-secret", "grant_type=client_credentials");
        assertThat(json(wrong).get("error_description").asText()).isEqualTo("Unauthorized");
        assertThat(http.api("GET", PASS, null, token).body()).doesNotContain(token);
        String id = civic.seedPii(PiiSeed.idDocument().status(PiiStatus.AWAITING_USER));
        HttpResponse<String> conflict = http.api("PUT", "/piirequest/" + id + "/status", "{\"status\":\"partner-pass\"}",
                token);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).doesNotContain("Jane").doesNotContain("0123456789");
    }

    @Test
    void echoSecretsInErrorsPutsSecretsInErrorBodies() {
        civic.echoSecretsInErrors(true);
        HttpResponse<String> wrong = http.basicToken(RawHttp.SANDBOX_ID, "presented-secret", "grant_type=client_credentials");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("error_description").asText()).contains("presented-secret");
        HttpResponse<String> wrongJson = http.jsonToken("{\"client_id\":\"nobody\",\"client_secret\":\"json-secret\","
                + "\"grant_type\":\"client_credentials\"}");
        assertThat(json(wrongJson).get("error_description").asText()).contains("json-secret");

        assertThat(http.api("GET", PASS, null, token).body()).as("404").contains(token);
        assertThat(http.api("GET", "/pass/ethereum/sepolia/not-a-wallet", null, token).body()).as("400").contains(token);
        assertThat(http.api("PUT", PASS, "{}", token).body()).as("405").contains(token);
        assertThat(http.api("POST", "/pass", "{}", "made-up-token").body()).as("401").contains("made-up-token");
        civic.inject(Fault.status(429), RequestMatcher.apiRequests(), 1);
        HttpResponse<String> limited = http.api("POST", "/pass", "{}", token);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).contains(token);
        assertThat(http.api("POST", "/pass", "{}", token).body()).as("a success echoes nothing").doesNotContain(token);

        civic.registerClient("reader", "reader-secret", GatekeeperNetwork.SANDBOX, "search:pass");
        String reader = http.token("reader", "reader-secret");
        assertThat(http.api("POST", "/pass/ethereum/sepolia", "{\"walletAddress\":\"" + WALLET + "\"}", reader).body())
                .as("403").contains(reader);

        String id = civic.seedPii(PiiSeed.idDocument().status(PiiStatus.USER_CANCELLED));
        HttpResponse<String> conflict = http.api("PUT", "/piirequest/" + id + "/status", "{\"status\":\"partner-pass\"}",
                token);
        assertThat(conflict.statusCode()).isEqualTo(409);
        String message = json(conflict).get("message").asText();
        Object name = PiiSeed.idDocument().fields().get("name");
        Object documentNumber = PiiSeed.idDocument().fields().get("documentNumber");
        assertThat(name).isNotNull();
        assertThat(documentNumber).isNotNull();
        assertThat(message).contains(name.toString(), documentNumber.toString(), token);

        civic.reset();
        assertThat(json(http.basicToken(RawHttp.SANDBOX_ID, "presented-secret", "grant_type=client_credentials"))
                .get("error_description").asText()).as("off again after reset").isEqualTo("Unauthorized");
    }
}
