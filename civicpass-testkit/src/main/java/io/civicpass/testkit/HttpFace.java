package io.civicpass.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake's HTTP face: the JDK's own server on loopback, real sockets, keep-alive, a thread per
 * concurrent exchange. Adds no dependency to a consumer's classpath.
 */
final class HttpFace {

    static {
        FakeCivic.enableNoDelay();
    }

    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final CivicEngine engine;
    private final HttpServer server;
    private final ExecutorService executor;

    HttpFace(CivicEngine engine, int port) {
        this.engine = engine;
        int serverNumber = SERVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-civic-" + serverNumber + "-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        } catch (IOException cannotBind) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot start the fake Civic API on 127.0.0.1:" + port, cannotBind);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = exchange.getRequestHeaders(); // the recorded request copies them
            String path = exchange.getRequestURI().getRawPath();
            RecordedRequest request = new RecordedRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                    path == null || path.isEmpty() ? "/" : path, headers, body);
            CivicEngine.Exchange handling = engine.accept(request);
            pause(handling.delayBeforeProcessing());
            EngineResponse response = handling.respond();
            pause(response.delay);
            if (response.reset) {
                // Closing before any response header is sent closes the socket itself: the client
                // sees its connection end with no response, as when a proxy or server dies mid-call.
                exchange.close();
                return;
            }
            send(exchange, response);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException failure) {
            // The client went away or the server is stopping: nothing left to answer.
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, EngineResponse response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        response.headers.forEach(headers::set);
        boolean noBody = response.body.length == 0 || response.status == 204 || response.status == 304
                || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(response.status, noBody ? -1 : response.body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body);
            }
        }
    }

    private static void pause(Duration delay) throws InterruptedException {
        if (!delay.isZero() && !delay.isNegative()) {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
        }
    }
}
