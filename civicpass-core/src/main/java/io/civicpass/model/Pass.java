package io.civicpass.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Civic Pass as the API reports it.
 *
 * <p>{@code state} is what Civic intends, {@code onChainState} what the chain shows; they
 * differ while a change is pending. Values come from the server and are kept as sent (an
 * unknown network or state does not fail), so the wallet is plain text here.
 *
 * @param id                Civic's identifier of the pass
 * @param chain             the chain the pass lives on
 * @param network           the network of that chain
 * @param gatekeeperNetwork the pass type's gatekeeper network key
 * @param walletAddress     the wallet the pass was issued to
 * @param state             the intended state
 * @param onChainState      the state the chain shows, or null when Civic has not reported one
 *                          (a pass still pending may arrive without it)
 * @param events            the event log, oldest first
 */
public record Pass(String id, Chain chain, ChainNetwork network, String gatekeeperNetwork, String walletAddress,
                   PassState state, PassState onChainState, List<PassEvent> events) {

    /**
     * Requires every field Civic's contract marks required and copies the event list.
     *
     * @param id Civic's identifier of the pass
     * @param chain the chain the pass lives on
     * @param network the network of that chain
     * @param gatekeeperNetwork the pass type's gatekeeper network key
     * @param walletAddress the wallet the pass was issued to
     * @param state the intended state
     * @param onChainState the state the chain shows, or null when not reported
     * @param events the event log, oldest first
     */
    public Pass {
        Objects.requireNonNull(id, "id == null");
        Objects.requireNonNull(chain, "chain == null");
        Objects.requireNonNull(network, "network == null");
        Objects.requireNonNull(gatekeeperNetwork, "gatekeeperNetwork == null");
        Objects.requireNonNull(walletAddress, "walletAddress == null");
        Objects.requireNonNull(state, "state == null");
        events = List.copyOf(Objects.requireNonNull(events, "events == null"));
    }

    /**
     * The key addressing this pass in the API.
     *
     * @return the key
     * @throws IllegalArgumentException if the server's wallet text is not valid for the chain
     */
    public PassKey key() {
        return PassKey.of(chain, network, walletAddress);
    }

    /**
     * The most recent event.
     *
     * @return the last event of the log, or empty if there is none
     */
    public Optional<PassEvent> latestEvent() {
        return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
    }

    /**
     * The state the chain shows, when Civic reported one.
     *
     * @return the on-chain state, or empty while unknown
     */
    public Optional<PassState> knownOnChainState() {
        return Optional.ofNullable(onChainState);
    }

    /**
     * The most recent event, when its chain transaction failed: the change it records did not
     * reach the chain.
     *
     * @return the event, or empty when the latest event did not fail
     */
    public Optional<PassEvent> failedTransaction() {
        return latestEvent().filter(event -> event.transaction() != null
                && TransactionStatus.FAILED.equals(event.transaction().status()));
    }

    /**
     * Whether the log holds an event of this type.
     *
     * @param type the event type
     * @return true if some event has that type
     */
    public boolean hasEvent(EventType type) {
        return events.stream().anyMatch(event -> event.type().equals(type));
    }

    /**
     * Whether every action on the pass is confirmed on chain: {@code state} equals
     * {@code onChainState} and each initiated event is followed by its confirmation.
     *
     * @return true when nothing is pending
     */
    public boolean isSettled() {
        if (!state.equals(onChainState)) {
            return false;
        }
        for (int i = 0; i < events.size(); i++) {
            Optional<EventType> confirmation = events.get(i).type().confirmation();
            if (confirmation.isPresent() && !confirmedAfter(i, confirmation.get())) {
                return false;
            }
        }
        return true;
    }

    private boolean confirmedAfter(int index, EventType confirmation) {
        for (int i = index + 1; i < events.size(); i++) {
            if (events.get(i).type().equals(confirmation)) {
                return true;
            }
        }
        return false;
    }
}
