package io.civicpass;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket of retries shared by the calls of one client: each call adds a fraction of a
 * retry, each retry takes one. When Civic fails for everyone, retries fall to that fraction of
 * calls instead of multiplying the load.
 *
 * <p>Every call records itself here, from however many threads call the client, so the bucket
 * takes no lock: its balance is one atomic count of millionths of a retry, and a call that
 * finds it full (the usual case) only reads it. A monitor here was contended at 16 threads.
 */
final class RetryBudget {

    /** Millionths of a retry: a refill per call is kept to six decimal places. */
    private static final long UNIT = 1_000_000L;

    private final long capacity;
    private final long refillPerCall;
    private final AtomicLong balance;

    RetryBudget(int capacity, double refillPerCall) {
        this.capacity = capacity * UNIT;
        // The balance never exceeds the capacity, so a larger refill means the same as the capacity.
        this.refillPerCall = Math.min(this.capacity, Math.round(refillPerCall * UNIT));
        this.balance = new AtomicLong(this.capacity);
    }

    void recordCall() {
        long current;
        do {
            current = balance.get();
            if (current >= capacity) {
                return;
            }
        } while (!balance.compareAndSet(current, Math.min(capacity, current + refillPerCall)));
    }

    boolean tryRetry() {
        long current;
        do {
            current = balance.get();
            if (current < UNIT) {
                return false;
            }
        } while (!balance.compareAndSet(current, current - UNIT));
        return true;
    }
}
