package io.civicpass.benchmarks;

import io.civicpass.spi.AsyncHttpExchange;
import io.civicpass.spi.Headers;
import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.HttpMethod;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportSettings;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A transport with no network: every token request gets the same token response and every
 * other request the same body, so a call through the client measures core alone, its decoder
 * above all.
 */
final class FixedBytesTransport implements Transport {

    private final HttpResponse token;
    private final HttpResponse answer;

    /**
     * @param tokenBody  the token endpoint's answer
     * @param answerBody every other answer
     */
    FixedBytesTransport(byte[] tokenBody, byte[] answerBody) {
        Headers json = Headers.builder().set("Content-Type", "application/json; charset=utf-8").build();
        this.token = HttpResponse.of(200, json, tokenBody);
        this.answer = HttpResponse.of(200, json, answerBody);
    }

    @Override
    public String name() {
        return "fixed-bytes";
    }

    @Override
    public TransportConnection connect(TransportSettings settings) {
        HttpExchange blocking = this::respond;
        AsyncHttpExchange async = request -> CompletableFuture.completedFuture(respond(request));
        return new TransportConnection() {
            @Override
            public Optional<HttpExchange> blocking() {
                return Optional.of(blocking);
            }

            @Override
            public Optional<AsyncHttpExchange> async() {
                return Optional.of(async);
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    private HttpResponse respond(HttpRequest request) {
        return request.method() == HttpMethod.POST && request.uri().getPath().endsWith("/oauth/token") ? token : answer;
    }
}
