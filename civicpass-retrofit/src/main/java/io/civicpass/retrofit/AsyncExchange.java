package io.civicpass.retrofit;

import io.civicpass.okhttp.OkHttpFailures;
import io.civicpass.okhttp.SendState;
import io.civicpass.spi.AsyncHttpExchange;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * The non-blocking face: {@code Call.enqueue} on OkHttp's dispatcher, so no thread waits for
 * a response. Callbacks run on the dispatcher's thread. The future completes by the request's
 * deadline, even while the call waits in the dispatcher's queue: one timer bounds the call, queue
 * and exchange alike, and cancels it at the deadline (OkHttp's own call timeout is not armed on
 * the transport's own client as well). Cancelling the returned future
 * cancels the OkHttp call, which releases its connection.
 */
final class AsyncExchange implements AsyncHttpExchange {

    private final Calls calls;
    private final RetrofitConnection connection;

    AsyncExchange(Calls calls, RetrofitConnection connection) {
        this.calls = calls;
        this.connection = connection;
    }

    @Override
    public CompletableFuture<HttpResponse> execute(HttpRequest request) {
        SendState state = new SendState();
        Call<ResponseBody> call;
        try {
            connection.ensureOpen();
            call = calls.newCall(request, state, true);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        CompletableFuture<HttpResponse> result = new CompletableFuture<>();
        // The call's deadline, queued or running: this timer (on the JDK's shared delay thread,
        // stopped once the exchange completes) fails the future and cancels the call, so a call still
        // queued is never sent and one in flight releases its connection.
        CompletableFuture<Void> deadline = new CompletableFuture<Void>()
                .orTimeout(Math.max(1, request.remaining().toNanos()), TimeUnit.NANOSECONDS);
        deadline.whenComplete((ignored, timedOut) -> {
            if (timedOut != null && !result.isDone()) {
                // The timeout first, then the cancel: the cancelled call's own failure must not be
                // what the caller sees. A request not yet written is stopped from being written
                // first, so "not sent" stays true even if its connection opens meanwhile.
                result.completeExceptionally(OkHttpFailures.deadlineReached(state, null));
                call.cancel();
            }
        });
        result.whenComplete((response, error) -> {
            deadline.complete(null); // stops the timer
            if (result.isCancelled()) {
                call.cancel(); // abandons the exchange: OkHttp closes its stream or never starts it
            }
        });
        call.enqueue(new Callback<>() {
            @Override
            public void onResponse(Call<ResponseBody> sent, Response<ResponseBody> response) {
                try {
                    result.complete(Calls.response(response, state));
                } catch (RuntimeException | Error failed) {
                    result.completeExceptionally(failed);
                }
            }

            @Override
            public void onFailure(Call<ResponseBody> sent, Throwable failed) {
                result.completeExceptionally(OkHttpFailures.classify(failed, state, sent.isCanceled()));
            }
        });
        return result;
    }

    @Override
    public String toString() {
        return "RetrofitTransport.AsyncExchange";
    }
}
