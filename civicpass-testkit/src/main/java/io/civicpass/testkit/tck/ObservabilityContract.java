package io.civicpass.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.CallCancellation;
import io.civicpass.CallOptions;
import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.event.AttemptFinished;
import io.civicpass.event.AttemptStarted;
import io.civicpass.event.CallFinished;
import io.civicpass.event.CallListener;
import io.civicpass.event.CallStarted;
import io.civicpass.event.CivicPassListener;
import io.civicpass.event.ConfirmationPolled;
import io.civicpass.event.NextStep;
import io.civicpass.event.Outcome;
import io.civicpass.event.RetryReason;
import io.civicpass.event.TokenFetched;
import io.civicpass.event.TokenTrigger;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.RecordedRequest;
import io.civicpass.testkit.RequestMatcher;
import io.civicpass.testkit.tck.ContractHarness.Calls;
import io.civicpass.testkit.tck.TransportContract.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a client tells its listener: the events of a call that succeeds, one retried after a
 * 503, one that refreshes its token after a 401 and one that fails, on both faces; that no event
 * carries a wallet, id, token or secret; that a listener that throws breaks nothing; and the
 * per-call options (request ids, timeout, cancelling a blocking call).
 */
abstract class ObservabilityContract extends ContractGroup {

    private static final String RETRIEVE_TEMPLATE = "/pass/{chain}/{chainNetwork}/{wallet}";

    /**
     * The group over the harness of its enclosing contract.
     *
     * @param harness the harness
     */
    ObservabilityContract(ContractHarness harness) {
        super(harness);
    }

