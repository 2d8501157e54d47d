package io.civicpass.testkit;

import io.civicpass.spi.AsyncHttpExchange;
import io.civicpass.spi.Headers;
import io.civicpass.spi.HttpExchange;
import io.civicpass.spi.HttpMethod;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportException;
import io.civicpass.spi.TransportSettings;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal transport over plain sockets, written against the SPI alone, so the contract suite
 * runs over real sockets inside this module with nothing of an HTTP library's between the client
 * and the fake: HTTP/1.1 on kept-alive connections it pools itself, never a request sent twice,
 * no redirects followed, and every connection closed by {@link TransportConnection#close()}.
 * It offers the blocking face only: core answers the non-blocking one from its own threads, and
 * cancelling such a call interrupts the thread, which closes the connection (a socket channel is
 * interruptible). Plain {@code http} only, as the fake serves.
 *
 * <p>It replaced a transport over the JDK's {@code HttpClient}, which on Java 17 cannot be
 * closed: its selector thread, workers and pooled connections stay until a garbage collection,
 * so it could not meet the contract's check of {@code close()}.
 */
final class SocketTransport implements Transport {

    @Override
    public String name() {
        return "socket-test";
    }

    @Override
    public TransportConnection connect(TransportSettings settings) {
        return new Connection(settings);
    }

    /** One client's connection pool. */
    private static final class Connection implements TransportConnection {

        private final TransportSettings settings;
        private final Deque<Pooled> idle = new ArrayDeque<>();
        private final Set<Pooled> open = ConcurrentHashMap.newKeySet();
        private volatile boolean closed;

        Connection(TransportSettings settings) {
            this.settings = settings;
        }

        @Override
        public Optional<HttpExchange> blocking() {
            return Optional.of(this::execute);
        }

        @Override
        public Optional<AsyncHttpExchange> async() {
            return Optional.empty();
        }

        @Override
        public void close() {
            closed = true;
            synchronized (idle) {
                idle.clear();
            }
            for (Pooled connection : open) {
                connection.close(); // exchanges in flight fail: their connection is gone
            }
        }

        private HttpResponse execute(HttpRequest request) {
            if (closed) {
                throw TransportException.notSent(TransportException.Kind.CONNECT, "the transport connection is closed", null);
            }
            URI uri = request.uri();
            if (!"http".equalsIgnoreCase(uri.getScheme())) {
                throw TransportException.notSent(TransportException.Kind.CONNECT, "only http is served here", null);
            }
            InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
            Pooled connection = take(address);
            if (connection == null) {
                connection = open(address, request);
            }
            boolean reusable = false;
            try {
                connection.write(request, address);
                Response response = connection.read(request);
                reusable = response.keepAlive && !closed;
                return HttpResponse.of(response.status, Headers.of(response.headers), response.body);
            } catch (SocketTimeoutException late) {
                throw TransportException.maybeSent(TransportException.Kind.TIMEOUT, "no complete response by the deadline", late);
            } catch (ClosedByInterruptException interrupted) {
                Thread.currentThread().interrupt();
                throw TransportException.maybeSent(TransportException.Kind.IO, "interrupted", interrupted);
            } catch (IOException failed) {
                throw TransportException.maybeSent(TransportException.Kind.IO, "connection failed during the exchange: "
                        + failed.getClass().getSimpleName(), failed);
            } finally {
                if (reusable) {
                    release(connection);
                } else {
                    connection.close();
                }
            }
        }

        /** An idle connection to the address the server has not closed, or null. */
        private Pooled take(InetSocketAddress address) {
            while (true) {
                Pooled candidate;
                synchronized (idle) {
                    candidate = idle.pollFirst();
                }
                if (candidate == null) {
                    return null;
                }
                if (candidate.address.equals(address) && candidate.stillOpen()) {
                    return candidate;
                }
                candidate.close();
            }
        }

        private void release(Pooled connection) {
            synchronized (idle) {
                if (!closed && idle.size() < settings.maxConnections()) {
                    idle.addFirst(connection);
                    return;
                }
            }
            connection.close();
        }

        private Pooled open(InetSocketAddress address, HttpRequest request) {
            if (request.expired()) {
                throw TransportException.notSent(TransportException.Kind.TIMEOUT, "deadline passed before connecting", null);
            }
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                Duration timeout = settings.connectTimeout().compareTo(request.remaining()) < 0
                        ? settings.connectTimeout() : request.remaining();
                channel.socket().connect(address, (int) Math.max(1, timeout.toMillis()));
                channel.socket().setTcpNoDelay(true);
                Pooled connection = new Pooled(address, channel);
                open.add(connection);
                if (closed) {
                    connection.close();
                    throw TransportException.notSent(TransportException.Kind.CONNECT, "the transport connection is closed", null);
                }
                return connection;
            } catch (IOException failed) {
                closeQuietly(channel);
                if (failed instanceof ClosedByInterruptException) {
                    Thread.currentThread().interrupt();
                }
                String what = failed instanceof ConnectException ? "connection refused"
                        : failed instanceof SocketTimeoutException ? "connect timed out" : "cannot connect";
                throw TransportException.notSent(TransportException.Kind.CONNECT, what, failed);
            }
        }

        private static void closeQuietly(SocketChannel channel) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
        }

        /** One socket, idle in the pool or carrying one exchange. */
        private final class Pooled {
            final InetSocketAddress address;
            final SocketChannel channel;
            final Socket socket;
            final InputStream in;
            final OutputStream out;

            Pooled(InetSocketAddress address, SocketChannel channel) throws IOException {
                this.address = address;
                this.channel = channel;
                this.socket = channel.socket();
                this.in = new BufferedInputStream(socket.getInputStream());
                this.out = socket.getOutputStream();
            }

            /** Whether the server left it open: no end of stream (nor stray byte) waiting. */
            boolean stillOpen() {
                try {
                    if (in.available() > 0) {
                        return false;
                    }
                    channel.configureBlocking(false);
                    try {
                        return channel.read(ByteBuffer.allocate(1)) == 0;
                    } finally {
                        channel.configureBlocking(true);
                    }
                } catch (IOException broken) {
                    return false;
                }
            }

            void write(HttpRequest request, InetSocketAddress target) throws IOException {
                URI uri = request.uri();
                StringBuilder head = new StringBuilder(256);
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                head.append(request.method().name()).append(' ').append(path);
                if (uri.getRawQuery() != null) {
                    head.append('?').append(uri.getRawQuery());
                }
                head.append(" HTTP/1.1\r\nHost: ").append(target.getHostString()).append(':').append(target.getPort())
                        .append("\r\n");
                request.headers().asMap().forEach((name, values) -> values.forEach(value ->
                        head.append(name).append(": ").append(value).append("\r\n")));
                byte[] body = request.body();
                boolean sendsBody = body != null || request.method() == HttpMethod.POST
                        || request.method() == HttpMethod.PUT || request.method() == HttpMethod.PATCH;
                if (sendsBody) {
                    head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
                }
                head.append("\r\n");
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            }

            Response read(HttpRequest request) throws IOException {
                String statusLine = line(request);
                String[] parts = statusLine.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                    throw new IOException("not an HTTP/1.x response");
                }
                int status = Integer.parseInt(parts[1]);
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (String field = line(request); !field.isEmpty(); field = line(request)) {
                    int colon = field.indexOf(':');
                    if (colon <= 0) {
                        throw new IOException("malformed header field");
                    }
                    headers.computeIfAbsent(field.substring(0, colon).trim(), name -> new ArrayList<>())
                            .add(field.substring(colon + 1).trim());
                }
                boolean keepAlive = !parts[0].equals("HTTP/1.0") && headers.getOrDefault("Connection", List.of()).stream()
                        .noneMatch(value -> value.toLowerCase(Locale.ROOT).contains("close"));
                byte[] body;
                List<String> coding = headers.getOrDefault("Transfer-Encoding", List.of());
                List<String> length = headers.getOrDefault("Content-Length", List.of());
                if (status / 100 == 1 || status == 204 || status == 304) {
                    body = new byte[0];
                } else if (coding.stream().anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("chunked"))) {
                    body = chunks(request);
                } else if (!length.isEmpty()) {
                    body = exactly(request, Integer.parseInt(length.get(0)));
                } else {
                    body = untilEnd(request);
                    keepAlive = false;
                }
                return new Response(status, headers, body, keepAlive);
            }

            private byte[] chunks(HttpRequest request) throws IOException {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                while (true) {
                    String size = line(request);
                    int extension = size.indexOf(';');
                    int length = Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
                    if (length == 0) {
                        while (!line(request).isEmpty()) {
                            // trailer fields: not kept
                        }
                        return body.toByteArray();
                    }
                    body.write(exactly(request, length));
                    line(request);
                }
            }

            private byte[] exactly(HttpRequest request, int length) throws IOException {
                byte[] bytes = new byte[length];
                int done = 0;
                while (done < length) {
                    deadline(request);
                    int read = in.read(bytes, done, length - done);
                    if (read < 0) {
                        throw new EOFException("connection closed mid-body");
                    }
                    done += read;
                }
                return bytes;
            }

            private byte[] untilEnd(HttpRequest request) throws IOException {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                while (true) {
                    deadline(request);
                    int read = in.read(buffer);
                    if (read < 0) {
                        return body.toByteArray();
                    }
                    body.write(buffer, 0, read);
                }
            }

            private String line(HttpRequest request) throws IOException {
                StringBuilder line = new StringBuilder();
                while (true) {
                    deadline(request);
                    int b = in.read();
                    if (b < 0) {
                        throw new EOFException("connection closed before the response ended");
                    }
                    if (b == '\n') {
                        int end = line.length();
                        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                    }
                    line.append((char) b);
                }
            }

            /** Bounds the next read by what is left of the request's deadline. */
            private void deadline(HttpRequest request) throws IOException {
                long left = request.remaining().toMillis();
                if (left <= 0) {
                    throw new SocketTimeoutException("deadline passed");
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            }

            void close() {
                open.remove(this);
                closeQuietly(channel);
            }
        }
    }

    /** A response as read from the connection. */
    private record Response(int status, Map<String, List<String>> headers, byte[] body, boolean keepAlive) {
    }
}
