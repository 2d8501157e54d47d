package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.model.PiiStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The fake's value types and controls, without any client. */
class ControlsTest {

    private static RecordedRequest request(String method, String path) {
        return new RecordedRequest(method, path, Map.of(), null);
    }

    @Test
    void aNullControlInputThrowsNullPointerExceptionNamingTheParameter() {
        assertThatThrownBy(() -> RequestMatcher.of(null, "/x"))
                .isInstanceOf(NullPointerException.class).hasMessage("method == null");
        assertThatThrownBy(() -> FakeCivic.builder().clock(null))
                .isInstanceOf(NullPointerException.class).hasMessage("clock == null");
        try (FakeCivic fake = FakeCivic.start()) {
            assertThatThrownBy(() -> fake.inject(null, RequestMatcher.any()))
                    .isInstanceOf(NullPointerException.class).hasMessage("fault == null");
            assertThatThrownBy(() -> fake.pass(null))
                    .isInstanceOf(NullPointerException.class).hasMessage("key == null");
        }
    }

    @Test
    void globMatchesSegmentsAndSubtrees() {
        RequestMatcher passes = RequestMatcher.of("*", "/partner/pass/**");
        assertThat(passes.test(request("GET", "/partner/pass"))).isTrue();
        assertThat(passes.test(request("GET", "/partner/pass/ethereum/sepolia/0xabc"))).isTrue();
        assertThat(passes.test(request("GET", "/partner/passes"))).isFalse();
        assertThat(passes.test(request("GET", "/partner/piirequest/x"))).isFalse();

        RequestMatcher issue = RequestMatcher.of("post", "/partner/pass/*/*");
        assertThat(issue.test(request("POST", "/partner/pass/ethereum/sepolia"))).isTrue();
        assertThat(issue.test(request("POST", "/partner/pass/ethereum/sepolia/0xabc"))).isFalse();
        assertThat(issue.test(request("GET", "/partner/pass/ethereum/sepolia"))).isFalse();
        assertThat(RequestMatcher.of("GET", "/a.b").test(request("GET", "/aXb"))).isFalse();
    }