    /**
     * A call that succeeds at once: one call of one attempt, with the response's request id, after
     * one cold token fetch.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void aSuccessfulCallIsToldAsOneAttempt(Mode mode) {
        Recorder events = new Recorder();
        Calls civic = calls(mode, UnaryOperator.identity(), events);
        PassKey key = seedPasses(1).get(0);

        assertThat(civic.find(key)).isPresent();

        assertThat(events.calls).extracting(CallStarted::operation).containsExactly("get");
        assertThat(events.attemptsStarted).containsExactly(new AttemptStarted("get", 1, "GET", RETRIEVE_TEMPLATE));
        assertThat(events.attempts).singleElement().satisfies(attempt -> {
            assertThat(attempt.status()).isEqualTo(200);
            assertThat(attempt.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(attempt.next()).isEqualTo(NextStep.END);
            assertThat(attempt.errorType()).isEmpty();
            assertThat(attempt.requestId()).isPresent();
            assertThat(attempt.retryReason()).isEmpty();
        });
        assertThat(events.finished).singleElement().satisfies(call -> {
            assertThat(call.operation()).isEqualTo("get");
            assertThat(call.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(call.attempts()).isEqualTo(1);
            assertThat(call.requestId()).isEqualTo(events.attempts.get(0).requestId());
        });
        assertThat(events.tokens).singleElement().satisfies(fetch -> {
            assertThat(fetch.trigger()).isEqualTo(TokenTrigger.COLD);
            assertThat(fetch.outcome()).isEqualTo(Outcome.SUCCESS);
        });
        events.assertNothingSecret(this);
    }

    /**
     * A call answered 503 once: the first attempt says it is retried for a server error after a
     * backoff, the second succeeds, the call took two attempts.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void aCallRetriedAfterA503IsToldAsTwoAttempts(Mode mode) {
        Recorder events = new Recorder();
        Calls civic = calls(mode, UnaryOperator.identity(), events);
        PassKey key = seedPasses(1).get(0);
        fake().inject(Fault.status(503), RequestMatcher.apiRequests(), 1);

        assertThat(civic.find(key)).isPresent();

        assertThat(events.attempts).hasSize(2);
        AttemptFinished first = events.attempts.get(0);
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.status()).isEqualTo(503);
        assertThat(first.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(first.errorType()).contains("ServerException");
        assertThat(first.next()).isEqualTo(NextStep.RETRY);
        assertThat(first.retryReason()).contains(RetryReason.SERVER_ERROR);
        assertThat(first.backoff()).hasValueSatisfying(wait -> assertThat(wait).isPositive());
        AttemptFinished second = events.attempts.get(1);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.next()).isEqualTo(NextStep.END);
        assertThat(events.finished).singleElement().satisfies(call -> {
            assertThat(call.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(call.attempts()).isEqualTo(2);
        });
        events.assertNothingSecret(this);
    }

    /**
     * A call whose token Civic refuses: the 401 attempt says a new token follows, the token fetch
     * says why, and the repeated attempt succeeds.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void aCallWhoseTokenIsRefusedIsToldWithTheRefreshedToken(Mode mode) {
        Recorder events = new Recorder();
        Calls civic = calls(mode, UnaryOperator.identity(), events);
        PassKey key = seedPasses(1).get(0);
        assertThat(civic.find(key)).isPresent();
        events.clear();
        fake().revokeTokens();

        assertThat(civic.find(key)).isPresent();

        assertThat(events.attempts).extracting(AttemptFinished::status).containsExactly(401, 200);
        assertThat(events.attempts.get(0).next()).isEqualTo(NextStep.RETRY);
        assertThat(events.attempts.get(0).retryReason()).contains(RetryReason.TOKEN_REFUSED);
        assertThat(events.tokens).singleElement().satisfies(fetch -> {
            assertThat(fetch.trigger()).isEqualTo(TokenTrigger.REFUSED);
            assertThat(fetch.outcome()).isEqualTo(Outcome.SUCCESS);
        });
        assertThat(events.finished).singleElement()
                .satisfies(call -> assertThat(call.outcome()).isEqualTo(Outcome.SUCCESS));
        events.assertNothingSecret(this);
    }

    /**
     * A call that fails: the attempt and the call name the exception type, and the call ends
     * after it.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void aFailingCallIsToldWithItsErrorType(Mode mode) {
        Recorder events = new Recorder();
        Calls civic = calls(mode, UnaryOperator.identity(), events);
        PassKey absent = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());

        expect(PassNotFoundException.class, () -> civic.get(absent));

        assertThat(events.attempts).singleElement().satisfies(attempt -> {
            assertThat(attempt.status()).isEqualTo(404);
            assertThat(attempt.outcome()).isEqualTo(Outcome.FAILURE);
            assertThat(attempt.errorType()).contains("PassNotFoundException");
            assertThat(attempt.next()).isEqualTo(NextStep.END);
        });
        assertThat(events.finished).singleElement().satisfies(call -> {
            assertThat(call.outcome()).isEqualTo(Outcome.FAILURE);
            assertThat(call.errorType()).contains("PassNotFoundException");
            assertThat(call.attempts()).isEqualTo(1);
        });
        events.assertNothingSecret(this);
    }

    /**
     * Awaiting confirmation tells each poll: not found until the issuance confirms, then confirmed.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void confirmationPollsAreTold(Mode mode) {
        Recorder events = new Recorder();
        Calls civic = calls(mode, UnaryOperator.identity(), events);
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet());
        civic.issue(key);
        fake().clock().advance(FakeCivic.DEFAULT_CONFIRMATION_DELAY);

        civic.awaitConfirmed(key, Duration.ofSeconds(10));

        assertThat(events.polls).isNotEmpty();
        assertThat(events.polls.get(events.polls.size() - 1).result()).isEqualTo(ConfirmationPolled.Result.CONFIRMED);
        assertThat(events.polls).extracting(ConfirmationPolled::poll)
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, events.polls.size()).boxed().toList());
        assertThat(events.calls).extracting(CallStarted::operation).startsWith("issue").contains("get");
        events.assertNothingSecret(this);
    }

    /**
     * A listener that throws from every method breaks no call.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void aListenerThatThrowsBreaksNoCall(Mode mode) {
        Recorder after = new Recorder();
        CivicPassListener throwing = new CivicPassListener() {
            @Override
            public CallListener callStarted(CallStarted call) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void tokenFetched(TokenFetched fetch) {
                throw new IllegalStateException("listener bug");
            }
        };
        Calls civic = calls(mode, UnaryOperator.identity(), new Thrower(), throwing, after);
        PassKey key = seedPasses(1).get(0);

        assertThat(civic.find(key)).isPresent();
        fake().inject(Fault.status(503), RequestMatcher.apiRequests(), 1);
        assertThat(civic.find(key)).isPresent();
        expect(PassNotFoundException.class, () -> civic.get(PassKey.of(ChainNetwork.SEPOLIA, nextEvmWallet())));

        assertThat(after.finished).extracting(CallFinished::outcome)
                .containsExactly(Outcome.SUCCESS, Outcome.SUCCESS, Outcome.FAILURE);
    }

    /** The request id of a successful call reaches a caller who asks for it, blocking face. */
    @Test
    void theRequestIdOfASuccessReachesTheCaller() {
        Recorder events = new Recorder();
        CivicPassClient client = harnessSync(events);
        PassKey key = seedPasses(1).get(0);
        AtomicReference<String> seen = new AtomicReference<>();

        assertThat(client.withOptions(CallOptions.builder().onRequestId(seen::set).build()).find(key)).isPresent();

        assertThat(seen.get()).isNotBlank().isEqualTo(events.finished.get(0).requestId().orElseThrow());
    }

