package io.civicpass.testkit;

/**
 * A request the fake's API refuses: the status, error code and message that {@link Router}
 * turns into a JSON error body (or an OAuth-shaped one for the token endpoint). Thrown by every
 * room, so a refusal deep in a check needs no return path of its own; it carries no stack trace
 * because it is an answer, not a bug.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    final boolean oauthShape;

    ApiError(int status, String code, String message) {
        this(status, code, message, false);
    }

    ApiError(int status, String code, String message, boolean oauthShape) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.oauthShape = oauthShape;
    }

    /**
     * A message with the request's Bearer token in it, as a careless server writes one; for
     * {@link Switches#echoSecretsInErrors}, to prove a client never shows such a message.
     */
    static String withEchoedToken(String message, RecordedRequest request) {
        String header = request.header("Authorization").orElse("").trim();
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return message;
        }
        return message + " (request made with access token " + header.substring(7).trim() + ")";
    }

    /** A client's value as quoted in a message: one line, at most 80 characters. */
    static String shorten(String value) {
        if (value == null) {
            return "null";
        }
        String oneLine = value.replaceAll("[\\p{Cntrl}]", "?");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 80) + "...";
    }
}
