package io.civicpass.feign;

import feign.Response;
import io.civicpass.okhttp.SendState;
import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The blocking face: sends each request through a Feign proxy on the calling thread. A
 * sensitive request goes through the proxy whose logging stops at headers.
 */
final class FeignExchange implements HttpExchange {

    private final BlockingHttp http;
    private final BlockingHttp sensitiveHttp;
    private final Credentials credentials;
    private final Duration connectTimeout;
    private final Duration readCap;
    private final BooleanSupplier closed;

    FeignExchange(BlockingHttp http, BlockingHttp sensitiveHttp, Credentials credentials, Duration connectTimeout,
                  Duration readCap, BooleanSupplier closed) {
        this.http = http;
        this.sensitiveHttp = sensitiveHttp;
        this.credentials = credentials;
        this.connectTimeout = connectTimeout;
        this.readCap = readCap;
        this.closed = closed;
    }

    @Override
    public HttpResponse execute(HttpRequest request) {
        if (closed.getAsBoolean()) {
            throw FeignCalls.closed();
        }
        if (request.expired()) {
            throw FeignCalls.expired();
        }
        String reference = credentials.hold(request, new SendState());
        try {
            Response response = HttpMethods.send(request.sensitive() ? sensitiveHttp : http, request.method(),
                    request.uri(), Map.of(Credentials.REFERENCE_HEADER, reference), request.body(),
                    FeignCalls.options(request, connectTimeout, readCap));
            return FeignCalls.read(response);
        } catch (TransportException reported) {
            throw reported;
        } catch (RuntimeException | IOException failure) {
            throw FeignCalls.failure(failure);
        } finally {
            credentials.release(reference);
        }
    }
}
