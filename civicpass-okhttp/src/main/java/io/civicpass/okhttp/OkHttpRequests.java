package io.civicpass.okhttp;

import io.civicpass.spi.TransportException;
import io.civicpass.spi.TransportException.Kind;
import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * The parts of an OkHttp request as a transport builds them from core's request, each refused
 * (as a {@link TransportException} "not sent", whose message quotes no URL, header value or body)
 * where OkHttp would send something other than what core built: a URL whose path OkHttp would
 * rewrite, a header it cannot send. Bodies are one-shot, so OkHttp never replays one.
 *
 * @since 0.1.0
 */
public final class OkHttpRequests {

    private OkHttpRequests() {
    }

    /**
     * The URL to hand OkHttp (or Retrofit), as it is. OkHttp resolves dot segments,
     * percent-encoded ones such as {@code %2E} included, so a URI whose path it would rewrite is
     * refused rather than sent to another resource. A path of plain characters, as core builds
     * them, needs no parse of its own here (OkHttp parses the URL once anyway).
     *
     * @param uri the request's URI
     * @return the URI's text
     * @throws TransportException (not sent) when OkHttp cannot send to it exactly
     */
    public static String checkedUrl(URI uri) {
        Objects.requireNonNull(uri, "uri == null");
        String text = uri.toString();
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String scheme = uri.getScheme();
        if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && keptAsIs(rawPath)) {
            return text;
        }
        HttpUrl url = HttpUrl.parse(text);
        if (url == null) {
            throw notSendable("OkHttp sends only http and https URLs, not " + scheme);
        }
        if (!url.encodedPath().equals(rawPath)) {
            throw notSendable("OkHttp would rewrite the request's path (a dot segment), so it is not sent");
        }
        return text;
    }

    /**
     * Whether OkHttp certainly keeps the path byte for byte: it holds only characters OkHttp
     * never encodes, percent escapes of two hex digits that are not a dot, and no segment that is
     * {@code .} or {@code ..}. Anything else takes the full check of {@link #checkedUrl(URI)}.
     *
     * @param rawPath a URI's raw path
     * @return true when OkHttp sends it as it is
     */
    public static boolean keptAsIs(String rawPath) {
        int segmentStart = 0;
        for (int i = 0; i <= rawPath.length(); i++) {
            char c = i < rawPath.length() ? rawPath.charAt(i) : '/';
            if (c == '/') {
                int length = i - segmentStart;
                if (length == 1 && rawPath.charAt(segmentStart) == '.'
                        || length == 2 && rawPath.charAt(segmentStart) == '.' && rawPath.charAt(segmentStart + 1) == '.') {
                    return false;
                }
                segmentStart = i + 1;
            } else if (c == '%') {
                if (i + 2 >= rawPath.length() || Character.digit(rawPath.charAt(i + 1), 16) < 0
                        || Character.digit(rawPath.charAt(i + 2), 16) < 0
                        || rawPath.charAt(i + 1) == '2' && (rawPath.charAt(i + 2) == 'e' || rawPath.charAt(i + 2) == 'E')) {
                    return false;
                }
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~!$&'()*+,;=:@".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The header fields as OkHttp's, every value in order, but {@code Content-Length}, which OkHttp
     * computes from the body itself. OkHttp's checks' messages may quote a value; ours do not.
     *
     * @param fields the fields by name
     * @return OkHttp's headers
     * @throws TransportException (not sent) when a name or value has a character outside printable ASCII
     */
    public static Headers headers(Map<String, ? extends Collection<String>> fields) {
        Headers.Builder builder = new Headers.Builder();
        fields.forEach((name, values) -> {
            if ("Content-Length".equalsIgnoreCase(name)) {
                return;
            }
            for (String value : values) {
                try {
                    builder.add(name, value);
                } catch (IllegalArgumentException notAscii) {
                    throw notSendable("OkHttp cannot send the header " + name
                            + ": its name or value has a character outside printable ASCII");
                }
            }
        });
        return builder.build();
    }

    /**
     * A body OkHttp sends at most once: one-shot, so OkHttp never replays it on its own (and
     * OkHttp's {@code HttpLoggingInterceptor} does not print it).
     *
     * @param content     the bytes, not copied (the caller must not change them)
     * @param contentType the body's media type, or null to leave the request's own
     *                    {@code Content-Type} header exactly as it is
     * @return the body
     */
    public static RequestBody oneShotBody(byte[] content, MediaType contentType) {
        Objects.requireNonNull(content, "content == null");
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return contentType;
            }

            @Override
            public long contentLength() {
                return content.length;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(content);
            }

            @Override
            public boolean isOneShot() {
                return true;
            }
        };
    }

    /**
     * The failure for a request OkHttp cannot send as given: nothing was sent.
     *
     * @param message what is wrong, quoting no URL, header value or body
     * @return the exception
     */
    public static TransportException notSendable(String message) {
        return new TransportException(Kind.IO, false, message, null);
    }
}
