package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.error.ConfirmationTimeoutException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.error.ServerException;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiLink;
import io.civicpass.model.PiiStatus;
import io.civicpass.model.WalletAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CivicPassClientTest {

    static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");
    static final CivicPassConfig CONFIG = CivicPassConfig.builder()
            .credentials("client-id", "client-secret-value")
            .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build())
            .build();

    final HandWrittenTransport transport = new HandWrittenTransport();
    final CivicPassClient client = CivicPassClient.builder().config(CONFIG).transport(transport).build();
    final CivicPassAsyncClient async = client.async();

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void runsTheWholePassLifecycleThroughAHandWrittenTransport() {
        assertThat(client.find(KEY)).isEmpty();
        Pass issued = client.issue(KEY);
        assertThat(issued.isSettled()).isFalse();
        assertThat(client.get(KEY).isSettled()).isTrue();
        client.freeze(KEY);
        assertThat(client.get(KEY).state()).isEqualTo(PassState.FROZEN);
        client.unfreeze(KEY);
        assertThat(client.get(KEY).state()).isEqualTo(PassState.ACTIVE);
        client.expireAt(KEY, Instant.now().plusSeconds(3600));
        client.forceRefresh(KEY);
        client.revoke(KEY);
        assertThat(client.get(KEY).state()).isEqualTo(PassState.REVOKED);
        assertThat(transport.calls).containsExactly(
                "retrieve " + KEY, "issue " + KEY, "retrieve " + KEY, "update " + KEY + " FROZEN null", "retrieve " + KEY,
                "update " + KEY + " ACTIVE null", "retrieve " + KEY,
                transport.calls.get(7), transport.calls.get(8), "revoke " + KEY, "retrieve " + KEY);
        assertThat(transport.calls.get(7)).startsWith("update " + KEY + " null ");
        assertThat(transport.tokenRequests).as("one token for every call").hasValue(1);
    }

    @Test
    void forceRefreshSetsTheExpiryAFewSecondsAhead() {
        client.issue(KEY);
        Instant before = Instant.now();
        client.forceRefresh(KEY);
        String call = transport.calls.get(transport.calls.size() - 1);
        Instant expiry = Instant.parse(call.substring(call.lastIndexOf(' ') + 1));
        assertThat(expiry).isAfter(before.plus(CivicPassClient.FORCE_REFRESH_LEAD))
                .isBefore(before.plus(CivicPassClient.FORCE_REFRESH_LEAD).plusSeconds(3));
    }

    @Test
    void runsEveryOperationThroughTheAsyncFace() throws Exception {
        assertThat(async.find(KEY).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(async.issue(KEY).toCompletableFuture().get(5, TimeUnit.SECONDS).walletAddress())
                .isEqualTo(KEY.wallet().value());
        async.freeze(KEY).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(async.get(KEY).toCompletableFuture().get(5, TimeUnit.SECONDS).state()).isEqualTo(PassState.FROZEN);
        async.unfreeze(KEY).toCompletableFuture().get(5, TimeUnit.SECONDS);
        async.expireAt(KEY, Instant.now().plusSeconds(60)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        async.forceRefresh(KEY).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(async.list(PassQuery.all()).toCompletableFuture().get(5, TimeUnit.SECONDS).items()).hasSize(1);
        async.revoke(KEY).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(transport.passes.get(HandWrittenTransport.keyOf(KEY)).get("state").asText()).isEqualTo("REVOKED");
        transport.seedPii("req-1");
        assertThat(async.pii("req-1").toCompletableFuture().get(5, TimeUnit.SECONDS).status())
                .isEqualTo(PiiStatus.VERIFICATION_SUCCESS);
        assertThat(async.evidence("req-1", "idDocumentFront").toCompletableFuture().get(5, TimeUnit.SECONDS).size()).isPositive();
        async.approvePii("req-1").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(transport.pii.get("req-1").get("status").asText()).isEqualTo(PiiStatus.PARTNER_PASS.value());
        async.rejectPii("req-1").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(transport.pii.get("req-1").get("status").asText()).isEqualTo(PiiStatus.PARTNER_FAIL.value());
        assertThatThrownBy(() -> async.get(PassKey.of(ChainNetwork.SOLANA_DEVNET, "4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ"))
                .toCompletableFuture().get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(PassNotFoundException.class);
    }

    @Test
    void reviewsPiiRequests() {
        transport.seedPii("9a7a77af-a58e-4e54-83c9-5daa96ccbf11");
        assertThat(client.pii("9a7a77af-a58e-4e54-83c9-5daa96ccbf11").verifiedInformation().email()).contains("user@example.com");
        client.approvePii("9a7a77af-a58e-4e54-83c9-5daa96ccbf11");
        assertThat(transport.pii.get("9a7a77af-a58e-4e54-83c9-5daa96ccbf11").get("status").asText())
                .isEqualTo(PiiStatus.PARTNER_PASS.value());
        client.rejectPii("9a7a77af-a58e-4e54-83c9-5daa96ccbf11");
        assertThat(transport.calls).contains("decide 9a7a77af-a58e-4e54-83c9-5daa96ccbf11 REJECT");
        assertThatThrownBy(() -> client.pii("unknown-id")).isInstanceOf(io.civicpass.error.PiiRequestNotFoundException.class);
    }

    @Test
    void downloadsEvidenceByNameAndByLinkUnderTheApiBase() {
        transport.seedPii("req-7");
        var request = client.pii("req-7");
        Evidence byName = client.evidence("req-7", "idDocumentFront");
        Evidence byLink = client.evidence(request.link("idDocumentFront").orElseThrow());
        assertThat(new String(byName.bytes(), StandardCharsets.UTF_8)).isEqualTo("/piirequest/req-7/evidence/idDocumentFront");
        assertThat(byLink).isEqualTo(byName);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://evil.example.com/partner/piirequest/r/evidence/x",
        "http://api.civic.com/partner/piirequest/r/evidence/x",
        "https://api.civic.com:8443/partner/piirequest/r/evidence/x",
        "https://api.civic.com/partnerX/piirequest/r/evidence/x",
        "https://api.civic.com/other/piirequest/r",
        "https://api.civic.com/partner/piirequest/../../oauth/token",
        "https://api.civic.com/partner/piirequest/%2e%2e/%2E%2E/x",
        "https://api.civic.com/partner/piirequest/a%2Fb",
        "https://user:pw@api.civic.com/partner/piirequest/r",
        "https://api.civic.com/partner/piirequest/r?redirect=https://evil.example.com",
        "https://api.civic.com/partner/",
        "/partner/piirequest/r/evidence/x",
        "https://api.civic.com.evil.example.com/partner/piirequest/r",
    })
    void neverFollowsALinkOutsideTheApiBase(String href) {
        assertThatThrownBy(() -> client.evidence(new PiiLink("idDocumentFront", href)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not under the configured API base");
        assertThatThrownBy(() -> async.evidence(new PiiLink("idDocumentFront", href)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(transport.calls).isEmpty();
        assertThat(transport.tokenRequests).hasValue(0);
    }

    @Test
    void rejectsBadInputToEveryOperationBeforeSendingAnything() {
        List<Consumer<Void>> nulls = List.of(
                v -> client.find(null), v -> client.get(null), v -> client.issue(null), v -> client.freeze(null),
                v -> client.unfreeze(null), v -> client.expireAt(KEY, null), v -> client.forceRefresh(null),
                v -> client.update(KEY, null), v -> client.revoke(null), v -> client.list(null), v -> client.stream(null),
                v -> client.iterate(null), v -> client.pii(null), v -> client.decidePii("ok", null),
                v -> client.evidence((PiiLink) null), v -> client.evidence(null, "front"), v -> client.evidence("ok", null),
                v -> client.awaitConfirmed(KEY, null), v -> client.awaitConfirmed(null, Duration.ofSeconds(1)),
                v -> async.find(null), v -> async.issue(null), v -> async.revoke(null), v -> async.list(null),
                v -> async.decidePii("ok", null), v -> async.awaitConfirmed(null, Duration.ofSeconds(1)));
        for (Consumer<Void> call : nulls) {
            assertThatThrownBy(() -> call.accept(null)).isInstanceOf(NullPointerException.class)
                    .satisfies(e -> assertThat(e.getMessage()).matches(
                            "(key|query|update|decision|expiry|scopeRequestId|name|link|timeout) == null"));
        }
        List<Consumer<Void>> bad = List.of(
                v -> client.expireAt(KEY, Instant.now().minusSeconds(1)),
                v -> client.pii(""), v -> client.pii("../oauth/token"), v -> client.pii("a/b"),
                v -> client.approvePii(" "), v -> client.rejectPii("x y"),
                v -> client.evidence("ok", "../../x"), v -> client.evidence("ok", ""), v -> client.evidence("..", "front"),
                v -> client.awaitConfirmed(KEY, Duration.ZERO), v -> client.awaitConfirmed(KEY, Duration.ofSeconds(Long.MAX_VALUE)),
                v -> async.expireAt(KEY, Instant.EPOCH), v -> async.pii("%2e%2e"), v -> async.evidence("ok", "a?b"),
                v -> async.awaitConfirmed(KEY, Duration.ofDays(400)));
        for (Consumer<Void> call : bad) {
            assertThatThrownBy(() -> call.accept(null)).isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).matches(
                            "(?s).*(expiryTimestamp|scopeRequestId|evidence name|timeout).*"));
        }
        assertThat(transport.calls).isEmpty();
        assertThat(transport.tokenRequests).hasValue(0);
    }

    @Test
    void errorMessagesNameTheFieldAndTheValue() {
        assertThatThrownBy(() -> client.pii("a/b")).hasMessageStartingWith("scopeRequestId 'a/b' is not a valid id");
        assertThatThrownBy(() -> client.evidence("req", "x/y")).hasMessageStartingWith("evidence name 'x/y' is not valid");
        assertThatThrownBy(() -> client.expireAt(KEY, Instant.EPOCH))
                .hasMessageStartingWith("expiryTimestamp 1970-01-01T00:00:00Z must be in the future");
    }

    @Test
    void listsOnePageAndStreamsAllPagesLazily() {
        IntStream.range(0, 45).forEach(i -> transport.passes.put(HandWrittenTransport.keyOf(key(i)),
                HandWrittenTransport.pass(key(i), "ACTIVE", "TOKEN_ISSUED")));
        Page<Pass> first = client.list(PassQuery.all().withLimit(20));
        assertThat(first.items()).hasSize(20);
        assertThat(first.hasNext()).isTrue();
        assertThat(client.stream(PassQuery.all().withLimit(10)).map(Pass::walletAddress).collect(Collectors.toList()))
                .hasSize(45).doesNotHaveDuplicates();
        transport.calls.clear();
        assertThat(client.stream(PassQuery.all().withLimit(10)).limit(15).count()).isEqualTo(15);
        assertThat(transport.calls).as("only the pages needed are fetched").containsExactly("list 0", "list 10");
        int iterated = 0;
        for (Pass ignored : client.iterate(PassQuery.all().withLimit(7).withSkip(40))) {
            iterated++;
        }
        assertThat(iterated).isEqualTo(5);
    }

    @Test
    void aFailingPageSurfacesItsTypedException() {
        IntStream.range(0, 30).forEach(i -> transport.passes.put(HandWrittenTransport.keyOf(key(i)),
                HandWrittenTransport.pass(key(i), "ACTIVE", "TOKEN_ISSUED")));
        transport.listFailureStatus = 500;
        transport.listFailureFromSkip = 10;
        assertThatThrownBy(() -> client.stream(PassQuery.all().withLimit(10)).count())
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.status()).isEqualTo(500));
    }

    @Test
    void awaitConfirmedPollsUntilThePassIsSettled() throws Exception {
        transport.readsUntilConfirmed = 2;
        client.issue(KEY);
        Pass confirmed = client.awaitConfirmed(KEY, Duration.ofSeconds(10));
        assertThat(confirmed.isSettled()).isTrue();
        assertThat(transport.calls.stream().filter(c -> c.startsWith("retrieve"))).hasSize(3);

        PassKey other = key(99);
        transport.readsUntilConfirmed = 1_000;
        async.issue(other).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> async.awaitConfirmed(other, Duration.ofMillis(600)).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConfirmationTimeoutException.class)
                .hasMessageContaining("was not confirmed on chain within PT0.6S");
    }

    @Test
    void awaitConfirmedTreatsAMissingPassAsPendingUntilTheTimeout() {
        assertThatThrownBy(() -> client.awaitConfirmed(KEY, Duration.ofMillis(300)))
                .isInstanceOf(ConfirmationTimeoutException.class)
                .hasMessageContaining("it has not appeared yet")
                .satisfies(e -> assertThat(((ConfirmationTimeoutException) e).lastSeen()).isEmpty());
    }

    @Test
    void sendsAUserAgentNamingLibraryTransportAndApplication() {
        CivicPassClient named = CivicPassClient.builder().config(CONFIG.toBuilder().userAgentSuffix("my-app/1.2").build())
                .transport(new HandWrittenTransport()).build();
        assertThat(named.userAgent()).startsWith("civicpass-java/").contains("(hand-written; Java ").endsWith(" my-app/1.2");
        named.close();
        client.find(KEY);
        assertThat(transport.lastHeader("User-Agent")).isEqualTo(client.userAgent());
    }

    @Test
    void closingReleasesTheConnectionAndRefusesFurtherCalls() {
        client.close();
        client.close();
        assertThat(transport.closed).isTrue();
        assertThatThrownBy(() -> client.get(KEY)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> async.list(PassQuery.all())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aUserSuppliedTokenSourceReplacesTheTransports() {
        HandWrittenTransport other = new HandWrittenTransport();
        var issued = new java.util.concurrent.atomic.AtomicInteger();
        io.civicpass.port.TokenSource mine = new io.civicpass.port.TokenSource() {
            @Override
            public io.civicpass.model.AccessToken fetch() {
                return new io.civicpass.model.AccessToken("mine-" + issued.incrementAndGet(), "Bearer",
                        Instant.now().plusSeconds(3600), java.util.Set.of());
            }

            @Override
            public java.util.concurrent.CompletionStage<io.civicpass.model.AccessToken> fetchAsync() {
                return java.util.concurrent.CompletableFuture.completedFuture(fetch());
            }
        };
        try (CivicPassClient custom = CivicPassClient.builder().config(CONFIG).transport(other).tokenSource(mine).build()) {
            custom.find(KEY);
            custom.find(KEY);
        }
        assertThat(issued).hasValue(1);
        assertThat(other.tokenRequests).hasValue(0);
    }

    @Test
    void requiresAConfiguration() {
        assertThatThrownBy(() -> CivicPassClient.builder().transport(transport).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("config == null");
    }

    @Test
    void findMapsOnlyNotFoundToEmpty() {
        assertThat(client.find(KEY)).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> client.update(KEY, PassUpdate.freeze())).isInstanceOf(PassNotFoundException.class);
        assertThatThrownBy(() -> client.decidePii("nope", PiiDecision.APPROVE))
                .isInstanceOf(io.civicpass.error.PiiRequestNotFoundException.class);
        transport.failRoutes = true;
        assertThatThrownBy(() -> client.list(PassQuery.all())).isInstanceOf(io.civicpass.error.ConfigurationException.class)
                .hasMessageContaining("https://api.civic.com/partner/pass");
    }

    @Test
    void verifyingTheConfigurationMakesOneTokenRequestAndOneCheapCall() throws Exception {
        client.verifyConfiguration();
        async.verifyConfiguration().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(transport.calls).containsExactly("list 0", "list 0");
        assertThat(transport.tokenRequests).hasValue(1);
        transport.failRoutes = true;
        assertThatThrownBy(client::verifyConfiguration).isInstanceOf(io.civicpass.error.ConfigurationException.class)
                .hasMessageContaining("check the configured URL https://api.civic.com/partner/pass");
    }

    static PassKey key(int i) {
        return PassKey.of(ChainNetwork.SEPOLIA, WalletAddress.toChecksumAddress(String.format("0x%040x", i + 1)));
    }
}