    @Test
    void predefinedMatchersSplitTokenAndApiRequests() {
        assertThat(RequestMatcher.tokenRequests().test(request("POST", "/oauth/token"))).isTrue();
        assertThat(RequestMatcher.tokenRequests().test(request("POST", "/partner/pass"))).isFalse();
        assertThat(RequestMatcher.apiRequests().test(request("POST", "/partner/pass"))).isTrue();
        assertThat(RequestMatcher.apiRequests().test(request("POST", "/oauth/token"))).isFalse();
        assertThat(RequestMatcher.any().test(request("DELETE", "/whatever"))).isTrue();
        RequestMatcher secondPage = RequestMatcher.apiRequests()
                .and(RequestMatcher.where("skip 2", r -> r.bodyText().contains("\"skip\":2")));
        assertThat(secondPage.test(new RecordedRequest("POST", "/partner/pass", Map.of(),
                "{\"skip\":2}".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(secondPage.test(request("POST", "/partner/pass"))).isFalse();
        assertThat(secondPage.toString()).contains("skip 2");
    }

    @Test
    void recordedRequestIsImmutableAndCaseInsensitive() {
        byte[] body = "secret-body".getBytes(StandardCharsets.UTF_8);
        RecordedRequest recorded = new RecordedRequest("POST", "/oauth/token",
                Map.of("Authorization", List.of("Basic abc")), body);
        body[0] = 'X';
        assertThat(recorded.bodyText()).isEqualTo("secret-body");
        recorded.body()[0] = 'Y';
        assertThat(recorded.bodyText()).isEqualTo("secret-body");
        assertThat(recorded.header("authorization")).contains("Basic abc");
        assertThat(recorded.header("X-Missing")).isEmpty();
        assertThatThrownBy(() -> recorded.headers().put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThat(recorded.toString()).doesNotContain("Basic abc").doesNotContain("secret-body");
        assertThat(recorded).isEqualTo(new RecordedRequest("POST", "/oauth/token",
                Map.of("authorization", List.of("Basic abc")), "secret-body".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void faultsValidateAndDescribeThemselves() {
        assertThatThrownBy(() -> Fault.status(42)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.htmlErrorPage(600)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.randomLatency(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.connectionReset().withRetryAfter("1")).isInstanceOf(IllegalStateException.class);
        assertThat(Fault.connectionReset().isAfterProcessing()).isFalse();
        assertThat(Fault.connectionReset().afterProcessing().isAfterProcessing()).isTrue();
        assertThat(Fault.truncatedBody().isAfterProcessing()).isTrue();
        assertThat(Fault.truncatedBody().beforeProcessing().isAfterProcessing()).isFalse();
        assertThat(Fault.status(429).withRetryAfter("3").toString()).contains("429", "Retry-After 3");
        Duration drawn = Fault.randomLatency(Duration.ofMillis(10), Duration.ofMillis(20)).drawDelay();
        assertThat(drawn).isBetween(Duration.ofMillis(10), Duration.ofMillis(20));
    }

    @Test
    void fakeClockAdvancesAndShares() {
        FakeClock clock = FakeClock.system();
        assertThat(clock.offset()).isZero();
        clock.advance(Duration.ofHours(2));
        assertThat(clock.instant()).isAfter(java.time.Instant.now().plus(Duration.ofMinutes(119)));
        java.time.Clock zoned = clock.withZone(ZoneId.of("Europe/London"));
        clock.advance(Duration.ofHours(1));
        assertThat(zoned.instant()).isAfter(java.time.Instant.now().plus(Duration.ofMinutes(179)));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        clock.resetOffset();
        assertThat(clock.offset()).isZero();
    }

    @Test
    void piiSeedIsImmutableAndHidesPersonalData() {
        PiiSeed base = PiiSeed.idDocument();
        PiiSeed changed = base.status(PiiStatus.AWAITING_USER).evidence("selfie", "image/png", new byte[] {1});
        assertThat(base.statusValue()).isEqualTo(PiiStatus.VERIFICATION_SUCCESS);
        assertThat(base.evidenceItems()).doesNotContainKey("selfie");
        assertThat(changed.evidenceItems()).containsKey("selfie");
        assertThat(base.toString()).doesNotContain("jane.doe@example.com").contains("email");
        assertThatThrownBy(() -> base.id("../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.evidence("self", "image/png", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThat(PiiSeed.custom("proofOfAge-v1", Map.of("over18", true)).fields()).containsEntry("over18", true);
    }

    @Test
    void seedingAndInspection() {
        try (FakeCivic civic = FakeCivic.start()) {
            PassKey key = PassKey.of(ChainNetwork.SEPOLIA, "0xea5ce8f9c81b681876dc713d33371c3e262a5888");
            assertThat(civic.seedPass(key, PassState.REVOKED).state()).isEqualTo(PassState.REVOKED);
            assertThat(civic.pass(key)).hasValueSatisfying(pass -> assertThat(pass.isSettled()).isTrue());
            assertThatThrownBy(() -> civic.seedPass(key, PassState.ACTIVE)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> civic.seedPass(PassKey.of(ChainNetwork.SEPOLIA,
                    "0x00000000000000000000000000000000000000aa"), PassState.REQUESTED))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> civic.seedPass("nobody", key, PassState.ACTIVE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> civic.piiStatus("unknown")).isInstanceOf(NoSuchElementException.class);
            assertThatThrownBy(() -> civic.inject(Fault.status(500), RequestMatcher.any(), 0))
                    .isInstanceOf(IllegalArgumentException.class);
            String id = civic.seedPii(PiiSeed.emailOnly());
            assertThatThrownBy(() -> civic.seedPii(PiiSeed.emailOnly().id(id))).isInstanceOf(IllegalStateException.class);
            assertThat(civic.toString()).contains(civic.apiUrl().toString());
        }
    }

    @Test
    void configPointsAtTheFakeWithSandboxCredentials() {
        try (FakeCivic civic = FakeCivic.start()) {
            io.civicpass.CivicPassConfig config = civic.config();
            assertThat(config.apiUrl()).isEqualTo(civic.apiUrl());
            assertThat(config.tokenUrl()).isEqualTo(civic.tokenUrl());
            assertThat(config.credentials()).isEqualTo(io.civicpass.CivicPassConfig.SANDBOX_CREDENTIALS);
            assertThat(config.retryPolicy().initialBackoff()).isLessThan(Duration.ofMillis(100));
            assertThat(civic.configBuilder().build().retryPolicy()).isEqualTo(io.civicpass.RetryPolicy.defaults());
        }
    }

    @Test
    void closeIsIdempotentAndFreesThePort() throws Exception {
        FakeCivic civic = FakeCivic.start();
        int port = civic.port();
        civic.close();
        civic.close();
        try (FakeCivic again = FakeCivic.builder().port(port).start()) {
            assertThat(again.port()).isEqualTo(port);
        }
        assertThatThrownBy(() -> FakeCivic.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
    }
}