    /**
     * The request id of a successful call reaches a caller who asks for it, non-blocking face.
     *
     * @throws Exception on failure
     */
    @Test
    void theRequestIdOfASuccessReachesTheAsyncCaller() throws Exception {
        Recorder events = new Recorder();
        CivicPassAsyncClient client = harnessAsync(events);
        PassKey key = seedPasses(1).get(0);
        AtomicReference<String> seen = new AtomicReference<>();

        assertThat(client.withOptions(CallOptions.builder().onRequestId(seen::set).build()).find(key)
                .toCompletableFuture().get(10, TimeUnit.SECONDS)).isPresent();

        assertThat(seen.get()).isNotBlank().isEqualTo(events.finished.get(0).requestId().orElseThrow());
    }

    /**
     * A per-call timeout bounds a call against a server slower than it, without a second client.
     */
    @Test
    void aPerCallTimeoutBoundsTheBlockingCall() {
        CivicPassClient client = harnessSync(CivicPassListener.NONE);
        PassKey key = seedPasses(1).get(0);
        assertThat(client.find(key)).isPresent(); // the token, first
        fake().inject(Fault.latency(Duration.ofSeconds(3)), RequestMatcher.apiRequests(), 1);
        CivicPassClient quick = client.withOptions(CallOptions.builder().timeout(Duration.ofMillis(500)).build());

        long started = System.nanoTime();
        expect(io.civicpass.error.CivicTransportException.class, () -> quick.find(key));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(Duration.ofMillis(500 + 750));
    }

    /**
     * A blocking call cancelled through its handle ends with a {@link CancellationException}
     * while its request is still in flight.
     *
     * @throws Exception on failure
     */
    @Test
    void aBlockingCallEndsWhenItsHandleIsCancelled() throws Exception {
        CivicPassClient client = harnessSync(CivicPassListener.NONE);
        PassKey key = seedPasses(1).get(0);
        assertThat(client.find(key)).isPresent(); // the token, first
        fake().inject(Fault.latency(Duration.ofSeconds(3)), RequestMatcher.apiRequests(), 1);
        CallCancellation cancellation = CallCancellation.create();
        CivicPassClient cancellable = client.withOptions(CallOptions.builder().cancellation(cancellation).build());

        CompletableFuture<Optional<?>> call = CompletableFuture.supplyAsync(() -> cancellable.find(key));
        awaitRequests(RequestMatcher.apiRequests(), 2);
        cancellation.cancel();

        assertThatThrownBy(() -> call.get(2, TimeUnit.SECONDS)).cause().isInstanceOf(CancellationException.class);
        assertThatThrownBy(() -> cancellable.find(key)).isInstanceOf(CancellationException.class);
        assertThat(fake().journal().apiRequests()).as("nothing sent once cancelled").hasSize(2);
    }

