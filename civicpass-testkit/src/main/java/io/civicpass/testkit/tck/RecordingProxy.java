package io.civicpass.testkit.tck;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP forward proxy on loopback, for the contract's proxy tests: it accepts requests in
 * absolute form ({@code GET http://host:port/path HTTP/1.1}), records each request line and
 * header fields, and forwards the request to its origin over plain HTTP in origin form, without
 * the hop-by-hop fields ({@code Proxy-Authorization}, {@code Proxy-Connection},
 * {@code Connection}, {@code Keep-Alive}), as a real proxy does. It asks the origin to close the
 * connection after its response, relays that response as it came and then closes the client's
 * connection too. {@code CONNECT} is answered {@code 501} and recorded (the fake is plain HTTP:
 * a tunnel is not needed). JDK only, one daemon thread per connection.
 */
final class RecordingProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("proxy-authorization", "proxy-connection", "connection",
            "keep-alive", "te", "trailer", "upgrade");
    private static final AtomicInteger PROXIES = new AtomicInteger();

    /**
     * One request the proxy received.
     *
     * @param requestLine the request line as sent
     * @param headers     the header fields, names as sent, in order (a repeated field's values joined by commas)
     */
    record Received(String requestLine, Map<String, String> headers) {

        /**
         * A header's value, its name matched regardless of case.
         *
         * @param name the field name
         * @return the value, or empty
         */
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(field -> field.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst();
        }
    }

    private final ServerSocket server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());

    private RecordingProxy(ServerSocket server) {
        this.server = server;
    }

    /**
     * Starts a proxy on an ephemeral loopback port.
     *
     * @return the running proxy
     */
    static RecordingProxy start() {
        ServerSocket server;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException cannotBind) {
            throw new IllegalStateException("cannot start the recording proxy on loopback", cannotBind);
        }
        RecordingProxy proxy = new RecordingProxy(server);
        int id = PROXIES.incrementAndGet();
        Thread acceptor = new Thread(proxy::accept, "recording-proxy-" + id);
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    /**
     * The host the proxy listens on.
     *
     * @return a loopback address
     */
    String host() {
        return server.getInetAddress().getHostAddress();
    }

    /**
     * The port the proxy listens on.
     *
     * @return the port
     */
    int port() {
        return server.getLocalPort();
    }

    /**
     * The requests received so far, in order.
     *
     * @return a snapshot
     */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        synchronized (open) {
            for (Socket socket : open) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            open.clear();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            open.add(client);
            Thread handler = new Thread(() -> serve(client), "recording-proxy-connection");
            handler.setDaemon(true);
            handler.start();
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String requestLine = readLine(in);
            if (requestLine == null || requestLine.isEmpty()) {
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.merge(line.substring(0, colon).trim(), line.substring(colon + 1).trim(),
                            (first, next) -> first + ", " + next);
                }
            }
            received.add(new Received(requestLine, Collections.unmodifiableMap(new LinkedHashMap<>(headers))));
            String[] parts = requestLine.split(" ");
            if (parts.length != 3 || !parts[1].startsWith("http://")) {
                respond(out, parts.length > 0 && parts[0].equals("CONNECT") ? "501 Not Implemented" : "400 Bad Request");
                return;
            }
            byte[] body = readBody(in, headers);
            forward(parts[0], URI.create(parts[1]), parts[2], headers, body, out);
        } catch (IOException | RuntimeException broken) {
            // the client or the origin went away: nothing to record
        } finally {
            open.remove(client);
        }
    }

    private static void forward(String method, URI target, String version, Map<String, String> headers, byte[] body,
                                OutputStream toClient) throws IOException {
        int port = target.getPort() == -1 ? 80 : target.getPort();
        try (Socket origin = new Socket()) {
            origin.connect(new InetSocketAddress(target.getHost(), port), 5_000);
            origin.setTcpNoDelay(true);
            StringBuilder head = new StringBuilder();
            String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
            head.append(method).append(' ').append(path)
                    .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                    .append(' ').append(version).append("\r\n");
            headers.forEach((name, value) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    head.append(name).append(": ").append(value).append("\r\n");
                }
            });
            head.append("Connection: close\r\n\r\n");
            OutputStream toOrigin = origin.getOutputStream();
            toOrigin.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            toOrigin.write(body);
            toOrigin.flush();
            origin.getInputStream().transferTo(toClient); // the origin closes after its response
            toClient.flush();
        }
    }

    private static void respond(OutputStream out, String status) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
        String length = null;
        for (Map.Entry<String, String> field : headers.entrySet()) {
            if (field.getKey().equalsIgnoreCase("Content-Length")) {
                length = field.getValue();
            }
            if (field.getKey().equalsIgnoreCase("Transfer-Encoding")) {
                throw new IOException("chunked request bodies are not supported by the recording proxy");
            }
        }
        if (length == null) {
            return new byte[0];
        }
        return in.readNBytes(Integer.parseInt(length.trim()));
    }

    /** One line up to CRLF (or LF), ISO-8859-1; null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
