package io.civicpass.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request the fake received, as the journal keeps it. Header names are case-insensitive.
 * The body may hold credentials (a token request) or an access token may be in the headers:
 * {@link #toString()} shows neither.
 *
 * @param method  the HTTP method, upper case
 * @param path    the raw (still percent-encoded) path from the server root, without the query,
 *                for example {@code /partner/pass/ethereum/sepolia}
 * @param headers the request headers, names case-insensitive
 * @param body    the request body, empty when none
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, byte[] body) {

    /**
     * Copies everything, so a recorded request never changes.
     *
     * @param method  the HTTP method, upper case
     * @param path    the raw path from the server root, without the query
     * @param headers the request headers; null for none
     * @param body    the request body; null for none
     */
    public RecordedRequest {
        Objects.requireNonNull(method, "method == null");
        Objects.requireNonNull(path, "path == null");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (name != null) {
                    copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values == null ? List.of() : values);
                }
            });
        }
        copy.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body.clone();
    }

    /**
     * The body.
     *
     * @return a copy of the bytes
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body as UTF-8 text.
     *
     * @return the text, empty when there is no body
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, any case
     * @return the value, or empty when absent
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordedRequest that && that.method.equals(method) && that.path.equals(path)
                && that.headers.equals(headers) && Arrays.equals(that.body, body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, headers, Arrays.hashCode(body));
    }

    /**
     * Method, path and body size: never header values or the body, which may hold secrets.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "RecordedRequest[" + method + " " + path + ", headers=" + headers.keySet() + ", body=" + body.length
                + " bytes]";
    }
}
