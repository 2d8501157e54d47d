package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.error.PassNotFoundException;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.model.PassUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pass-change hook: what it is told, when, and what it can never do to a call. */
class PassChangeListenerTest {

    static final PassKey KEY = CivicPassClientTest.KEY;

    final HandWrittenTransport transport = new HandWrittenTransport();
    final CivicPassClient client = CivicPassClient.builder().config(CivicPassClientTest.CONFIG).transport(transport)
            .build();
    final List<PassChange> told = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void isToldOfEachAcceptedChangeWithWhatWasSet() {
        client.onPassChange(told::add);
        client.issue(KEY);
        client.freeze(KEY);
        Instant expiry = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        client.expireAt(KEY, expiry);
        client.revoke(KEY);

        assertThat(told).extracting(PassChange::kind).containsExactly(PassChange.Kind.ISSUED,
                PassChange.Kind.UPDATED, PassChange.Kind.UPDATED, PassChange.Kind.REVOKED);
        assertThat(told).extracting(PassChange::key).containsOnly(KEY);
        assertThat(told.get(1).findUpdate()).contains(PassUpdate.freeze());
        assertThat(told.get(2).findUpdate().flatMap(PassUpdate::findExpiry)).contains(expiry);
        assertThat(told.get(0).findUpdate()).isEmpty();
    }

    @Test
    void isNotToldOfReadsOrOfChangesCivicRefused() {
        client.onPassChange(told::add);
        client.find(KEY);
        assertThatThrownBy(() -> client.freeze(KEY)).isInstanceOf(PassNotFoundException.class);
        assertThat(told).isEmpty();
    }

    @Test
    void viewsAndTheAsyncFaceShareTheRegistrations() throws Exception {
        client.onPassChange(told::add);
        client.withOptions(CallOptions.builder().timeout(Duration.ofSeconds(5)).build()).issue(KEY);
        client.async().freeze(KEY).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(told).extracting(PassChange::kind).containsExactly(PassChange.Kind.ISSUED, PassChange.Kind.UPDATED);
    }

    @Test
    void anAsyncCallersContinuationRunsAfterTheListenerWasTold() throws Exception {
        client.onPassChange(told::add);
        client.issue(KEY);
        List<Integer> toldWhenContinued = client.async().revoke(KEY)
                .thenApply(nothing -> List.of(told.size())).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(toldWhenContinued).containsExactly(2);
    }

    @Test
    void aClosedRegistrationIsToldNothingMore() {
        PassChangeListener.Registration registration = client.onPassChange(told::add);
        client.issue(KEY);
        registration.close();
        registration.close();
        client.freeze(KEY);
        assertThat(told).hasSize(1);
    }

    @Test
    void aListenerThatThrowsNeverFailsTheCall() {
        client.onPassChange(change -> {
            throw new IllegalStateException("listener bug");
        });
        client.onPassChange(told::add);
        client.issue(KEY);
        assertThat(client.get(KEY).state()).isEqualTo(PassState.ACTIVE);
        assertThat(told).hasSize(1);
    }

    @Test
    void refusesANullListenerAndInconsistentChanges() {
        assertThatThrownBy(() -> client.onPassChange(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("listener == null");
        assertThatThrownBy(() -> new PassChange(KEY, PassChange.Kind.UPDATED, null))
                .isInstanceOf(NullPointerException.class).hasMessage("update == null");
        assertThatThrownBy(() -> new PassChange(KEY, PassChange.Kind.REVOKED, PassUpdate.freeze()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PassChange(null, PassChange.Kind.ISSUED, null))
                .isInstanceOf(NullPointerException.class).hasMessage("key == null");
    }
}
