package io.civicpass;

import io.civicpass.model.PassKey;
import java.nio.charset.StandardCharsets;

/**
 * Builds the API's paths, relative to the API base, with every segment percent-encoded so no
 * input can reach another endpoint. Inputs are validated before they get here; encoding is
 * the second line of defence.
 */
final class CivicPaths {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CivicPaths() {
    }

    /**
     * {@code /pass}, for listing.
     *
     * @return the path
     */
    public static String passes() {
        return "/pass";
    }

    /**
     * {@code /pass/{chain}/{chainNetwork}}, for issuing.
     *
     * @param key the pass key
     * @return the path
     */
    public static String issue(PassKey key) {
        return "/pass/" + segment(key.chain().value()) + "/" + segment(key.network().value());
    }

    /**
     * {@code /pass/{chain}/{chainNetwork}/{wallet}}, for retrieve, update and revoke.
     *
     * @param key the pass key
     * @return the path
     */
    public static String pass(PassKey key) {
        return issue(key) + "/" + segment(key.wallet().value());
    }

    /**
     * {@code /piirequest/{scopeRequestId}}.
     *
     * @param requestId the scope request id
     * @return the path
     */
    public static String pii(String requestId) {
        return "/piirequest/" + segment(requestId);
    }

    /**
     * {@code /piirequest/{scopeRequestId}/status}.
     *
     * @param requestId the scope request id
     * @return the path
     */
    public static String piiStatus(String requestId) {
        return pii(requestId) + "/status";
    }

    /**
     * {@code /piirequest/{scopeRequestId}/evidence/{name}}.
     *
     * @param requestId the scope request id
     * @param name      the evidence name, a link relation such as {@code idDocumentFront}
     * @return the path
     */
    public static String evidence(String requestId, String name) {
        return pii(requestId) + "/evidence/" + segment(name);
    }

    /**
     * Percent-encodes one path segment: everything but RFC 3986 unreserved characters.
     *
     * @param raw the segment
     * @return the encoded segment
     */
    public static String segment(String raw) {
        if (raw.equals(".") || raw.equals("..")) {
            return raw.replace(".", "%2E"); // a dot segment would climb the path
        }
        for (int i = 0; i < raw.length(); i++) {
            if (!unreserved(raw.charAt(i))) {
                return encoded(raw);
            }
        }
        return raw; // the usual case (chains, networks, wallets): nothing to encode, nothing to copy
    }

    private static String encoded(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 16);
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (unreserved(c)) {
                out.append(c);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
