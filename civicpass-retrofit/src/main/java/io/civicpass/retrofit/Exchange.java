package io.civicpass.retrofit;

import io.civicpass.internal.CivicErrors;
import io.civicpass.internal.CivicResponses;
import io.civicpass.internal.Operation;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.Headers;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * One HTTP exchange with Civic, described once and run either blocking ({@link #execute()}) or
 * on OkHttp's dispatcher ({@link #enqueue()}). It sends exactly one request and hands the
 * outcome to core: the response to {@link CivicResponses}, an I/O failure to
 * {@link CivicErrors#transportFailure}.
 *
 * @param <T> the decoded result; {@link Void} for operations whose body does not matter
 */
final class Exchange<T> {

    /** Reads the body of a 2xx response; may look at the headers (evidence needs its content type). */
    @FunctionalInterface
    interface Decoder<T> {
        T decode(Function<String, String> headers, byte[] body);
    }

    private final Operation operation;
    private final String path;
    private final Supplier<Call<ResponseBody>> newCall;
    private final Decoder<T> decoder;
    private final Clock clock;

    /**
     * @param operation what is being done, for error mapping
     * @param path      the request path as core built it, for error messages
     * @param newCall   creates the Retrofit call (not yet sent)
     * @param decoder   reads a 2xx body, or null when only success matters
     * @param clock     the context's clock, for {@code Retry-After} dates
     */
    Exchange(Operation operation, String path, Supplier<Call<ResponseBody>> newCall, Decoder<T> decoder, Clock clock) {
        this.operation = operation;
        this.path = path;
        this.newCall = newCall;
        this.decoder = decoder;
        this.clock = clock;
    }

    /** Sends the request on the calling thread and waits for the whole response. */
    T execute() {
        Call<ResponseBody> call = newCall.get();
        Response<ResponseBody> response;
        try {
            response = call.execute();
        } catch (IOException failed) {
            throw asUnchecked(failure(call, failed));
        }
        return read(response);
    }

    /**
     * Enqueues the request on OkHttp's dispatcher and returns at once. Cancelling the returned
     * future cancels the HTTP call; a call cancelled by anyone else completes the future as
     * cancelled.
     */
    CompletableFuture<T> enqueue() {
        Call<ResponseBody> call;
        try {
            call = newCall.get();
        } catch (RuntimeException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        result.whenComplete((ignored, error) -> {
            if (error instanceof CancellationException) {
                call.cancel();
            }
        });
        call.enqueue(new Callback<>() {
            @Override
            public void onResponse(Call<ResponseBody> sent, Response<ResponseBody> response) {
                try {
                    result.complete(read(response));
                } catch (RuntimeException | Error failed) {
                    result.completeExceptionally(failed);
                }
            }

            @Override
            public void onFailure(Call<ResponseBody> sent, Throwable failed) {
                result.completeExceptionally(failure(sent, failed));
            }
        });
        return result;
    }

    private T read(Response<ResponseBody> response) {
        int status = response.code();
        Function<String, String> headers = firstValue(response.headers());
        byte[] body;
        try (ResponseBody content = response.isSuccessful() ? response.body() : response.errorBody()) {
            // Retrofit has already buffered the body in memory, so this does no I/O.
            body = content == null ? new byte[0] : content.bytes();
        } catch (IOException unreadable) {
            throw asUnchecked(CivicErrors.transportFailure(operation, path, unreadable));
        }
        if (decoder == null) {
            CivicResponses.expectSuccess(operation, path, status, headers, body, clock.instant());
            return null;
        }
        return CivicResponses.read(operation, path, status, headers, body, clock.instant(),
                bytes -> decoder.decode(headers, bytes));
    }

    /**
     * What a failed call means to the caller. OkHttp reports three different things as an
     * {@link IOException}: a network failure or timeout (a transport failure), a call cancelled
     * by someone (a cancellation, which must not look like a failed exchange that might be
     * retried), and, on its dispatcher, an exception thrown by an interceptor (which a blocking
     * call would have thrown as it is). Anything else is passed on unchanged.
     */
    private Throwable failure(Call<ResponseBody> call, Throwable failed) {
        if (!(failed instanceof IOException)) {
            return failed;
        }
        Throwable[] suppressed = failed.getSuppressed();
        if (suppressed.length > 0 && String.valueOf(failed.getMessage()).startsWith("canceled due to ")) {
            return suppressed[0];
        }
        if (call.isCanceled() && !isCallTimeout(failed)) {
            CancellationException cancelled = new CancellationException(operation.method() + " " + path + " was cancelled");
            cancelled.initCause(failed);
            return cancelled;
        }
        return CivicErrors.transportFailure(operation, path, failed);
    }

    /** OkHttp's call timeout cancels the call too, then reports this exact exception. */
    private static boolean isCallTimeout(Throwable failed) {
        return failed instanceof InterruptedIOException && "timeout".equals(failed.getMessage());
    }

    private static RuntimeException asUnchecked(Throwable failure) {
        if (failure instanceof RuntimeException) {
            return (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        return new IllegalStateException(failure); // not reached: failures are mapped to unchecked types
    }

    /** Case-insensitive header lookup returning the first value, as core expects. */
    private static Function<String, String> firstValue(Headers headers) {
        return name -> {
            List<String> values = headers.values(name);
            return values.isEmpty() ? null : values.get(0);
        };
    }
}
