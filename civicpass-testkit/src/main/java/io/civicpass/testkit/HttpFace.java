package io.civicpass.testkit;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake's HTTP face: an HTTP/1.1 server of its own on loopback, real sockets, a thread per
 * connection, adding no dependency to a consumer's classpath.
 *
 * <p>It keeps every kept-alive connection usable until the client closes it, or it has been idle
 * for {@link #IDLE_TIMEOUT_MILLIS}; whenever the server closes a connection after a response,
 * that response says so ({@code Connection: close}). (The JDK's own {@code HttpServer}, used
 * before, silently closes a connection right after its response whenever 200 others are idle,
 * so a client that keeps its connections pooled met a closed connection on its next request.)
 * It knows which connections are open ({@link #openConnections()}), so tests can check that a
 * client releases its connections. Responses go out with {@code TCP_NODELAY}, so none waits for
 * Nagle's algorithm against the client's delayed ACK.
 */
final class HttpFace {

    /** How long a kept-alive connection may stay idle before the server closes it. */
    static final int IDLE_TIMEOUT_MILLIS = 30_000;
    /** How long the server waits for the rest of a request once its first byte arrived. */
    private static final int REQUEST_TIMEOUT_MILLIS = 30_000;
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;
    private static final int MAX_BODY = 8 * 1024 * 1024;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static volatile DateText lastDate;
    /** Framing is the server's business: a fault's headers never override these. */
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection", "date");

    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final CivicEngine engine;
    private final ServerSocket listener;
    private final ExecutorService executor;
    /** The open connections, in the order accepted. */
    private final Map<Socket, InetSocketAddress> open = new LinkedHashMap<>();
    private volatile boolean stopped;

    HttpFace(CivicEngine engine, int port) {
        this(engine, InetAddress.getLoopbackAddress(), port);
    }

    /**
     * A server on an address of this machine: loopback for tests, any other (the wildcard
     * {@code 0.0.0.0}, say) only when the standalone server is told to.
     */
    HttpFace(CivicEngine engine, InetAddress host, int port) {
        this.engine = engine;
        int serverNumber = SERVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            // A StringBuilder rather than +, whose first use of a shape costs a fresh JVM
            // milliseconds of method handle spinning before the server can accept.
            String name = new StringBuilder("fake-civic-").append(serverNumber).append("-http-")
                    .append(threads.incrementAndGet()).toString();
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        try {
            this.listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(host, port), 256);
        } catch (IOException cannotBind) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot start the fake Civic API on " + host.getHostAddress() + ":" + port,
                    cannotBind);
        }
        executor.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The client-side addresses of the connections open now, in the order accepted. */
    List<InetSocketAddress> openConnections() {
        synchronized (open) {
            return List.copyOf(open.values());
        }
    }

    void stop() {
        stopped = true;
        closeQuietly(listener);
        List<Socket> sockets;
        synchronized (open) {
            sockets = new ArrayList<>(open.keySet());
        }
        sockets.forEach(HttpFace::closeQuietly);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        while (!stopped) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException closedOrFailed) {
                if (stopped || listener.isClosed()) {
                    return;
                }
                continue; // a connection that failed while being accepted; keep serving the others
            }
            synchronized (open) {
                open.put(socket, (InetSocketAddress) socket.getRemoteSocketAddress());
            }
            try {
                executor.execute(() -> serve(socket));
            } catch (RejectedExecutionException stopping) {
                forget(socket);
            }
        }
    }

    /** Serves the requests of one connection, one after the other, until either side closes it. */
    private void serve(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
            HttpInput in = new HttpInput(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            while (!stopped) {
                socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
                Request request;
                try {
                    request = Request.read(in, () -> socket.setSoTimeout(REQUEST_TIMEOUT_MILLIS), out);
                } catch (BadRequest bad) {
                    // The request cannot be framed or its target parsed: say so and end the
                    // connection, since what follows on it cannot be told apart from this one.
                    write(out, "HTTP/1.1", "GET", EngineResponse.of(bad.status, JsonWriter.JSON_TYPE,
                            ErrorBodies.errorBody(ErrorBodies.errorCode(bad.status), bad.getMessage())), false);
                    return;
                }
                if (request == null) {
                    return; // the client closed the connection between requests
                }
                if (!exchange(request, out)) {
                    return;
                }
            }
        } catch (SocketTimeoutException idle) {
            // idle for too long, or a request that never finished arriving
        } catch (IOException | RuntimeException gone) {
            // the client went away or the server is stopping: nothing left to answer
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } finally {
            forget(socket);
        }
    }

    /** One request through the engine; whether the connection stays open for the next one. */
    private boolean exchange(Request request, OutputStream out) throws IOException, InterruptedException {
        if ((request.path.equals(AdminDesk.PATH) || request.path.startsWith(AdminDesk.PATH_PREFIX))
                && engine.adminDesk() != null) {
            // The admin API: answered at once, never journalled, never faulted. (A fake without
            // it treats the path as Civic would: an unknown one, journalled like any other.)
            EngineResponse response = engine.admin(new RecordedRequest(request.method, request.path, request.headers,
                    request.body), Request.query(request.target));
            boolean keepAlive = request.keepAlive();
            write(out, request.version, request.method, response, keepAlive);
            return keepAlive;
        }
        CivicEngine.Exchange handling = engine.accept(new RecordedRequest(request.method, request.path,
                request.headers, request.body));
        handling.await(handling.delayBeforeProcessing());
        EngineResponse response = handling.respond();
        handling.await(response.delay);
        if (response.reset || handling.outlived()) {
            // Closing before any byte of a response: the client sees its connection end with no
            // answer, as when a proxy or server dies mid-call.
            return false;
        }
        boolean keepAlive = request.keepAlive();
        write(out, request.version, request.method, response, keepAlive);
        return keepAlive;
    }

    private static void write(OutputStream out, String version, String method, EngineResponse response,
                              boolean keepAlive) throws IOException {
        int status = response.status;
        boolean noBody = status / 100 == 1 || status == 204 || status == 304;
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(status).append(' ').append(reasonPhrase(status)).append("\r\n");
        head.append("Date: ").append(httpDate()).append("\r\n");
        response.headers.forEach((name, value) -> {
            if (!FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        if (!noBody) {
            head.append("Content-Length: ").append(response.body.length).append("\r\n");
        }
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        } else if (version.equals("HTTP/1.0")) {
            head.append("Connection: keep-alive\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!noBody && !method.equals("HEAD")) {
            out.write(response.body);
        }
        out.flush();
    }

    /** The Date header's value, formatted once a second: it has a resolution of seconds. */
    private static String httpDate() {
        long second = System.currentTimeMillis() / 1000;
        DateText last = lastDate;
        if (last == null || last.second != second) {
            last = new DateText(second, HTTP_DATE.format(Instant.ofEpochSecond(second).atZone(ZoneOffset.UTC)));
            lastDate = last;
        }
        return last.text;
    }

    private record DateText(long second, String text) {
    }

    private void forget(Socket socket) {
        closeQuietly(socket);
        synchronized (open) {
            open.remove(socket);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is all that is left to do
        }
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 413 -> "Payload Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 505 -> "HTTP Version Not Supported";
            default -> ErrorBodies.reason(status);
        };
    }

    /** A request that cannot be read as HTTP/1.1: answered with its status, then the connection closes. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** Something to do once the first byte of a request has arrived. */
    private interface FirstByte {
        void arrived() throws IOException;
    }

    /** One request as read from the connection. */
    private record Request(String method, String version, String path, String target,
                           Map<String, List<String>> headers, byte[] body) {

        /**
         * Reads the next request, or null when the connection ends before its first byte.
         * Answers {@code Expect: 100-continue} before reading the body.
         */
        static Request read(HttpInput in, FirstByte firstByte, OutputStream out) throws IOException, BadRequest {
            String line = readLine(in, true);
            while (line != null && line.isEmpty()) {
                line = readLine(in, true); // an empty line before a request is allowed
            }
            if (line == null) {
                return null;
            }
            firstByte.arrived();
            String[] parts = line.split(" ", -1);
            if (parts.length != 3 || parts[0].isEmpty() || !isToken(parts[0], parts[0].length())) {
                throw new BadRequest(400, "malformed request line");
            }
            String version = parts[2];
            if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
                throw new BadRequest(505, "only HTTP/1.1 and HTTP/1.0 are served");
            }
            String path = path(parts[1]);
            Map<String, List<String>> headers = readHeaders(in);
            if ("100-continue".equalsIgnoreCase(first(headers, "Expect")) && version.equals("HTTP/1.1")) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            return new Request(parts[0].toUpperCase(Locale.ROOT), version, path, parts[1], headers,
                    readBody(in, headers));
        }

        /** Whether the client lets the connection stay open after the response. */
        boolean keepAlive() {
            List<String> connection = headers.getOrDefault("Connection", List.of());
            boolean close = false;
            boolean keep = false;
            for (String value : connection) {
                for (String option : value.split(",")) {
                    close |= option.trim().equalsIgnoreCase("close");
                    keep |= option.trim().equalsIgnoreCase("keep-alive");
                }
            }
            return !close && (version.equals("HTTP/1.1") || keep);
        }

        /** The raw query of a request target already parsed by {@link #path}, empty when none. */
        static String query(String target) {
            try {
                String raw = new URI(target).getRawQuery();
                return raw == null ? "" : raw;
            } catch (URISyntaxException checkedAlready) {
                return "";
            }
        }

        private static String path(String target) throws BadRequest {
            URI uri;
            try {
                uri = new URI(target);
            } catch (URISyntaxException unparseable) {
                throw new BadRequest(400, "the request target is not a URI");
            }
            String raw = uri.getRawPath();
            return raw == null || raw.isEmpty() ? "/" : raw;
        }

        private static Map<String, List<String>> readHeaders(HttpInput in) throws IOException, BadRequest {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            int count = 0;
            for (String line = readLine(in, false); !line.isEmpty(); line = readLine(in, false)) {
                if (++count > MAX_HEADERS) {
                    throw new BadRequest(431, "too many header fields");
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || !isToken(line, colon)) {
                    throw new BadRequest(400, "malformed header field"); // a leading space or tab is no token
                }
                headers.computeIfAbsent(line.substring(0, colon), name -> new ArrayList<>(1))
                        .add(line.substring(colon + 1).trim());
            }
            return headers;
        }

        private static byte[] readBody(HttpInput in, Map<String, List<String>> headers) throws IOException, BadRequest {
            String coding = String.join(",", headers.getOrDefault("Transfer-Encoding", List.of())).trim();
            if (!coding.isEmpty()) {
                String[] codings = coding.split(",");
                if (!codings[codings.length - 1].trim().equalsIgnoreCase("chunked")) {
                    throw new BadRequest(501, "transfer coding not served: " + coding);
                }
                return readChunks(in);
            }
            List<String> lengths = headers.getOrDefault("Content-Length", List.of());
            if (lengths.isEmpty()) {
                return new byte[0];
            }
            long length = -1;
            for (String value : lengths) {
                for (String item : value.split(",")) {
                    long parsed = parseLength(item.trim(), 10);
                    if (length >= 0 && parsed != length) {
                        throw new BadRequest(400, "conflicting Content-Length values");
                    }
                    length = parsed;
                }
            }
            if (length > MAX_BODY) {
                throw new BadRequest(413, "request body too large");
            }
            return readExactly(in, (int) length);
        }

        private static byte[] readChunks(HttpInput in) throws IOException, BadRequest {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String line = readLine(in, false);
                int extension = line.indexOf(';');
                long size = parseLength((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
                if (size == 0) {
                    while (!readLine(in, false).isEmpty()) {
                        // trailer fields: not kept
                    }
                    return body.toByteArray();
                }
                if (body.size() + size > MAX_BODY) {
                    throw new BadRequest(413, "request body too large");
                }
                body.write(readExactly(in, (int) size));
                if (!readLine(in, false).isEmpty()) {
                    throw new BadRequest(400, "malformed chunk");
                }
            }
        }

        private static long parseLength(String text, int radix) throws BadRequest {
            if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(c -> Character.digit(c, radix) >= 0)) {
                throw new BadRequest(400, "malformed length");
            }
            return Long.parseLong(text, radix);
        }

        private static byte[] readExactly(InputStream in, int length) throws IOException {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new SocketException("connection closed mid-body");
            }
            return bytes;
        }

        /**
         * One line, without its CRLF (or bare LF). At the start of a request an end of stream
         * before any byte is null; anywhere else it is a broken request.
         */
        private static String readLine(HttpInput in, boolean mayEnd) throws IOException, BadRequest {
            try {
                return in.readLine(MAX_LINE, mayEnd);
            } catch (HttpInput.LineTooLong tooLong) {
                throw new BadRequest(431, "request line or header field too long");
            }
        }

        private static String first(Map<String, List<String>> headers, String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** Whether the line's first {@code end} characters are all token characters. */
        private static boolean isToken(String line, int end) {
            for (int i = 0; i < end; i++) {
                if (!isTokenChar(line.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isTokenChar(int c) {
            return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }
    }
}
