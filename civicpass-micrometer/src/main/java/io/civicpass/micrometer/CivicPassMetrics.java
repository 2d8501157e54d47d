package io.civicpass.micrometer;

import io.civicpass.event.CivicPassListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Binds a Civic Pass client's listener hook to a Micrometer {@link MeterRegistry}, with these
 * meters (tag values in lower case):
 * <ul>
 *   <li>{@value #OPERATION_DURATION}, a timer per call, tags {@code operation},
 *       {@code outcome} ({@code success}, {@code failure}) and {@code error.type} (the
 *       exception's simple name, {@code none} on success);</li>
 *   <li>{@value #RETRIES}, a counter of repeated attempts, tags {@code operation}
 *       and {@code reason} ({@code server_error}, {@code rate_limited}, {@code timeout},
 *       {@code connection}, {@code token_refused});</li>
 *   <li>{@value #BUDGET_REFUSALS}, a counter of retries the client's retry budget
 *       refused, tag {@code operation};</li>
 *   <li>{@value #TOKEN_FETCH_DURATION}, a timer per access token request, tags
 *       {@code trigger} ({@code cold}, {@code refresh_ahead}, {@code expired}, {@code refused})
 *       and {@code outcome};</li>
 *   <li>{@value #CONFIRMATION_POLLS}, a counter of looks at a pass while
 *       awaiting its confirmation, tag {@code result} ({@code not_found}, {@code pending},
 *       {@code confirmed}, {@code failed}, {@code error}).</li>
 * </ul>
 * Every tag has a small, fixed set of values: no request id, wallet or id is ever a tag. Rename
 * or add histograms with a {@code MeterFilter} on the registry.
 *
 * <p>These are meters of a {@link MeterRegistry}, not of observations: a token fetch is told
 * once it ended, with its duration, and retries, refusals and polls are counts with their own
 * tags, none of which an observation's meter handler could name so.
 *
 * @since 0.1.0
 */
public final class CivicPassMetrics {

    /** The timer of calls: {@value}. */
    public static final String OPERATION_DURATION = "civicpass.client.operation.duration";
    /** The counter of repeated attempts: {@value}. */
    public static final String RETRIES = "civicpass.client.retries";
    /** The counter of retries the retry budget refused: {@value}. */
    public static final String BUDGET_REFUSALS = "civicpass.client.retry.budget.refusals";
    /** The timer of access token requests: {@value}. */
    public static final String TOKEN_FETCH_DURATION = "civicpass.client.token.fetch.duration";
    /** The counter of confirmation polls: {@value}. */
    public static final String CONFIRMATION_POLLS = "civicpass.client.confirmation.polls";

    private CivicPassMetrics() {
    }

    /**
     * A listener that records the meters above. Thread-safe, allocation-light, and never throws
     * into a call.
     *
     * @param registry the registry
     * @return the listener, for {@code ClientBuilder.listener(...)}
     */
    public static CivicPassListener listener(MeterRegistry registry) {
        return new MetricsListener(Objects.requireNonNull(registry, "registry == null"));
    }
}
