package io.civicpass.spi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP proxy for the client's requests: host, port, optional Basic credentials, and the hosts
 * reached directly instead ({@code NO_PROXY}). Immutable. Each transport applies it to an HTTP
 * client it builds itself; an HTTP client the user hands over keeps its own proxy settings and
 * ignores these (each transport says so).
 *
 * <p>Requests to {@code https} URLs go through the proxy as a {@code CONNECT} tunnel; requests
 * to {@code http} URLs are sent to the proxy in absolute form. The credentials are sent
 * preemptively as {@code Proxy-Authorization: Basic ...} to the proxy only, never to a host
 * reached directly. The password is a secret: it never appears in {@link #toString()} or in an
 * exception message.
 *
 * <pre>{@code
 * CivicPassConfig.builder()
 *     .proxy(ProxySettings.of("proxy.internal", 3128).withCredentials("svc-civic", password))
 *     ...
 * // or as curl would: HTTPS_PROXY / https_proxy and NO_PROXY / no_proxy
 * CivicPassConfig.builder().proxyFromEnvironment()...
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ProxySettings {

    /** The proxy variables read by {@link #fromEnvironment()}, lower case first as curl reads them. */
    private static final List<String> PROXY_VARIABLES = List.of("https_proxy", "HTTPS_PROXY");
    private static final List<String> NO_PROXY_VARIABLES = List.of("no_proxy", "NO_PROXY");

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final List<String> noProxy;

    private ProxySettings(String host, int port, String username, String password, List<String> noProxy) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.noProxy = List.copyOf(noProxy);
    }

    /**
     * An HTTP proxy without credentials, used for every host.
     *
     * @param host the proxy's host name or IP address
     * @param port the proxy's port, 1 to 65535
     * @return the settings
     * @throws IllegalArgumentException when the host is blank or holds characters no host has, or
     *                                  the port is out of range
     */
    public static ProxySettings of(String host, int port) {
        Objects.requireNonNull(host, "host == null");
        String trimmed = host.trim();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        if (trimmed.isEmpty() || !trimmed.matches("[A-Za-z0-9._:%-]+")) {
            throw new IllegalArgumentException("proxy host '" + trimmed + "' is not a host name or IP address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port must be 1 to 65535, was " + port);
        }
        return new ProxySettings(trimmed, port, null, null, List.of());
    }

    /**
     * The proxy curl would use for an {@code https} URL: {@code https_proxy}, else
     * {@code HTTPS_PROXY} (a URL {@code http://[user:password@]host[:port]}, port 1080 when
     * absent, user and password percent-decoded), with the hosts of {@code no_proxy}, else
     * {@code NO_PROXY} (see {@link #withNoProxy(List)}). Empty when no proxy variable is set.
     *
     * @return the settings, or empty
     * @throws IllegalArgumentException naming the variable (never its value, which may hold a
     *                                  password) when it is not such a URL
     */
    public static Optional<ProxySettings> fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * As {@link #fromEnvironment()}, from the given variables.
     *
     * @param environment variable names to values
     * @return the settings, or empty
     */
    public static Optional<ProxySettings> fromEnvironment(Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment == null");
        String variable = null;
        String value = null;
        for (String name : PROXY_VARIABLES) {
            String candidate = environment.get(name);
            if (candidate != null && !candidate.isBlank()) {
                variable = name;
                value = candidate.trim();
                break;
            }
        }
        if (value == null) {
            return Optional.empty();
        }
        ProxySettings settings = parse(variable, value);
        for (String name : NO_PROXY_VARIABLES) {
            String hosts = environment.get(name);
            if (hosts != null && !hosts.isBlank()) {
                settings = settings.withNoProxy(List.of(hosts.split(",")));
                break;
            }
        }
        return Optional.of(settings);
    }

    private static ProxySettings parse(String variable, String value) {
        String text = value.contains("://") ? value : "http://" + value;
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException malformed) {
            throw new IllegalArgumentException(variable + " is not a proxy URL (http://[user:password@]host[:port])");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException(variable + " must name an http:// proxy; "
                    + (uri.getScheme() == null ? "no scheme" : "scheme " + safeScheme(uri.getScheme()))
                    + " is not supported");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(variable + " is not a proxy URL (http://[user:password@]host[:port])");
        }
        ProxySettings settings;
        try {
            settings = of(uri.getHost(), uri.getPort() == -1 ? 1080 : uri.getPort());
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(variable + " names no usable proxy host and port");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String pass = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
            if (user.isEmpty()) {
                throw new IllegalArgumentException(variable + " has a password but no user name");
            }
            settings = settings.withCredentials(user, pass);
        }
        return settings;
    }

    private static String safeScheme(String scheme) {
        return scheme.matches("[A-Za-z][A-Za-z0-9+.-]{0,15}") ? scheme : "<scheme>";
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * These settings with Basic credentials for the proxy.
     *
     * @param user     the user name: not blank, no colon, no control characters
     * @param secret   the password, a secret (never shown); may be empty
     * @return new settings
     */
    public ProxySettings withCredentials(String user, String secret) {
        Objects.requireNonNull(user, "username == null");
        Objects.requireNonNull(secret, "password == null");
        if (user.isBlank() || user.indexOf(':') >= 0 || user.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("proxy username '" + printable(user)
                    + "' must not be blank or hold a colon or control characters");
        }
        if (secret.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("proxy password must not hold control characters");
        }
        return new ProxySettings(host, port, user, secret, noProxy);
    }

    /**
     * These settings with hosts reached directly, as curl reads {@code NO_PROXY}: each entry a
     * host name, domain or IP address (surrounding blanks and a leading dot ignored, case
     * ignored, a {@code :port} suffix ignored); a name matches itself and every name under it
     * ({@code example.com} matches {@code api.example.com}, not {@code badexample.com}); an IP
     * address matches only itself; {@code *} alone matches every host. Address ranges (CIDR) are
     * not supported. Replaces any list set before.
     *
     * @param hosts the entries; blank ones are skipped
     * @return new settings
     */
    public ProxySettings withNoProxy(List<String> hosts) {
        Objects.requireNonNull(hosts, "hosts == null");
        List<String> entries = new ArrayList<>();
        for (String entry : hosts) {
            Objects.requireNonNull(entry, "hosts entry == null");
            String normalized = normalize(entry);
            if (!normalized.isEmpty()) {
                if (!normalized.matches("[a-z0-9._:%*-]+")) {
                    throw new IllegalArgumentException("no-proxy entry '" + printable(entry) + "' is not a host name,"
                            + " domain or IP address");
                }
                entries.add(normalized);
            }
        }
        return new ProxySettings(host, port, username, password, entries);
    }

    private static String normalize(String entry) {
        String e = entry.trim().toLowerCase(Locale.ROOT);
        if (e.startsWith("[")) {
            int close = e.indexOf(']');
            return close > 0 ? e.substring(1, close) : e;
        }
        if (e.chars().filter(c -> c == ':').count() == 1) {
            e = e.substring(0, e.indexOf(':')); // host:port; more than one colon is an IPv6 address
        }
        while (e.startsWith(".")) {
            e = e.substring(1);
        }
        while (e.endsWith(".")) {
            e = e.substring(0, e.length() - 1);
        }
        return e;
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().limit(64).forEach(c -> out.append(c < 0x20 || c == 0x7f ? '?' : (char) c));
        return out.toString();
    }

    /**
     * The proxy's host.
     *
     * @return the host name or IP address (IPv6 without brackets)
     */
    public String host() {
        return host;
    }

    /**
     * The proxy's port.
     *
     * @return 1 to 65535
     */
    public int port() {
        return port;
    }

    /**
     * The user name for the proxy.
     *
     * @return the user name, or empty without credentials
     */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /**
     * The password for the proxy: a secret, for a transport to hand to its HTTP library only.
     *
     * @return the password, or empty without credentials
     */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /**
     * The hosts reached directly, normalized.
     *
     * @return the entries
     */
    public List<String> noProxy() {
        return noProxy;
    }

    /**
     * Whether a request to this host goes directly rather than through the proxy (see
     * {@link #withNoProxy(List)}).
     *
     * @param requestHost the host of the request's URL
     * @return true when a no-proxy entry matches it
     */
    public boolean bypasses(String requestHost) {
        Objects.requireNonNull(requestHost, "host == null");
        String h = requestHost.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String entry : noProxy) {
            if (entry.equals("*") || h.equals(entry)) {
                return true;
            }
            boolean address = entry.contains(":") || entry.matches("[0-9.]+");
            if (!address && h.endsWith("." + entry)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The value of the {@code Proxy-Authorization} header for the credentials, to send to the
     * proxy only: a secret.
     *
     * @return {@code Basic <base64(user:password)>}, or empty without credentials
     */
    public Optional<String> proxyAuthorization() {
        if (username == null) {
            return Optional.empty();
        }
        return Optional.of("Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A JDK proxy selector for these settings: the proxy for every URI but those whose host
     * {@link #bypasses(String) bypasses} it, which get {@link Proxy#NO_PROXY}. The proxy's address
     * is left unresolved, for the HTTP library to resolve when it connects.
     *
     * @return the selector
     */
    public ProxySelector asProxySelector() {
        Proxy proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                Objects.requireNonNull(uri, "uri == null");
                return uri.getHost() != null && bypasses(uri.getHost()) ? List.of(Proxy.NO_PROXY) : List.of(proxy);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
                // nothing to learn: there is one proxy
            }

            @Override
            public String toString() {
                return "ProxySelector[" + ProxySettings.this + "]";
            }
        };
    }

    /**
     * Describes the settings; never shows the password.
     *
     * @return host, port, user name, whether there is a password, and the no-proxy entries
     */
    @Override
    public String toString() {
        return "ProxySettings[" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                + (username == null ? "" : ", username=" + username + ", password=<redacted>")
                + (noProxy.isEmpty() ? "" : ", noProxy=" + noProxy) + "]";
    }
}
