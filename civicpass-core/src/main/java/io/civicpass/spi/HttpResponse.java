package io.civicpass.spi;

import java.util.Objects;

/**
 * One HTTP response as the transport received it: status, header fields and the whole body.
 * A transport hands back every status as it came (redirects included: it must not follow
 * them); core decides what each means.
 *
 * @since 0.1.0
 */
public final class HttpResponse {

    private static final byte[] NO_BODY = new byte[0];

    private final int status;
    private final Headers headers;
    private final byte[] body;

    private HttpResponse(int status, Headers headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /**
     * A response.
     *
     * @param status  the status code, 100 to 599
     * @param headers the header fields
     * @param body    the body, possibly empty; null is read as empty. Not copied: the
     *                transport hands over a buffer it no longer uses
     * @return the response
     */
    public static HttpResponse of(int status, Headers headers, byte[] body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100 to 599, was " + status);
        }
        return new HttpResponse(status, Objects.requireNonNull(headers, "headers == null"),
                body == null ? NO_BODY : body);
    }

    /**
     * The status code.
     *
     * @return for example 200
     */
    public int status() {
        return status;
    }

    /**
     * The header fields.
     *
     * @return the headers
     */
    public Headers headers() {
        return headers;
    }

    /**
     * The body. Not copied, for speed: do not change it.
     *
     * @return the body, empty when there was none
     */
    public byte[] body() {
        return body;
    }

    /**
     * The status and body length only: the body may hold secrets or personal data.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "HttpResponse[" + status + ", " + body.length + " bytes]";
    }
}
