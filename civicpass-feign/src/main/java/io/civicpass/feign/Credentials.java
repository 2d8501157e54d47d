package io.civicpass.feign;

import feign.AsyncClient;
import feign.Client;
import feign.Request;
import feign.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps {@code Authorization} values out of Feign's request logging. Feign logs a request after
 * the request interceptors and before the client runs, so a {@link feign.Logger} at
 * {@code HEADERS} or {@code FULL} would write the bearer token (or the Basic client credentials)
 * to the log. Instead, a call deposits its credential here and sends only a random reference in
 * {@link #REFERENCE_HEADER}; the innermost client wrapper swaps the reference for the real
 * {@code Authorization} header just before the HTTP client sends the request.
 */
final class Credentials {

    /** Carries the reference through Feign; never sent over the wire. */
    static final String REFERENCE_HEADER = "X-Civicpass-Credential-Ref";

    private final Map<String, String> held = new ConcurrentHashMap<>();

    /**
     * Holds a credential for the duration of one call.
     *
     * @param authorization the {@code Authorization} header value
     * @return the reference to send in {@link #REFERENCE_HEADER}
     */
    String hold(String authorization) {
        String reference = UUID.randomUUID().toString();
        held.put(reference, authorization);
        return reference;
    }

    /**
     * Forgets a credential once its call has completed.
     *
     * @param reference the reference, or null
     */
    void release(String reference) {
        if (reference != null) {
            held.remove(reference);
        }
    }

    /**
     * The request as it goes on the wire: the reference header replaced by {@code Authorization}.
     *
     * @param request the request as Feign built it
     * @return the request to send
     * @throws IllegalStateException when the call that held the credential has already ended
     */
    Request reveal(Request request) {
        Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.headers().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        Collection<String> references = headers.remove(REFERENCE_HEADER);
        if (references == null || references.isEmpty()) {
            return request;
        }
        String authorization = held.get(references.iterator().next());
        if (authorization == null) {
            throw new IllegalStateException("the credential for this request is no longer held");
        }
        headers.put("Authorization", List.of(authorization)); // replaces any an interceptor set
        return Request.create(request.httpMethod(), request.url(), headers, request.body(), request.charset(),
                request.requestTemplate());
    }

    /**
     * Wraps a blocking client so it sends the real credential.
     *
     * @param delegate the client that talks HTTP
     * @return the wrapper
     */
    Client attachTo(Client delegate) {
        return new Client() {
            @Override
            public Response execute(Request request, Request.Options options) throws IOException {
                return delegate.execute(reveal(request), options);
            }
        };
    }

    /**
     * Wraps a non-blocking client so it sends the real credential.
     *
     * @param delegate the client that talks HTTP
     * @return the wrapper
     */
    AsyncClient<Object> attachTo(AsyncClient<Object> delegate) {
        return new AsyncClient<>() {
            @Override
            public CompletableFuture<Response> execute(Request request, Request.Options options,
                                                       Optional<Object> requestContext) {
                Request revealed;
                try {
                    revealed = reveal(request);
                } catch (RuntimeException gone) {
                    return CompletableFuture.failedFuture(gone);
                }
                return delegate.execute(revealed, options, requestContext);
            }
        };
    }
}
