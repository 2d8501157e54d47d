package io.civicpass.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.error.CivicTransportException;
import io.civicpass.error.InvalidResponseException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.model.AccessToken;
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

class ApiCallTest {

    static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final Function<String, String> NO_HEADERS = name -> null;

    @Test
    void describesEveryOperationAsTheContractDefinesIt() {
        assertThat(describe(ApiCall.retrieve(KEY))).isEqualTo("GET /pass/ethereum/sepolia/" + KEY.wallet() + " null");
        assertThat(describe(ApiCall.issue(KEY)))
                .isEqualTo("POST /pass/ethereum/sepolia {\"walletAddress\":\"" + KEY.wallet() + "\"}");
        assertThat(describe(ApiCall.update(KEY, PassUpdate.freeze())))
                .isEqualTo("PATCH /pass/ethereum/sepolia/" + KEY.wallet() + " {\"state\":\"FROZEN\"}");
        assertThat(describe(ApiCall.revoke(KEY))).isEqualTo("DELETE /pass/ethereum/sepolia/" + KEY.wallet() + " null");
        assertThat(describe(ApiCall.list(PassQuery.all()))).isEqualTo("POST /pass {\"limit\":20,\"skip\":0}");
        assertThat(describe(ApiCall.pii("req-1"))).isEqualTo("GET /piirequest/req-1 null");
        assertThat(describe(ApiCall.decide("req-1", PiiDecision.APPROVE)))
                .isEqualTo("PUT /piirequest/req-1/status {\"status\":\"partner-pass\"}");
        assertThat(describe(ApiCall.download("/piirequest/req-1/evidence/selfie")))
                .isEqualTo("GET /piirequest/req-1/evidence/selfie null");
        assertThat(ApiCall.issue(KEY).contentType()).isEqualTo("application/json");
        assertThat(ApiCall.revoke(KEY).contentType()).isNull();
    }

    @Test
    void readsSuccessAndMapsFailure() {
        byte[] pass = CivicJsonTest.utf8(CivicJsonTest.SPEC_PASS);
        assertThat(ApiCall.retrieve(KEY).read(200, NO_HEADERS, pass, NOW).id()).isEqualTo("63fdf96c58f1ae40a26a89be");
        Page<Pass> page = ApiCall.list(PassQuery.all().withLimit(1))
                .read(200, NO_HEADERS, CivicJsonTest.utf8("{\"records\":[" + CivicJsonTest.SPEC_PASS + "]}"), NOW);
        assertThat(page.hasNext()).isTrue();
        assertThat(ApiCall.revoke(KEY).read(200, NO_HEADERS, new byte[0], NOW)).isNull();
        Evidence evidence = ApiCall.download("/piirequest/r/evidence/x")
                .read(200, Map.of("Content-Type", "image/png")::get, new byte[] {1, 2}, NOW);
        assertThat(evidence.contentType()).isEqualTo("image/png");
        assertThatThrownBy(() -> ApiCall.retrieve(KEY).read(404, NO_HEADERS, new byte[0], NOW))
                .isInstanceOf(PassNotFoundException.class).hasMessageContaining("GET /pass/ethereum/sepolia/");
        assertThatThrownBy(() -> ApiCall.retrieve(KEY).read(200, NO_HEADERS, "{".getBytes(StandardCharsets.UTF_8), NOW))
                .isInstanceOf(InvalidResponseException.class);
        assertThat(ApiCall.issue(KEY).failure(new SocketException("Connection reset")))
                .isInstanceOf(CivicTransportException.class).hasMessageStartingWith("POST /pass/ethereum/sepolia failed");
    }

    @Test
    void tokenRequestsReadTheirResponseAndWithholdItWhenUnusable() {
        TokenRequest request = TokenRequest.of(CivicPathsTest.context(TokenRequestStyle.BASIC_FORM));
        AccessToken token = request.read(200, NO_HEADERS,
                CivicJsonTest.utf8("{\"access_token\":\"eyJ.a.b\",\"expires_in\":60}"), NOW);
        assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(60));
        assertThatThrownBy(() -> request.read(200, NO_HEADERS, CivicJsonTest.utf8("{\"access_token\":\"eyJ.a.b\""), NOW))
                .isInstanceOf(InvalidResponseException.class).hasMessageNotContaining("eyJ.a.b");
    }

    @Test
    void gatewaysBuiltOnOneExchangeSendTheCallOfEachOperation() {
        List<String> sent = new ArrayList<>();
        ExchangeGateway sync = new ExchangeGateway() {
            @Override
            protected <T> T exchange(AccessToken token, ApiCall<T> call) {
                sent.add(call.method() + " " + call.path());
                return null;
            }
        };
        AsyncExchangeGateway async = new AsyncExchangeGateway() {
            @Override
            protected <T> CompletionStage<T> exchange(AccessToken token, ApiCall<T> call) {
                sent.add(call.method() + " " + call.path());
                return CompletableFuture.completedFuture(null);
            }
        };
        AccessToken token = new AccessToken("t", "Bearer", NOW, java.util.Set.of());
        sync.retrieve(token, KEY);
        sync.issue(token, KEY);
        sync.update(token, KEY, PassUpdate.unfreeze());
        sync.revoke(token, KEY);
        sync.list(token, PassQuery.all());
        sync.pii(token, "r");
        sync.decide(token, "r", PiiDecision.REJECT);
        sync.download(token, "/piirequest/r/evidence/x");
        async.retrieve(token, KEY);
        async.issue(token, KEY);
        async.update(token, KEY, PassUpdate.unfreeze());
        async.revoke(token, KEY);
        async.list(token, PassQuery.all());
        async.pii(token, "r");
        async.decide(token, "r", PiiDecision.REJECT);
        async.download(token, "/piirequest/r/evidence/x");
        String pass = "/pass/ethereum/sepolia/" + KEY.wallet();
        List<String> expected = List.of("GET " + pass, "POST /pass/ethereum/sepolia", "PATCH " + pass, "DELETE " + pass,
                "POST /pass", "GET /piirequest/r", "PUT /piirequest/r/status", "GET /piirequest/r/evidence/x");
        assertThat(sent.subList(0, 8)).isEqualTo(expected);
        assertThat(sent.subList(8, 16)).isEqualTo(expected);
    }

    private static String describe(ApiCall<?> call) {
        byte[] body = call.body();
        return call.method() + " " + call.path() + " " + (body == null ? "null" : new String(body, StandardCharsets.UTF_8));
    }
}
