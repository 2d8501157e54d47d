package io.civicpass.gate;

import io.civicpass.spi.AsyncHttpExchange;
import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.HttpMethod;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.Scheduler;
import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportSettings;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A real transport whose answers to pass lookups can be held: while {@link #hold()} is in force,
 * a lookup reaches the fake (and its journal) at once, but its response is handed to the client
 * only at {@link #release()}. Tests wait on {@link #awaitArrivals(int)}, never on time.
 */
final class HeldTransport implements Transport {

    private final Transport delegate;
    private final Semaphore arrivals = new Semaphore(0);
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    HeldTransport(Transport delegate) {
        this.delegate = delegate;
    }

    /** Holds the responses of lookups sent from now on. */
    void hold() {
        gate = new CompletableFuture<>();
    }

    /** Hands the held responses over, and stops holding. */
    void release() {
        gate.complete(null);
    }

    /** Waits until this many lookups arrived while held (since the last wait). */
    void awaitArrivals(int count) throws InterruptedException {
        if (!arrivals.tryAcquire(count, 20, TimeUnit.SECONDS)) {
            throw new AssertionError("expected " + count + " held lookups, got " + arrivals.availablePermits());
        }
    }

    /** Lookups that arrived while held and were not awaited. */
    int unawaitedArrivals() {
        return arrivals.availablePermits();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    private static boolean isLookup(HttpRequest request) {
        return request.method() == HttpMethod.GET && request.uri().getPath().startsWith("/partner/pass/");
    }

    @Override
    public TransportConnection connect(TransportSettings settings) {
        TransportConnection connection = delegate.connect(settings);
        return new TransportConnection() {
            @Override
            public Optional<HttpExchange> blocking() {
                return connection.blocking().map(exchange -> request -> {
                    CompletableFuture<Void> held = isLookup(request) ? gate : null;
                    HttpResponse response = exchange.execute(request);
                    if (held != null && !held.isDone()) {
                        arrivals.release();
                        held.join();
                    }
                    return response;
                });
            }

            @Override
            public Optional<AsyncHttpExchange> async() {
                return connection.async().map(exchange -> request -> {
                    CompletableFuture<Void> held = isLookup(request) ? gate : null;
                    CompletableFuture<HttpResponse> response = exchange.execute(request);
                    if (held == null || held.isDone()) {
                        return response;
                    }
                    return response.whenComplete((r, e) -> arrivals.release()).thenCombine(held, (r, v) -> r);
                });
            }

            @Override
            public Optional<Scheduler> scheduler() {
                return connection.scheduler();
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }
}
