package io.civicpass.retrofit;

import io.civicpass.okhttp.OkHttpRequests;
import io.civicpass.okhttp.SendState;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.TransportException;
import io.civicpass.spi.TransportException.Kind;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import okio.Timeout;
import retrofit2.Call;
import retrofit2.Response;

/**
 * What both exchanges share: turning core's {@link HttpRequest} into a Retrofit call with its
 * deadline applied, and the response into an {@link HttpResponse}. The URL, header and body
 * checks, and the classifier of failures, are civicpass-okhttp's ({@link OkHttpRequests},
 * {@link io.civicpass.okhttp.OkHttpFailures}). Messages never hold a URL's query, a header value
 * or a body.
 */
final class Calls {

    private static final byte[] NO_BYTES = new byte[0];

    private final HttpApi api;
    private final boolean applyTimeout;

    /**
     * @param api          the Retrofit interface over the connection's OkHttp client
     * @param applyTimeout whether each call's OkHttp timeout is set to what its request has left
     *                     (false keeps a shared client's own call timeout, bounded by the deadline)
     */
    Calls(HttpApi api, boolean applyTimeout) {
        this.api = api;
        this.applyTimeout = applyTimeout;
    }

    /**
     * A Retrofit call for the request, not started, bounded by the request's deadline.
     *
     * @param request    the request as core built it
     * @param state      where the request's sending stands, tagged onto the OkHttp request
     * @param ownTimer   whether the caller ends the call at its deadline with a timer of its own
     *                   that also covers the dispatcher's queue (the non-blocking face): OkHttp's
     *                   call timeout would repeat it, and each one OkHttp arms walks and locks its
     *                   JVM-wide list of timeouts, so a call of the transport's own client gets none
     * @return the call
     * @throws TransportException (not sent) when the deadline has already passed or OkHttp
     *                            cannot send the request exactly as given
     */
    Call<ResponseBody> newCall(HttpRequest request, SendState state, boolean ownTimer) {
        if (request.expired()) {
            throw TransportException.notSent(Kind.TIMEOUT, "the request's deadline passed before it was started", null);
        }
        String url = OkHttpRequests.checkedUrl(request.uri());
        Headers headers = OkHttpRequests.headers(request.headers().asMap());
        Call<ResponseBody> call;
        try {
            call = switch (request.method()) {
                case GET -> {
                    if (request.hasBody()) {
                        throw OkHttpRequests.notSendable("OkHttp sends no body with GET");
                    }
                    yield api.get(url, headers, request, state);
                }
                case DELETE -> request.hasBody()
                        ? api.deleteWithBody(url, headers, body(request), request, state)
                        : api.delete(url, headers, request, state);
                case POST -> api.post(url, headers, body(request), request, state);
                case PUT -> api.put(url, headers, body(request), request, state);
                case PATCH -> api.patch(url, headers, body(request), request, state);
            };
            Timeout timeout = call.timeout(); // creates OkHttp's call, so that the request is built here
            if (ownTimer) {
                if (applyTimeout) {
                    timeout.timeout(0, TimeUnit.NANOSECONDS).clearDeadline();
                }
            } else {
                if (applyTimeout) {
                    timeout.timeout(Math.max(1, request.remaining().toNanos()), TimeUnit.NANOSECONDS);
                }
                // OkHttp starts a call's timeout only when the dispatcher runs it; the deadline counts from
                // when core built the request, so time queued in the dispatcher is included.
                timeout.deadlineNanoTime(request.deadlineNanos());
            }
        } catch (IllegalArgumentException | IllegalStateException refused) {
            // Retrofit's and OkHttp's messages may quote the URL: name the failure's type only.
            throw OkHttpRequests.notSendable("OkHttp refused to build the request (" + refused.getClass().getSimpleName() + ")");
        }
        return call;
    }

    /**
     * The whole response, whatever its status, with the {@code Retry-After} values as the server
     * sent them. Retrofit has already buffered the body.
     *
     * @param response Retrofit's response
     * @param state    the request's send state, holding any {@code Retry-After} values restated for OkHttp
     * @return the response
     * @throws TransportException (may have been sent) when the body cannot be read or the status
     *                            is outside 100 to 599
     */
    static HttpResponse response(Response<ResponseBody> response, SendState state) {
        int status = response.code();
        Headers fields = response.headers();
        io.civicpass.spi.Headers.Builder headers = io.civicpass.spi.Headers.builder();
        List<String> sentRetryAfter = state.sentRetryAfter();
        for (int i = 0; i < fields.size(); i++) {
            if (sentRetryAfter == null || !"Retry-After".equalsIgnoreCase(fields.name(i))) {
                headers.add(fields.name(i), fields.value(i));
            }
        }
        if (sentRetryAfter != null) {
            sentRetryAfter.forEach(value -> headers.add("Retry-After", value));
        }
        byte[] body;
        try (ResponseBody content = response.isSuccessful() ? response.body() : response.errorBody()) {
            body = content == null ? NO_BYTES : content.bytes();
        } catch (IOException unreadable) {
            throw TransportException.maybeSent(Kind.IO, "the response body could not be read", unreadable);
        }
        if (status < 100 || status > 599) {
            throw TransportException.maybeSent(Kind.IO, "the response's status " + status + " is not an HTTP status", null);
        }
        return HttpResponse.of(status, headers.build(), body);
    }

    /**
     * The body, or an empty one where OkHttp needs a body and core gave none; one-shot. Its media
     * type is core's {@code Content-Type}, so Retrofit leaves that header as it is.
     */
    private static RequestBody body(HttpRequest request) {
        String contentType = request.headers().firstOrNull("Content-Type");
        return OkHttpRequests.oneShotBody(request.hasBody() ? request.body() : NO_BYTES,
                contentType == null ? null : MediaType.parse(contentType));
    }
}
