package io.civicpass.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock for tests: real time plus an offset that {@link #advance(Duration)} moves forward.
 * The fake judges confirmations, token expiry and PII availability by it; hand the same clock to
 * the client ({@code CivicPassClient.builder().clock(fake.clock())}) so both agree on "now".
 * Time keeps flowing between calls, so code that waits for real still works. Thread-safe.
 */
public final class FakeClock extends Clock {

    private final AtomicReference<Duration> offset;
    private final ZoneId zone;

    private FakeClock(AtomicReference<Duration> offset, ZoneId zone) {
        this.offset = offset;
        this.zone = zone;
    }

    /**
     * A clock showing real time (offset zero), in UTC.
     *
     * @return a new clock
     */
    public static FakeClock system() {
        return new FakeClock(new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
    }

    /**
     * Moves the clock forward.
     *
     * @param amount how far, zero or more
     * @return this clock
     * @throws IllegalArgumentException when the amount is negative
     */
    public FakeClock advance(Duration amount) {
        Objects.requireNonNull(amount, "amount == null");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative, was " + amount);
        }
        offset.accumulateAndGet(amount, Duration::plus);
        return this;
    }

    /**
     * How far this clock is ahead of real time.
     *
     * @return the offset
     */
    public Duration offset() {
        return offset.get();
    }

    /** Puts the clock back to real time. */
    public void resetOffset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * This clock in another zone; shares the offset, so advancing one advances both.
     *
     * @param newZone the zone
     * @return a clock sharing this one's offset
     */
    @Override
    public Clock withZone(ZoneId newZone) {
        return newZone.equals(zone) ? this : new FakeClock(offset, newZone);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public String toString() {
        return "FakeClock[offset=" + offset.get() + ", zone=" + zone + "]";
    }
}
