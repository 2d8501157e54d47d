package io.civicpass.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The fake's error bodies, the API's {@code {"error":..., "message":...}} and the OAuth
 * endpoint's {@code {"error":..., "error_description":...}}, with the error codes and reason
 * phrases of statuses. It writes them byte for byte as the fake's Jackson mapper would
 * ({@code ErrorBodiesTest} holds it to that) without loading Jackson: a refusal (of a request
 * without a token, say) is the likeliest first answer of a server just launched, and need not
 * wait for Jackson's classes.
 *
 * <p>Jackson's default escaping, kept here: {@code "} and {@code \} escaped with a backslash;
 * the control characters below U+0020 as {@code \b \t \n \f \r} or else {@code \}{@code u00XX};
 * each UTF-16 surrogate, paired or not, as {@code \}{@code uXXXX}; upper-case hex; every other
 * character as its UTF-8 bytes.
 */
final class ErrorBodies {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private ErrorBodies() {
    }

    /** The API's error body. */
    static byte[] errorBody(String code, String message) {
        return twoFields("error", code, "message", message);
    }

    /** The OAuth endpoint's error body. */
    static byte[] oauthError(String code, String description) {
        return twoFields("error", code, "error_description", description);
    }

    /** The error code of a status, as the fake's error bodies name it. */
    static String errorCode(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 429 -> "too_many_requests";
            case 500 -> "internal_error";
            case 502 -> "bad_gateway";
            case 503 -> "service_unavailable";
            case 504 -> "gateway_timeout";
            default -> "http_" + status;
        };
    }

    /** The reason phrase of an error status. */
    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Temporarily Unavailable";
            case 504 -> "Gateway Time-out";
            default -> "Error";
        };
    }

    /** An object of two string fields, a null value as JSON null; the names need no escaping. */
    private static byte[] twoFields(String firstName, String first, String secondName, String second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(48 + length(first) + length(second));
        out.write('{');
        field(out, firstName, first);
        out.write(',');
        field(out, secondName, second);
        out.write('}');
        return out.toByteArray();
    }

    private static int length(String value) {
        return value == null ? 0 : value.length();
    }

    private static void field(ByteArrayOutputStream out, String name, String value) {
        out.write('"');
        out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        out.write('"');
        out.write(':');
        if (value == null) {
            out.writeBytes(new byte[] {'n', 'u', 'l', 'l'});
            return;
        }
        out.write('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.write('\\');
                out.write(c);
            } else if (c < 0x20) {
                controlCharacter(out, c);
            } else if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xC0 | (c >> 6));
                out.write(0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(out, c);
            } else {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            }
        }
        out.write('"');
    }

    private static void controlCharacter(ByteArrayOutputStream out, char c) {
        char shortForm = switch (c) {
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
        if (shortForm != 0) {
            out.write('\\');
            out.write(shortForm);
        } else {
            unicodeEscape(out, c);
        }
    }

    private static void unicodeEscape(ByteArrayOutputStream out, char c) {
        out.write('\\');
        out.write('u');
        out.write(HEX[(c >> 12) & 0xF]);
        out.write(HEX[(c >> 8) & 0xF]);
        out.write(HEX[(c >> 4) & 0xF]);
        out.write(HEX[c & 0xF]);
    }
}
