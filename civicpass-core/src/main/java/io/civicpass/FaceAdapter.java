package io.civicpass;

import io.civicpass.spi.AsyncHttpExchange;
import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.TransportException;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Supplies the face a transport lacks. A blocking-only transport answers asynchronously from a
 * bounded pool of daemon threads (as many as the pool has connections; queued requests whose
 * deadline passes before a thread frees up are never sent); a non-blocking-only transport is
 * awaited by the calling thread up to the request's deadline.
 */
final class FaceAdapter implements AutoCloseable {

    private final HttpExchange blocking;
    private final AsyncHttpExchange async;
    private final ThreadPoolExecutor executor;

    FaceAdapter(HttpExchange blocking, AsyncHttpExchange async, int threads) {
        this.executor = async == null ? newExecutor(threads) : null;
        this.blocking = blocking != null ? blocking : awaiting(async);
        this.async = async != null ? async : offloading(blocking, executor);
    }

    HttpExchange blocking() {
        return blocking;
    }

    AsyncHttpExchange async() {
        return async;
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private static HttpExchange awaiting(AsyncHttpExchange async) {
        return request -> {
            CompletableFuture<HttpResponse> pending = async.execute(request);
            try {
                return pending.get(Math.max(0, request.remaining().toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException late) {
                pending.cancel(true);
                throw TransportException.maybeSent(TransportException.Kind.TIMEOUT, "no response by the deadline", late);
            } catch (InterruptedException interrupted) {
                pending.cancel(true);
                Thread.currentThread().interrupt();
                throw TransportException.maybeSent(TransportException.Kind.IO, "interrupted", interrupted);
            } catch (ExecutionException failed) {
                Throwable cause = failed.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                throw TransportException.maybeSent(TransportException.Kind.IO, "exchange failed", cause);
            } catch (CancellationException cancelled) {
                throw TransportException.maybeSent(TransportException.Kind.IO, "exchange cancelled", cancelled);
            }
        };
    }

    private static AsyncHttpExchange offloading(HttpExchange blocking, ThreadPoolExecutor executor) {
        return request -> {
            CompletableFuture<HttpResponse> result = new CompletableFuture<>();
            Future<?> task;
            try {
                task = executor.submit((Runnable) () -> {
                    if (result.isDone()) {
                        return; // cancelled while queued: send nothing
                    }
                    if (request.expired()) {
                        result.completeExceptionally(TransportException.notSent(TransportException.Kind.TIMEOUT,
                                "deadline passed before a thread was free", null));
                        return;
                    }
                    try {
                        result.complete(blocking.execute(request));
                    } catch (RuntimeException failure) {
                        result.completeExceptionally(failure);
                    }
                });
            } catch (RejectedExecutionException closed) {
                return CompletableFuture.failedFuture(TransportException.notSent(TransportException.Kind.CONNECT,
                        "client closed", closed));
            }
            result.whenComplete((response, failure) -> {
                if (result.isCancelled()) {
                    task.cancel(true); // interrupts the blocking exchange, which gives up
                }
            });
            return result;
        };
    }

    private static ThreadPoolExecutor newExecutor(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "civicpass-blocking-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
