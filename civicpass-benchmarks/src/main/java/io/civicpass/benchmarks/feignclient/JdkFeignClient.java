package io.civicpass.benchmarks.feignclient;

import feign.Client;
import feign.Request;
import feign.Response;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A candidate: Feign's blocking {@link Client} over a JDK {@link HttpClient} that runs on a
 * bounded executor of its own (shut down on {@link #close()}), optionally asking the server to
 * close each connection after its response ({@code Connection: close}, which the JDK sends only
 * when {@code jdk.httpclient.allowRestrictedHeaders} names {@code connection}). On Java 17 the
 * JDK has no way to close the client itself: its selector thread and pooled connections stay
 * until it is garbage collected.
 */
final class JdkFeignClient implements Client, AutoCloseable {

    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final ThreadPoolExecutor executor;
    private final HttpClient http;
    private final boolean connectionClose;

    JdkFeignClient(Duration connectTimeout, int threads, boolean connectionClose) {
        int id = CLIENTS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "candidate-jdk-" + id + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).executor(executor).build();
        this.connectionClose = connectionClose;
    }

    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
        byte[] body = request.body();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url()))
                .timeout(Duration.ofMillis(options.readTimeoutMillis()))
                .method(request.httpMethod().name(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        request.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        if (connectionClose) {
            builder.header("Connection", "close");
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().map().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        return Response.builder().request(request).status(response.statusCode()).headers(headers)
                .body(response.body()).build();
    }

    /** Stops the executor's threads: all a Java 17 program can release of a JDK client. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