    private CivicPassClient harnessSync(CivicPassListener listener) {
        return ((ContractHarness.SyncCalls) calls(Mode.SYNC, UnaryOperator.identity(), listener)).client();
    }

    private CivicPassAsyncClient harnessAsync(CivicPassListener listener) {
        return ((ContractHarness.AsyncCalls) calls(Mode.ASYNC, UnaryOperator.identity(), listener)).client();
    }

    /** Throws from every call-listener method. */
    private static final class Thrower implements CivicPassListener {
        @Override
        public CallListener callStarted(CallStarted call) {
            return new CallListener() {
                @Override
                public void attemptStarted(AttemptStarted attempt) {
                    throw new IllegalStateException("listener bug");
                }

                @Override
                public void attemptFinished(AttemptFinished attempt) {
                    throw new IllegalStateException("listener bug");
                }

                @Override
                public void callFinished(CallFinished finished) {
                    throw new IllegalStateException("listener bug");
                }
            };
        }

        @Override
        public void confirmationPolled(ConfirmationPolled poll) {
            throw new IllegalStateException("listener bug");
        }
    }

    /** Records every event, in order; synchronized since a non-blocking call tells from other threads. */
    static final class Recorder implements CivicPassListener {
        final List<CallStarted> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<AttemptStarted> attemptsStarted = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<AttemptFinished> attempts = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<CallFinished> finished = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<TokenFetched> tokens = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<ConfirmationPolled> polls = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public CallListener callStarted(CallStarted call) {
            calls.add(call);
            return new CallListener() {
                @Override
                public void attemptStarted(AttemptStarted attempt) {
                    attemptsStarted.add(attempt);
                }

                @Override
                public void attemptFinished(AttemptFinished attempt) {
                    attempts.add(attempt);
                }

                @Override
                public void callFinished(CallFinished call) {
                    finished.add(call);
                }
            };
        }

        @Override
        public void tokenFetched(TokenFetched fetch) {
            tokens.add(fetch);
        }

        @Override
        public void confirmationPolled(ConfirmationPolled poll) {
            polls.add(poll);
        }

        void clear() {
            calls.clear();
            attemptsStarted.clear();
            attempts.clear();
            finished.clear();
            tokens.clear();
            polls.clear();
        }

        /**
         * No event, as text, holds a wallet, a concrete path, a token, the client secret or an id
         * of the requests the fake saw.
         */
        void assertNothingSecret(ContractGroup group) {
            List<String> told = new ArrayList<>();
            List.of(calls, attemptsStarted, attempts, finished, tokens, polls)
                    .forEach(list -> list.forEach(event -> told.add(event.toString())));
            assertThat(told).isNotEmpty();
            List<String> forbidden = new ArrayList<>();
            forbidden.add(group.fake().configBuilder().build().credentials().clientSecret());
            for (RecordedRequest request : group.fake().journal().all()) {
                String path = request.path();
                if (path.startsWith(FakeCivic.API_PATH + "/pass/") && path.split("/").length > 4) {
                    forbidden.add(path);
                    forbidden.add(path.substring(path.lastIndexOf('/') + 1)); // the wallet
                }
                request.header("Authorization").filter(value -> value.startsWith("Bearer "))
                        .map(value -> value.substring(7)).ifPresent(forbidden::add);
            }
            for (String event : told) {
                for (String secret : forbidden) {
                    assertThat(event).as("an event").doesNotContainIgnoringCase(secret);
                }
            }
        }
    }
}
