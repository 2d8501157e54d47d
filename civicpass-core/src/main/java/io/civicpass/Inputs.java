package io.civicpass;

import java.time.Duration;
import java.util.Objects;

import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassUpdate;
import io.civicpass.model.PiiDecision;
import io.civicpass.model.PiiLink;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/** Argument checks made before anything is sent; each names the field and the value. */
final class Inputs {

    private static final Pattern PII_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,127}");
    private static final Pattern EVIDENCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Inputs() {
    }

    static PassKey key(PassKey key) {
        Objects.requireNonNull(key, "key == null");
        return key;
    }

    static PassQuery query(PassQuery query) {
        Objects.requireNonNull(query, "query == null");
        return query;
    }

    static PiiDecision decision(PiiDecision decision) {
        Objects.requireNonNull(decision, "decision == null");
        return decision;
    }

    static PassUpdate update(PassUpdate update, Instant now) {
        Objects.requireNonNull(update, "update == null");
        update.findExpiry().ifPresent(expiry -> {
            if (!expiry.isAfter(now)) {
                throw new IllegalArgumentException("expiryTimestamp " + expiry + " must be in the future (now " + now + ")");
            }
            if (expiry.isAfter(now.plus(MAX_EXPIRY_AHEAD))) {
                throw new IllegalArgumentException("expiryTimestamp " + expiry + " is more than " + MAX_EXPIRY_AHEAD.toDays()
                        + " days ahead, beyond any pass lifetime (at most a year)");
            }
        });
        return update;
    }

    static String piiRequestId(String id) {
        Objects.requireNonNull(id, "scopeRequestId == null");
        if ( !PII_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("scopeRequestId " + quote(id)
                    + " is not a valid id (1 to 128 letters, digits, '.', '_', '~' or '-', starting with a letter or digit)");
        }
        return id;
    }

    static String evidenceName(String name) {
        Objects.requireNonNull(name, "name == null");
        if ( !EVIDENCE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("evidence name " + quote(name)
                    + " is not valid (1 to 64 letters, digits, '.', '_' or '-', for example idDocumentFront)");
        }
        return name;
    }

    /** The furthest an expiry may be moved: passes live at most a year, so two is a mistake. */
    static final Duration MAX_EXPIRY_AHEAD = Duration.ofDays(2 * 366);

    /** The longest {@code awaitConfirmed} waits: far beyond any confirmation, short of overflowing a clock. */
    static final Duration MAX_AWAIT = Duration.ofDays(1);

    /** A wait bound: positive and at most {@code max}. */
    static Duration timeout(Duration timeout, String name, Duration max) {
        Objects.requireNonNull(timeout, name + " == null");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be positive and at most " + max + ", was " + timeout);
        }
        return timeout;
    }

    /**
     * The encoded path, relative to the API base, of a link the server gave; refuses any link
     * that is not under the API base, so the bearer token never goes to another host or path.
     */
    static String pathUnderApi(URI apiUrl, PiiLink link) {
        Objects.requireNonNull(link, "link == null");
        URI href;
        try {
            href = new URI(link.href());
        } catch (URISyntaxException malformed) {
            throw new IllegalArgumentException("link href '" + link.href() + "' is not a valid URL");
        }
        String refusal = "link href '" + link.href() + "' is not under the configured API base " + apiUrl
                + "; the access token is only ever sent there";
        if (!href.isAbsolute() || href.getRawUserInfo() != null || href.getRawQuery() != null
                || href.getRawFragment() != null
                || !apiUrl.getScheme().equalsIgnoreCase(href.getScheme())
                || href.getHost() == null || !apiUrl.getHost().equalsIgnoreCase(href.getHost())
                || port(apiUrl) != port(href)) {
            throw new IllegalArgumentException(refusal);
        }
        String base = apiUrl.getRawPath() == null ? "" : apiUrl.getRawPath();
        String path = href.getRawPath();
        if (path == null || !path.startsWith(base + "/") || path.length() == base.length() + 1) {
            throw new IllegalArgumentException(refusal);
        }
        String relative = path.substring(base.length());
        for (String segment : relative.substring(1).split("/", -1)) {
            String decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (decoded.isEmpty() || decoded.equals(".") || decoded.equals("..") || decoded.contains("/")
                    || decoded.contains("\\")) {
                throw new IllegalArgumentException(refusal);
            }
        }
        return relative;
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }

    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String oneLine = value.replaceAll("[\\r\\n\\t]", " ");
        return "'" + (oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 80) + "...") + "'";
    }
}
