package io.civicpass.testkit.tck;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.event.CivicPassListener;
import io.civicpass.model.PassKey;
import io.civicpass.spi.Transport;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.RequestMatcher;
import io.civicpass.testkit.tck.ContractHarness.Calls;
import io.civicpass.testkit.tck.TransportContract.Mode;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of each group of the contract: the tests of one concern, run as a {@code @Nested}
 * class of {@link TransportContract}, reaching the shared {@link ContractHarness} through the
 * helpers here. One instance per group ({@code PER_CLASS}), so that the tests that run on each face
 * can take the faces of their test class from {@link #faces()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContractGroup {

    private final ContractHarness harness;

    /**
     * A group over the harness of its enclosing contract.
     *
     * @param harness the harness
     */
    ContractGroup(ContractHarness harness) {
        this.harness = harness;
    }

    /**
     * The fake of the test class.
     *
     * @return the running fake
     */
    final FakeCivic fake() {
        return harness.fake();
    }

    /**
     * A new transport under test.
     *
     * @return the transport
     */
    final Transport createTransport() {
        return harness.createTransport();
    }

    /**
     * See {@link ContractHarness#appliesProxyAndTlsSettings}.
     *
     * @return whether the transport applies the proxy and TLS settings
     */
    final boolean appliesProxyAndTlsSettings() {
        return harness.appliesProxyAndTlsSettings();
    }

    /**
     * See {@link ContractHarness#syncClient}.
     *
     * @param tune changes to the configuration
     * @return the client
     */
    final CivicPassClient syncClient(UnaryOperator<CivicPassConfig.Builder> tune) {
        return harness.syncClient(tune);
    }

    /**
     * See {@link ContractHarness#asyncClient}.
     *
     * @param tune changes to the configuration
     * @return the client
     */
    final CivicPassAsyncClient asyncClient(UnaryOperator<CivicPassConfig.Builder> tune) {
        return harness.asyncClient(tune);
    }

    /**
     * See {@link ContractHarness#createLoggingTransport}.
     *
     * @return the transport
     */
    final Transport createLoggingTransport() {
        return harness.createLoggingTransport();
    }

    /**
     * See {@link ContractHarness#sharedThread}.
     *
     * @param thread the thread
     * @return true when closing a client need not end it
     */
    final boolean sharedThread(Thread thread) {
        return harness.sharedThread(thread);
    }

    /**
     * See {@link ContractHarness#bearerTokens}.
     *
     * @return the tokens
     */
    final Set<String> bearerTokens() {
        return harness.bearerTokens();
    }

    /**
     * See {@link ContractHarness#calls}.
     *
     * @param mode the client face
     * @param tune changes to the configuration
     * @return the calls
     */
    final Calls calls(Mode mode, UnaryOperator<CivicPassConfig.Builder> tune) {
        return harness.calls(mode, tune);
    }

    /**
     * See {@link ContractHarness#calls(Mode, UnaryOperator, CivicPassListener...)}.
     *
     * @param mode     the client face
     * @param tune     changes to the configuration
     * @param listeners the listeners, each added to the client builder
     * @return the calls
     */
    final Calls calls(Mode mode, UnaryOperator<CivicPassConfig.Builder> tune, CivicPassListener... listeners) {
        return harness.calls(mode, tune, listeners);
    }

    /**
     * See {@link ContractHarness#calls(Mode, Transport, UnaryOperator)}.
     *
     * @param mode the client face
     * @param transport the transport
     * @param tune changes to the configuration
     * @return the calls
     */
    final Calls calls(Mode mode, Transport transport, UnaryOperator<CivicPassConfig.Builder> tune) {
        return harness.calls(mode, transport, tune);
    }

    /**
     * The faces of the test class, for {@code @MethodSource("faces")}: see {@link ContractHarness#faces}.
     *
     * @return the arguments, one per face
     */
    final Stream<Object> faces() {
        return harness.faces().stream();
    }

    /**
     * The faces that hand back stages, for {@code @MethodSource("nonBlockingFaces")}: see
     * {@link ContractHarness#nonBlockingFaces}.
     *
     * @return the arguments, one per face
     */
    final Stream<Object> nonBlockingFaces() {
        return harness.nonBlockingFaces().stream();
    }

    /**
     * See {@link ContractHarness#stages}.
     *
     * @param mode   {@link Mode#ASYNC} or {@link Mode#ADAPTED}
     * @param client the client, built by the harness
     * @return the calls, handing back stages
     */
    final AdaptedFace.Calls stages(Mode mode, CivicPassAsyncClient client) {
        return harness.stages(mode, client);
    }

    /**
     * See {@link ContractHarness#nextEvmWallet}.
     *
     * @return the address
     */
    final String nextEvmWallet() {
        return harness.nextEvmWallet();
    }

    /**
     * See {@link ContractHarness#seedPasses}.
     *
     * @param count how many
     * @return their keys, in creation order
     */
    final List<PassKey> seedPasses(int count) {
        return harness.seedPasses(count);
    }

    /**
     * See {@link ContractHarness#awaitRequests}.
     *
     * @param matcher the requests
     * @param count how many
     */
    final void awaitRequests(RequestMatcher matcher, int count) {
        harness.awaitRequests(matcher, count);
    }

    /**
     * See {@link ContractHarness#expect}.
     *
     * @param <T> the type
     * @param type the type the failure must have
     * @param call the call
     * @return the failure
     */
    final <T extends Throwable> T expect(Class<T> type, Runnable call) {
        return harness.expect(type, call);
    }

    /**
     * See {@link ContractHarness#record}.
     *
     * @param failure the failure, or {@code null} for none
     */
    final void record(Throwable failure) {
        harness.record(failure);
    }
}
