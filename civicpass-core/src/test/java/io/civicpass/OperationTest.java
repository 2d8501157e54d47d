package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.error.CivicTransportException;
import io.civicpass.error.InvalidResponseException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.model.AccessToken;
import io.civicpass.port.ApiCall;
import io.civicpass.spi.Headers;
import io.civicpass.spi.HttpMethod;
import io.civicpass.spi.HttpResponse;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.TokenRequestStyle;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class OperationTest {

    static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void describesEveryOperationAsTheContractDefinesIt() {
        assertThat(describe(call(Operation.get(KEY)))).isEqualTo("GET /pass/ethereum/sepolia/" + KEY.wallet() + " null");
        assertThat(describe(call(Operation.issue(KEY))))
                .isEqualTo("POST /pass/ethereum/sepolia {\"walletAddress\":\"" + KEY.wallet() + "\"}");
        assertThat(describe(call(Operation.update("freeze", KEY, PassUpdate.freeze(), NOW))))
                .isEqualTo("PATCH /pass/ethereum/sepolia/" + KEY.wallet() + " {\"state\":\"FROZEN\"}");
        assertThat(describe(call(Operation.revoke(KEY)))).isEqualTo("DELETE /pass/ethereum/sepolia/" + KEY.wallet() + " null");
        assertThat(describe(call(Operation.list(PassQuery.all())))).isEqualTo("POST /pass {\"limit\":20,\"skip\":0}");
        assertThat(describe(call(Operation.pii("req-1")))).isEqualTo("GET /piirequest/req-1 null");
        assertThat(describe(call(Operation.decide("req-1", PiiDecision.APPROVE))))
                .isEqualTo("PUT /piirequest/req-1/status {\"status\":\"partner-pass\"}");
        assertThat(describe(call(Operation.evidenceAt("/piirequest/req-1/evidence/selfie"))))
                .isEqualTo("GET /piirequest/req-1/evidence/selfie null");
        assertThat(call(Operation.issue(KEY)).contentType()).isEqualTo("application/json");
        assertThat(call(Operation.revoke(KEY)).contentType()).isNull();
    }

    @Test
    void namesTemplatesAndRepeatRulesHoldNoWalletOrId() {
        assertThat(call(Operation.update("unfreeze", KEY, PassUpdate.unfreeze(), NOW)).name()).isEqualTo("unfreeze");
        assertThat(call(Operation.get(KEY)).pathTemplate()).isEqualTo("/pass/{chain}/{chainNetwork}/{wallet}");
        assertThat(call(Operation.pii("req-1")).pathTemplate()).doesNotContain("req-1");
        assertThat(call(Operation.issue(KEY)).repeat()).isEqualTo(ApiCall.Repeat.AT_MOST_ONCE);
        assertThat(call(Operation.update("freeze", KEY, PassUpdate.freeze(), NOW)).repeat()).isEqualTo(ApiCall.Repeat.IDEMPOTENT);
        assertThat(call(Operation.list(PassQuery.all())).repeat()).isEqualTo(ApiCall.Repeat.SAFE);
        assertThat(call(Operation.pii("req-1")).sensitive()).isTrue();
        assertThat(call(Operation.get(KEY)).toString()).doesNotContain(KEY.wallet().value());
    }

    @Test
    void readsSuccessAndMapsFailure() {
        byte[] pass = CivicJsonTest.utf8(CivicJsonTest.SPEC_PASS);
        assertThat(call(Operation.get(KEY)).read(response(200, pass), NOW).id()).isEqualTo("63fdf96c58f1ae40a26a89be");
        Page<Pass> page = call(Operation.list(PassQuery.all().withLimit(1)))
                .read(response(200, CivicJsonTest.utf8("{\"records\":[" + CivicJsonTest.SPEC_PASS + "]}")), NOW);
        assertThat(page.hasNext()).isTrue();
        assertThat(call(Operation.revoke(KEY)).read(response(200, new byte[0]), NOW)).isNull();
        Evidence evidence = call(Operation.evidenceAt("/piirequest/r/evidence/x")).read(HttpResponse.of(200,
                Headers.builder().add("content-type", "image/png").build(), new byte[] {1, 2}), NOW);
        assertThat(evidence.contentType()).isEqualTo("image/png");
        assertThatThrownBy(() -> call(Operation.get(KEY)).read(response(404, new byte[0]), NOW))
                .isInstanceOf(PassNotFoundException.class).hasMessageContaining("GET /pass/ethereum/sepolia/");
        assertThatThrownBy(() -> call(Operation.get(KEY)).read(response(200, "{".getBytes(StandardCharsets.UTF_8)), NOW))
                .isInstanceOf(InvalidResponseException.class);
        assertThat(CivicErrors.transportFailure(HttpMethod.POST, "/pass/ethereum/sepolia", new SocketException("Connection reset")))
                .isInstanceOf(CivicTransportException.class).hasMessageStartingWith("POST /pass/ethereum/sepolia failed");
    }

    @Test
    void tokenRequestsReadTheirResponseAndWithholdItWhenUnusable() {
        TokenRequest request = TokenRequest.of(java.net.URI.create("https://auth.example.com/oauth/token"),
                new io.civicpass.model.ClientCredentials("id", "secret-value"), TokenRequestStyle.BASIC_FORM, null);
        AccessToken token = request.read(response(200,
                CivicJsonTest.utf8("{\"access_token\":\"eyJ.a.b\",\"expires_in\":60}")), NOW);
        assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(60));
        assertThatThrownBy(() -> request.read(response(200, CivicJsonTest.utf8("{\"access_token\":\"eyJ.a.b\"")), NOW))
                .isInstanceOf(InvalidResponseException.class).hasMessageNotContaining("eyJ.a.b");
        assertThat(request.toString()).doesNotContain("secret-value");
    }

    /** The exchange a call's plan makes, typed as its result (every plan here but a {@code find}'s). */
    @SuppressWarnings("unchecked")
    static <T> ApiCall<T> call(CallPlan<T> plan) {
        return (ApiCall<T>) plan.call;
    }

    @Test
    void eachOperationCarriesItsReconcilePolicyAndTheChangeItReports() {
        assertThat(Operation.ISSUE.reconcile()).isEqualTo(Operation.Reconcile.LOOK_UP_INSTEAD);
        assertThat(Operation.REVOKE.reconcile()).isEqualTo(Operation.Reconcile.LOOK_UP_BEFORE_REPEATING);
        assertThat(Operation.UPDATE.reconcile()).isEqualTo(Operation.Reconcile.NONE);
        assertThat(Operation.ISSUE.refusalMayMeanDone()).isTrue();
        assertThat(Operation.REVOKE.refusalMayMeanDone()).isFalse();
        assertThat(Operation.issue(KEY).change()).isEqualTo(new PassChange(KEY, PassChange.Kind.ISSUED, null));
        assertThat(Operation.update("freeze", KEY, PassUpdate.freeze(), NOW).change())
                .isEqualTo(new PassChange(KEY, PassChange.Kind.UPDATED, PassUpdate.freeze()));
        assertThat(Operation.revoke(KEY).change().kind()).isEqualTo(PassChange.Kind.REVOKED);
        assertThat(Operation.get(KEY).change()).isNull();
        assertThat(Operation.pii("req-1").change()).isNull();
    }

    static HttpResponse response(int status, byte[] body) {
        return HttpResponse.of(status, Headers.empty(), body);
    }

    private static String describe(ApiCall<?> call) {
        byte[] body = call.body();
        return call.method() + " " + call.path() + " " + (body == null ? "null" : new String(body, StandardCharsets.UTF_8));
    }
}
