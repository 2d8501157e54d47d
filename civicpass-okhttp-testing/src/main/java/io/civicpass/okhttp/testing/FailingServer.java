package io.civicpass.okhttp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on 127.0.0.1 that fails in one chosen way, for pinning what each failure of an
 * OkHttp call means. Shared by civicpass-okhttp's classifier test and the transports'
 * {@link FailureKindContract}. Every socket is closed with the server.
 */
public final class FailingServer implements AutoCloseable {

    /** What the server does with a connection. */
    public enum Behaviour {
        /** Reads whatever comes and never answers: a TLS handshake or a response that never comes. */
        SILENT,
        /** Reads the request's head, then closes the connection without a byte of response. */
        CLOSES_AFTER_REQUEST,
        /** Answers plain text at once, which is no TLS handshake. */
        ANSWERS_PLAIN_TEXT,
        /** Answers every request's head with {@code 200} and an empty body, keeping the connection. */
        ANSWERS_200,
        /** Answers every request's head with {@code 503} and {@code Retry-After: 0}. */
        ANSWERS_503_RETRY_AFTER_ZERO,
        /** Never accepts, and its accept queue is full: a connect to it hangs until it times out. */
        BACKLOG_FULL
    }

    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    private final Behaviour behaviour;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final CountDownLatch bytesReceived = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();

    private FailingServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        if (behaviour == Behaviour.BACKLOG_FULL) {
            this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            fillBacklog();
            return;
        }
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptAll, "failing-server-" + behaviour);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a server.
     *
     * @param behaviour what it does with each connection
     * @return the server, listening
     */
    public static FailingServer start(Behaviour behaviour) {
        try {
            return new FailingServer(behaviour);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /**
     * A port on 127.0.0.1 where nothing listens (it was bound, then closed): a connect is refused.
     *
     * @return the port
     */
    public static int refusedPort() {
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return closed.getLocalPort();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /**
     * The server's base URL.
     *
     * @param scheme {@code http} or {@code https}
     * @return {@code scheme://127.0.0.1:port}
     */
    public String url(String scheme) {
        return scheme + "://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * The server's port.
     *
     * @return the port
     */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Waits until the first bytes of any connection arrived (a ClientHello, a request's head).
     *
     * @param timeout how long to wait at the most
     * @return whether they did
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitBytes(Duration timeout) throws InterruptedException {
        return bytesReceived.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * How many request heads the server read to their end.
     *
     * @return the count
     */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Connects until the accept queue is full, which Linux and macOS then leave unanswered. */
    private void fillBacklog() throws IOException {
        for (int i = 0; i < 64; i++) {
            Socket filler = new Socket();
            sockets.add(filler);
            try {
                filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 250);
            } catch (SocketTimeoutException queueFull) {
                return;
            }
        }
        throw new IllegalStateException("the accept queue never filled up");
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            sockets.add(socket);
            Thread handler = new Thread(() -> handle(socket), "failing-server-connection");
            handler.setDaemon(true);
            handler.start();
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            if (behaviour == Behaviour.ANSWERS_PLAIN_TEXT) {
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                bytesReceived.countDown();
                in.read(); // the ClientHello, answered with what is no TLS
                return;
            }
            while (readHead(in)) {
                requests.incrementAndGet();
                switch (behaviour) {
                    case CLOSES_AFTER_REQUEST:
                        return;
                    case ANSWERS_200:
                        out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        break;
                    case ANSWERS_503_RETRY_AFTER_ZERO:
                        out.write("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        break;
                    default:
                        break; // SILENT: keeps reading, never answers
                }
            }
        } catch (IOException closed) {
            // the client went away, or the server is closing
        }
    }

    /**
     * Reads up to the end of a request's head (a silent server reads on until the connection
     * ends, whatever comes: a TLS handshake has no such end).
     *
     * @return true at the end of a head, false when the connection ended first
     */
    private boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            bytesReceived.countDown();
            matched = b == HEAD_END[matched] ? matched + 1 : b == HEAD_END[0] ? 1 : 0;
            if (matched == HEAD_END.length) {
                return true;
            }
        }
        return false;
    }
}
