package io.civicpass.testkit.assertj;

import io.civicpass.model.ChainNetwork;
import io.civicpass.model.EventType;
import io.civicpass.model.Pass;
import io.civicpass.model.PassEvent;
import io.civicpass.model.PassState;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * AssertJ assertions on a {@link Pass}: its states, settlement and event log. Failure messages
 * show the pass's states and event types.
 */
public final class PassAssert extends AbstractObjectAssert<PassAssert, Pass> {

    /**
     * Assertions on a pass; see {@link CivicAssertions#assertThat(Pass)}.
     *
     * @param actual the pass
     */
    public PassAssert(Pass actual) {
        super(actual, PassAssert.class);
    }

    /**
     * Checks the intended state.
     *
     * @param expected the state
     * @return this assertion
     */
    public PassAssert hasState(PassState expected) {
        isNotNull();
        if (!actual.state().equals(expected)) {
            failWithMessage("Expecting pass %s to have state %s but was %s", describe(), expected, actual.state());
        }
        return this;
    }

    /**
     * Checks the on-chain state.
     *
     * @param expected the state
     * @return this assertion
     */
    public PassAssert hasOnChainState(PassState expected) {
        isNotNull();
        if (!actual.onChainState().equals(expected)) {
            failWithMessage("Expecting pass %s to have onChainState %s but was %s", describe(), expected,
                    actual.onChainState());
        }
        return this;
    }

    /**
     * Checks that nothing is pending: the states agree and each initiated event is confirmed.
     *
     * @return this assertion
     * @see Pass#isSettled()
     */
    public PassAssert isSettled() {
        isNotNull();
        if (!actual.isSettled()) {
            failWithMessage("Expecting pass %s to be settled but it has pending changes: state %s, onChainState %s,"
                    + " events %s", describe(), actual.state(), actual.onChainState(), eventTypes());
        }
        return this;
    }

    /**
     * Checks that a change is pending.
     *
     * @return this assertion
     */
    public PassAssert isPending() {
        isNotNull();
        if (actual.isSettled()) {
            failWithMessage("Expecting pass %s to have a pending change but it is settled, events %s", describe(),
                    eventTypes());
        }
        return this;
    }

    /**
     * Checks that the event log holds an event of a type.
     *
     * @param type the event type
     * @return this assertion
     */
    public PassAssert hasEvent(EventType type) {
        isNotNull();
        if (!actual.hasEvent(type)) {
            failWithMessage("Expecting pass %s to have event %s but its events were %s", describe(), type, eventTypes());
        }
        return this;
    }

    /**
     * Checks that the event log holds no event of a type.
     *
     * @param type the event type
     * @return this assertion
     */
    public PassAssert doesNotHaveEvent(EventType type) {
        isNotNull();
        if (actual.hasEvent(type)) {
            failWithMessage("Expecting pass %s not to have event %s but its events were %s", describe(), type,
                    eventTypes());
        }
        return this;
    }

    /**
     * Checks that the event log holds events of these types in this order (others may come
     * between them).
     *
     * @param types the event types, in order
     * @return this assertion
     */
    public PassAssert hasEventsInOrder(EventType... types) {
        isNotNull();
        List<EventType> actualTypes = eventTypes();
        int next = 0;
        for (EventType type : actualTypes) {
            if (next < types.length && type.equals(types[next])) {
                next++;
            }
        }
        if (next < types.length) {
            failWithMessage("Expecting pass %s to have events in order %s but its events were %s", describe(),
                    Arrays.asList(types), actualTypes);
        }
        return this;
    }

    /**
     * Checks that the event log is exactly these types, in order.
     *
     * @param types the event types
     * @return this assertion
     */
    public PassAssert hasExactlyEvents(EventType... types) {
        isNotNull();
        if (!eventTypes().equals(Arrays.asList(types))) {
            failWithMessage("Expecting pass %s to have exactly events %s but they were %s", describe(),
                    Arrays.asList(types), eventTypes());
        }
        return this;
    }

    /**
     * Checks the wallet; EVM addresses compare without regard to case.
     *
     * @param expected the wallet address
     * @return this assertion
     */
    public PassAssert hasWallet(String expected) {
        isNotNull();
        String wallet = actual.walletAddress();
        boolean evm = expected != null && expected.startsWith("0x") && wallet.startsWith("0x");
        boolean same = evm ? wallet.toLowerCase(Locale.ROOT).equals(expected.toLowerCase(Locale.ROOT))
                : wallet.equals(expected);
        if (!same) {
            failWithMessage("Expecting pass %s to have wallet %s but was %s", describe(), expected, wallet);
        }
        return this;
    }

    /**
     * Checks the network.
     *
     * @param expected the network
     * @return this assertion
     */
    public PassAssert isOnNetwork(ChainNetwork expected) {
        isNotNull();
        if (!actual.network().equals(expected)) {
            failWithMessage("Expecting pass %s to be on network %s but was on %s", describe(), expected,
                    actual.network());
        }
        return this;
    }

    /**
     * Checks the gatekeeper network.
     *
     * @param expected the gatekeeper network key
     * @return this assertion
     */
    public PassAssert hasGatekeeperNetwork(String expected) {
        isNotNull();
        if (!actual.gatekeeperNetwork().equals(expected)) {
            failWithMessage("Expecting pass %s to have gatekeeper network %s but was %s", describe(), expected,
                    actual.gatekeeperNetwork());
        }
        return this;
    }

    private List<EventType> eventTypes() {
        return actual.events().stream().map(PassEvent::type).toList();
    }

    private String describe() {
        return actual.chain() + ":" + actual.network() + ":" + actual.walletAddress();
    }
}
