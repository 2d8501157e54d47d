package io.civicpass.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Told of a client's calls, token fetches and confirmation polls. Set one with
 * {@code ClientBuilder.listener(...)}. Methods are called on the thread that does the work:
 * the caller's for blocking calls, the transport's (a Vert.x event loop, say) for non-blocking
 * ones, so they must be quick and must not block. An exception a listener throws is logged and
 * otherwise ignored: it never breaks a call.
 *
 * <p>Every method has an empty default, so a listener implements only what it needs.
 *
 * @since 0.1.0
 */
public interface CivicPassListener {

    /** A listener that ignores everything. */
    CivicPassListener NONE = new CivicPassListener() {
    };

    /**
     * A public call starts: {@code find}, {@code issue}, one page of {@code list}, and so on.
     * Lookups a call makes to settle an ambiguous attempt, and each poll of
     * {@code awaitConfirmed}, are calls of their own.
     *
     * @param call what starts
     * @return the listener for this call's attempts and its end; {@link CallListener#NONE} for none
     */
    default CallListener callStarted(CallStarted call) {
        return CallListener.NONE;
    }

    /**
     * An access token request ended. One request serves every caller waiting for it.
     *
     * @param fetch why it was made, how it ended and how long it took
     */
    default void tokenFetched(TokenFetched fetch) {
    }

    /**
     * One look at a pass while awaiting its confirmation ended.
     *
     * @param poll what it found
     */
    default void confirmationPolled(ConfirmationPolled poll) {
    }

    /**
     * A listener that tells each of {@code listeners} in turn. An exception from one stops the
     * rest for that event: add listeners to the client builder one by one instead to have each
     * contained on its own.
     *
     * @param listeners the listeners, in order
     * @return one listener for all
     */
    static CivicPassListener composite(List<CivicPassListener> listeners) {
        List<CivicPassListener> all = List.copyOf(Objects.requireNonNull(listeners, "listeners == null"));
        if (all.size() == 1) {
            return all.get(0);
        }
        return new CivicPassListener() {
            @Override
            public CallListener callStarted(CallStarted call) {
                List<CallListener> calls = new ArrayList<>(all.size());
                for (CivicPassListener listener : all) {
                    calls.add(listener.callStarted(call));
                }
                return CallListener.composite(calls);
            }

            @Override
            public void tokenFetched(TokenFetched fetch) {
                all.forEach(listener -> listener.tokenFetched(fetch));
            }

            @Override
            public void confirmationPolled(ConfirmationPolled poll) {
                all.forEach(listener -> listener.confirmationPolled(poll));
            }
        };
    }
}
