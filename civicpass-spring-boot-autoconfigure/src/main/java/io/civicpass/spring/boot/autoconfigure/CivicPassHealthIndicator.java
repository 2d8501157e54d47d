package io.civicpass.spring.boot.autoconfigure;

import io.civicpass.CallOptions;
import io.civicpass.CivicPassClient;
import io.civicpass.error.CivicApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code civicpass} health contributor: the client's configuration check
 * ({@link CivicPassClient#verifyConfiguration()}: one token, one list of a single pass), run at
 * most once per cache period however often the health endpoint is asked, within its own timeout.
 *
 * <p>Details: the API host, when the result was read, and on failure the exception type and
 * HTTP status; never a credential, token, URL path or exception message.
 */
public final class CivicPassHealthIndicator implements HealthIndicator {

    private final CivicPassClient client;
    private final String apiHost;
    private final Duration cachePeriod;
    private final Clock clock;

    private Health cached;
    private Instant readAt;

    /**
     * A health contributor over a client.
     *
     * @param client      the client to check, with its configuration
     * @param apiHost     the host of the client's API base, shown in the details; empty to show none
     * @param cachePeriod how long one result is shown
     * @param timeout     how long one check may take
     * @param clock       the clock judging the cache period
     */
    public CivicPassHealthIndicator(CivicPassClient client, String apiHost, Duration cachePeriod,
                                    Duration timeout, Clock clock) {
        Objects.requireNonNull(client, "client == null");
        Objects.requireNonNull(timeout, "timeout == null");
        this.client = client.withOptions(CallOptions.builder().timeout(timeout).build());
        this.apiHost = Objects.requireNonNull(apiHost, "apiHost == null");
        this.cachePeriod = Objects.requireNonNull(cachePeriod, "cachePeriod == null");
        this.clock = Objects.requireNonNull(clock, "clock == null");
        if (cachePeriod.isNegative()) {
            throw new IllegalArgumentException("cachePeriod must not be negative, was " + cachePeriod);
        }
    }

    /**
     * The latest result, checking again once the cache period has passed. Callers arriving
     * while a check runs wait for it rather than starting their own.
     *
     * @return up with the API host, or down with the failure's type and status
     */
    @Override
    public synchronized Health health() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(readAt.plus(cachePeriod))) {
            cached = check(now);
            readAt = now;
        }
        return cached;
    }

    private Health check(Instant now) {
        try {
            client.verifyConfiguration();
            return details(Health.up(), now).build();
        } catch (RuntimeException failure) { // whatever it is, shown by type only: a message may name a path
            Health.Builder down = details(Health.down(), now).withDetail("error", failure.getClass().getSimpleName());
            if (failure instanceof CivicApiException api) {
                down.withDetail("status", api.status());
            }
            return down.build();
        }
    }

    private Health.Builder details(Health.Builder health, Instant now) {
        if (!apiHost.isEmpty()) {
            health.withDetail("apiHost", apiHost);
        }
        return health.withDetail("checkedAt", now.toString());
    }
}
