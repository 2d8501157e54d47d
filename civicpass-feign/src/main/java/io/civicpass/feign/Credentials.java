package io.civicpass.feign;

import feign.AsyncClient;
import feign.Client;
import feign.Request;
import feign.RequestInterceptor;
import feign.RequestTemplate;
import feign.Response;
import io.civicpass.okhttp.SendState;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.TransportException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Carries each request through Feign by reference, which keeps {@code Authorization} values out
 * of Feign's logging. Feign logs a request after its request interceptors and before its client
 * runs, so a {@link feign.Logger} at {@code HEADERS} or {@code FULL} would write the bearer token
 * (or Basic client credentials) to the log. Instead, an exchange deposits the request here and
 * hands Feign only a random reference in {@link #REFERENCE_HEADER}:
 *
 * <ol>
 *   <li>{@link #headers()}, the first request interceptor, copies the request's header fields
 *       (all but {@code Authorization}) into Feign's template literally (Feign would read braces
 *       in a value as a template expression), so the user's interceptors and the logger see them;</li>
 *   <li>the innermost client wrappers ({@link #attachTo(Client)}) drop the reference, add the
 *       real {@code Authorization} value, and refuse a request whose deadline has passed, just
 *       before the HTTP client writes it.</li>
 * </ol>
 *
 * Capabilities wrap the client outside these wrappers, so they never see the credential either.
 */
final class Credentials {

    /** Carries the reference through Feign; never sent over the wire. */
    static final String REFERENCE_HEADER = "X-Civicpass-Credential-Ref";

    private static final String AUTHORIZATION = "Authorization";

    private final Map<String, Held> held = new ConcurrentHashMap<>();

    /** A request held for its exchange, and where its sending through the default client stands. */
    private record Held(HttpRequest request, SendState state) {
    }

    /**
     * Holds a request for the duration of its exchange.
     *
     * @param request the request as core built it
     * @param state   where its sending stands (marked only by the default client)
     * @return the reference to send in {@link #REFERENCE_HEADER}
     */
    String hold(HttpRequest request, SendState state) {
        String reference = UUID.randomUUID().toString();
        held.put(reference, new Held(request, state));
        return reference;
    }

    /**
     * Forgets a request once its exchange has ended.
     *
     * @param reference the reference, or null
     */
    void release(String reference) {
        if (reference != null) {
            held.remove(reference);
        }
    }

    /**
     * The interceptor that writes each request's header fields, the credential excepted, into
     * Feign's template; it must run before the user's interceptors.
     *
     * @return the interceptor
     */
    RequestInterceptor headers() {
        return template -> {
            HttpRequest request = lookUp(template.headers().get(REFERENCE_HEADER));
            if (request == null) {
                return;
            }
            request.headers().asMap().forEach((name, values) -> {
                if (!AUTHORIZATION.equalsIgnoreCase(name)) {
                    template.removeHeader(name);
                    template.headerLiteral(name, values.toArray(new String[0]));
                }
            });
            if (request.hasBody()) {
                // With a charset, Feign's FULL level prints a text body instead of "Binary data".
                setBody(template, request);
            }
        };
    }

    private static void setBody(RequestTemplate template, HttpRequest request) {
        template.body(request.body(), textCharset(request.headers().firstOrNull("Content-Type")));
    }

    /** UTF-8 for JSON, form and text bodies; null (binary to Feign's logger) otherwise. */
    private static Charset textCharset(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.contains("json") || type.startsWith("text/") || type.startsWith("application/x-www-form-urlencoded")
                ? StandardCharsets.UTF_8 : null;
    }

    private HttpRequest lookUp(Collection<String> references) {
        Held found = lookUpHeld(references);
        return found == null ? null : found.request();
    }

    private Held lookUpHeld(Collection<String> references) {
        if (references == null || references.isEmpty()) {
            return null;
        }
        return held.get(references.iterator().next());
    }

    /**
     * The request as it goes on the wire: the reference header replaced by {@code Authorization}.
     *
     * @param request the request as Feign built it
     * @return the request to send
     * @throws TransportException when the deadline passed before the request could be written
     * @throws IllegalStateException when the exchange that held the request has already ended
     */
    Request reveal(Request request) {
        return revealHeld(request).request();
    }

    /** The request to send, with the request as core built it and its send state (both null when none was held). */
    private record Revealed(Request request, HttpRequest original, SendState state) {
    }

    private Revealed revealHeld(Request request) {
        Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.headers().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        Collection<String> references = headers.remove(REFERENCE_HEADER);
        if (references == null || references.isEmpty()) {
            return new Revealed(request, null, null);
        }
        Held found = lookUpHeld(references);
        if (found == null) {
            throw new IllegalStateException("the exchange of this request has already ended");
        }
        HttpRequest original = found.request();
        if (original.expired()) {
            throw TransportException.notSent(TransportException.Kind.TIMEOUT,
                    "the deadline passed before the request was written", null);
        }
        List<String> authorization = original.headers().all(AUTHORIZATION);
        if (!authorization.isEmpty()) {
            headers.put(AUTHORIZATION, authorization); // replaces any an interceptor set
        }
        return new Revealed(Request.create(request.httpMethod(), request.url(), headers, request.body(),
                request.charset(), request.requestTemplate()), original, found.state());
    }

    /**
     * Wraps the default client, blocking face, so it sends the real credential and knows each
     * request's deadline and send state.
     *
     * @param delegate the default client
     * @return the wrapper
     */
    Client attachTo(OwnedOkHttpClient delegate) {
        return new Client() {
            @Override
            public Response execute(Request request, Request.Options options) {
                Revealed revealed = revealHeld(request);
                return delegate.execute(revealed.request(), options, revealed.original(),
                        revealed.state() != null ? revealed.state() : new SendState());
            }
        };
    }

    /**
     * Wraps the default client, non-blocking face, so it sends the real credential and knows
     * each request's deadline and send state.
     *
     * @param delegate the default client
     * @return the wrapper
     */
    AsyncClient<Object> attachAsyncTo(OwnedOkHttpClient delegate) {
        return new AsyncClient<>() {
            @Override
            public CompletableFuture<Response> execute(Request request, Request.Options options,
                                                       Optional<Object> requestContext) {
                Revealed revealed;
                try {
                    revealed = revealHeld(request);
                } catch (RuntimeException refused) {
                    return CompletableFuture.failedFuture(refused);
                }
                return delegate.executeAsync(revealed.request(), options, revealed.original(),
                        revealed.state() != null ? revealed.state() : new SendState());
            }
        };
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
                } catch (RuntimeException refused) {
                    return CompletableFuture.failedFuture(refused);
                }
                return delegate.execute(revealed, options, requestContext);
            }
        };
    }
}
