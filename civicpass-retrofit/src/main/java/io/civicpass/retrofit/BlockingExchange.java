package io.civicpass.retrofit;

import io.civicpass.okhttp.OkHttpFailures;
import io.civicpass.okhttp.SendState;
import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.TransportException;
import java.io.IOException;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;

/**
 * The blocking face: {@code Call.execute()} on the calling thread, within the request's
 * deadline. OkHttp gives up on an interrupted thread at its next read or write.
 */
final class BlockingExchange implements HttpExchange {

    private final Calls calls;
    private final RetrofitConnection connection;

    BlockingExchange(Calls calls, RetrofitConnection connection) {
        this.calls = calls;
        this.connection = connection;
    }

    @Override
    public HttpResponse execute(HttpRequest request) {
        connection.ensureOpen();
        if (Thread.currentThread().isInterrupted()) {
            throw new TransportException(TransportException.Kind.IO, false,
                    "the calling thread was interrupted before the request was sent", null);
        }
        SendState state = new SendState();
        Call<ResponseBody> call = calls.newCall(request, state, false);
        Response<ResponseBody> response;
        try {
            response = call.execute();
        } catch (IOException failed) {
            throw OkHttpFailures.classifyBlocking(failed, state, call.isCanceled());
        }
        return Calls.response(response, state);
    }

    @Override
    public String toString() {
        return "RetrofitTransport.BlockingExchange";
    }
}
