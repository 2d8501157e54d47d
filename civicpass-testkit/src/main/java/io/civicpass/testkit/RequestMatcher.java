package io.civicpass.testkit;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Selects requests, for fault injection and journal queries: by method and a glob on the path
 * from the server root. In the glob {@code *} matches within one path segment and {@code **}
 * any number of segments, so {@code /partner/pass/**} matches {@code /partner/pass} and
 * everything below it. Immutable.
 */
public final class RequestMatcher implements Predicate<RecordedRequest> {

    private static final RequestMatcher ANY = new RequestMatcher("any request", request -> true);
    private static final RequestMatcher TOKEN = of("*", FakeCivic.TOKEN_PATH);
    private static final RequestMatcher API = of("*", FakeCivic.API_PATH + "/**");

    private final String description;
    private final Predicate<RecordedRequest> predicate;

    private RequestMatcher(String description, Predicate<RecordedRequest> predicate) {
        this.description = description;
        this.predicate = predicate;
    }

    /**
     * Every request.
     *
     * @return the matcher
     */
    public static RequestMatcher any() {
        return ANY;
    }

    /**
     * Requests with a method and a path matching a glob.
     *
     * @param method   the HTTP method, or {@code *} for any
     * @param pathGlob a glob on the raw path from the server root, for example
     *                 {@code /partner/pass/**} or {@code /oauth/token}
     * @return the matcher
     */
    public static RequestMatcher of(String method, String pathGlob) {
        Objects.requireNonNull(method, "method == null");
        Objects.requireNonNull(pathGlob, "pathGlob == null");
        String wanted = method.toUpperCase(Locale.ROOT);
        Pattern path = glob(pathGlob);
        return new RequestMatcher(wanted + " " + pathGlob,
                request -> ("*".equals(wanted) || wanted.equals(request.method()))
                        && path.matcher(request.path()).matches());
    }

    /**
     * Requests to the token endpoint.
     *
     * @return the matcher
     */
    public static RequestMatcher tokenRequests() {
        return TOKEN;
    }

    /**
     * Requests to the API (everything under {@code /partner}).
     *
     * @return the matcher
     */
    public static RequestMatcher apiRequests() {
        return API;
    }

    /**
     * Requests any predicate accepts, for selections a glob cannot express.
     *
     * @param description what the predicate selects, for messages
     * @param predicate   the test
     * @return the matcher
     */
    public static RequestMatcher where(String description, Predicate<RecordedRequest> predicate) {
        return new RequestMatcher(Objects.requireNonNull(description, "description == null"),
                Objects.requireNonNull(predicate, "predicate == null"));
    }

    /**
     * Requests both this and another matcher select.
     *
     * @param other the other matcher
     * @return the combined matcher
     */
    public RequestMatcher and(RequestMatcher other) {
        Objects.requireNonNull(other, "other == null");
        return new RequestMatcher(description + " and " + other.description, predicate.and(other.predicate));
    }

    /**
     * Whether this matcher selects a request.
     *
     * @param request the request
     * @return true when selected
     */
    @Override
    public boolean test(RecordedRequest request) {
        return predicate.test(request);
    }

    @Override
    public String toString() {
        return "RequestMatcher[" + description + "]";
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (glob.startsWith("/**", i)) {
                regex.append("(/.*)?"); // zero or more further segments
                i += 3;
            } else if (glob.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (c == '*') {
                regex.append("[^/]*");
                i++;
            } else if (c == '?') {
                regex.append("[^/]");
                i++;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return Pattern.compile(regex.toString());
    }
}
