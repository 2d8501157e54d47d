package io.civicpass.retrofit;

import io.civicpass.error.CivicPassException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Instant;
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
 * One HTTP exchange with Civic, run either blocking ({@link #execute()}) or on OkHttp's
 * dispatcher ({@link #enqueue()}). It sends exactly one request and hands the outcome to core:
 * the response to the request description's {@code read}, an I/O failure to its {@code failure}.
 *
 * @param <T> the result; {@link Void} for operations whose body does not matter
 */
final class Exchange<T> {

    /** Core's reading of a response: {@code ApiCall.read} or {@code TokenRequest.read}. */
    @FunctionalInterface
    interface ResponseReader<T> {
        T read(int status, Function<String, String> headers, byte[] body, Instant now);
    }

    private final String request;
    private final Supplier<Call<ResponseBody>> newCall;
    private final ResponseReader<T> reader;
    private final Function<Throwable, CivicPassException> transportFailure;
    private final Clock clock;

    /**
     * @param request          method and path, for the message of a cancellation
     * @param newCall          creates the Retrofit call (not yet sent)
     * @param reader           turns the response into the result or core's exception
     * @param transportFailure core's exception for a failure below HTTP
     * @param clock            the context's clock, for {@code Retry-After} dates and token expiry
     */
    Exchange(String request, Supplier<Call<ResponseBody>> newCall, ResponseReader<T> reader,
             Function<Throwable, CivicPassException> transportFailure, Clock clock) {
        this.request = request;
        this.newCall = newCall;
        this.reader = reader;
        this.transportFailure = transportFailure;
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
            throw transportFailure.apply(unreadable);
        }
        return reader.read(status, headers, body, clock.instant());
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
            CancellationException cancelled = new CancellationException(request + " was cancelled");
            cancelled.initCause(failed);
            return cancelled;
        }
        return transportFailure.apply(failed);
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
