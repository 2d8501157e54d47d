package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared retry bucket: its arithmetic, and that it neither loses nor invents retries under contention. */
class RetryBudgetTest {

    @Test
    void startsFullAndGivesAsManyRetriesAsItsCapacity() {
        RetryBudget budget = new RetryBudget(3, 0);
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void fractionalRefillsAddUpToAWholeRetry() {
        RetryBudget budget = new RetryBudget(1, 0.2);
        assertThat(budget.tryRetry()).isTrue();
        for (int i = 0; i < 4; i++) {
            budget.recordCall();
        }
        assertThat(budget.tryRetry()).as("four calls at 0.2 make 0.8 of a retry").isFalse();
        budget.recordCall();
        assertThat(budget.tryRetry()).as("the fifth makes one").isTrue();
    }

    @Test
    void refillsStopAtTheCapacityHoweverLargeTheRefill() {
        RetryBudget budget = new RetryBudget(2, Double.MAX_VALUE);
        budget.recordCall();
        budget.recordCall();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
        budget.recordCall();
        assertThat(budget.tryRetry()).as("one call fills the bucket, and no more").isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void aZeroCapacityNeverRetries() {
        RetryBudget budget = new RetryBudget(0, 5);
        budget.recordCall();
        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void concurrentCallsAndRetriesSpendExactlyWhatWasRefilled() throws InterruptedException {
        // Empty at the start; 8 threads x 1,000 calls at 0.25 refill 2,000 retries, and every thread
        // then tries to spend as many as it can: exactly 2,000 succeed, whatever the interleaving.
        RetryBudget budget = new RetryBudget(100_000, 0.25);
        while (budget.tryRetry()) {
            // drain
        }
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch refilled = new CountDownLatch(threads);
        AtomicInteger spent = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 1_000; i++) {
                        budget.recordCall();
                    }
                    refilled.countDown();
                    refilled.await();
                    while (budget.tryRetry()) {
                        spent.incrementAndGet();
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(spent).hasValue(2_000);
    }
}
