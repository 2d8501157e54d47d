package io.civicpass;

/**
 * A token bucket of retries shared by the calls of one client: each call adds a fraction of a
 * retry, each retry takes one. When Civic fails for everyone, retries fall to that fraction of
 * calls instead of multiplying the load.
 */
final class RetryBudget {

    private final double capacity;
    private final double refillPerCall;
    private double balance;

    RetryBudget(int capacity, double refillPerCall) {
        this.capacity = capacity;
        this.refillPerCall = refillPerCall;
        this.balance = capacity;
    }

    synchronized void recordCall() {
        balance = Math.min(capacity, balance + refillPerCall);
    }

    synchronized boolean tryRetry() {
        if (balance < 1) {
            return false;
        }
        balance -= 1;
        return true;
    }
}
