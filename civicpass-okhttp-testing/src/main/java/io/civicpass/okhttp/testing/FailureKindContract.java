package io.civicpass.okhttp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.okhttp.testing.FailingServer.Behaviour;
import io.civicpass.spi.HttpMethod;
import io.civicpass.spi.HttpRequest;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportConnection;
import io.civicpass.spi.TransportException;
import io.civicpass.spi.TransportException.Kind;
import io.civicpass.spi.TransportSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The failure kinds civicpass-okhttp's {@code OkHttpFailuresTest} pins, run through a whole
 * transport built on OkHttp, on both of its faces: each must reach core with the same answer,
 * "not sent" only where nothing of the request left the socket. A transport's test extends this
 * and names the transport; the requests go to servers on 127.0.0.1 only. It uses the transport
 * SPI alone, no OkHttp type.
 */
public abstract class FailureKindContract {

    /** An exchange's face. */
    public enum Face { BLOCKING, ASYNC }

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private FailingServer server;
    private TransportConnection connection;

    /**
     * The transport under test, with its own OkHttp client.
     *
     * @return a new transport
     */
    protected abstract Transport transport();

    /** Closes the connection and the server of the test that ran. */
    @AfterEach
    protected void closeAll() {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aRefusedConnectIsNotSent(Face face) {
        connect(Duration.ofSeconds(5));
        assertNotSent(failureOf(face, post("http://127.0.0.1:" + FailingServer.refusedPort(), WAIT)), Kind.CONNECT);
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aConnectTimeoutIsNotSent(Face face) {
        server = FailingServer.start(Behaviour.BACKLOG_FULL);
        connect(SHORT);
        assertNotSent(failureOf(face, post(server.url("http"), WAIT)), Kind.CONNECT);
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aFailedTlsHandshakeIsNotSent(Face face) {
        server = FailingServer.start(Behaviour.ANSWERS_PLAIN_TEXT);
        connect(Duration.ofSeconds(5));
        assertNotSent(failureOf(face, post(server.url("https"), WAIT)), Kind.CONNECT);
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aDeadlinePassedDuringTheTlsHandshakeIsNotSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.SILENT);
        connect(Duration.ofSeconds(5));
        assertNotSent(failureOf(face, post(server.url("https"), SHORT)), Kind.TIMEOUT);
        assertThat(server.awaitBytes(WAIT)).as("a ClientHello reached the server").isTrue();
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aCallCancelledByClosingTheConnectionDuringTheTlsHandshakeIsNotSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.SILENT);
        connect(Duration.ofSeconds(5));
        CompletableFuture<HttpResponse> pending = start(face, post(server.url("https"), WAIT));
        assertThat(server.awaitBytes(WAIT)).isTrue();
        connection.close();
        assertNotSent(failureOf(pending), Kind.IO);
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aConnectionClosedAfterTheRequestMayHaveBeenSent(Face face) {
        server = FailingServer.start(Behaviour.CLOSES_AFTER_REQUEST);
        connect(Duration.ofSeconds(5));
        assertMaybeSent(failureOf(face, post(server.url("http"), WAIT)), Kind.IO);
        assertThat(server.requests()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void noResponseByTheDeadlineAfterTheRequestMayHaveBeenSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.SILENT);
        connect(Duration.ofSeconds(5));
        assertMaybeSent(failureOf(face, post(server.url("http"), SHORT)), Kind.TIMEOUT);
        assertThat(server.awaitBytes(WAIT)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Face.class)
    void aCallCancelledByClosingTheConnectionAfterTheRequestWasWrittenMayHaveBeenSent(Face face) throws Exception {
        server = FailingServer.start(Behaviour.SILENT);
        connect(Duration.ofSeconds(5));
        CompletableFuture<HttpResponse> pending = start(face, post(server.url("http"), WAIT));
        assertThat(server.awaitBytes(WAIT)).isTrue();
        connection.close();
        assertMaybeSent(failureOf(pending), Kind.IO);
    }

    // ------------------------------------------------------------------ helpers

    private void connect(Duration connectTimeout) {
        connection = transport().connect(TransportSettings.builder()
                .connectTimeout(connectTimeout).requestTimeout(Duration.ofSeconds(30)).maxConnections(4).build());
    }

    private static HttpRequest post(String baseUrl, Duration timeout) {
        return HttpRequest.builder(HttpMethod.POST, URI.create(baseUrl + "/pass/ethereum/sepolia"))
                .body("{}".getBytes(StandardCharsets.UTF_8), "application/json").timeout(timeout).build();
    }

    /** Starts the exchange: a blocking one on a thread of its own, so that the test may close the connection meanwhile. */
    private CompletableFuture<HttpResponse> start(Face face, HttpRequest request) {
        if (face == Face.ASYNC) {
            return connection.async().orElseThrow().execute(request);
        }
        CompletableFuture<HttpResponse> result = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                result.complete(connection.blocking().orElseThrow().execute(request));
            } catch (RuntimeException | Error failed) {
                result.completeExceptionally(failed);
            }
        }, "failure-kind-contract-caller");
        caller.setDaemon(true);
        caller.start();
        return result;
    }

    private Throwable failureOf(Face face, HttpRequest request) {
        if (face == Face.BLOCKING) {
            try {
                HttpResponse response = connection.blocking().orElseThrow().execute(request);
                throw new AssertionError("answered " + response.status());
            } catch (TransportException failed) {
                return failed;
            }
        }
        return failureOf(connection.async().orElseThrow().execute(request));
    }

    private static Throwable failureOf(CompletableFuture<HttpResponse> pending) {
        try {
            HttpResponse response = pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("answered " + response.status());
        } catch (ExecutionException | CompletionException failed) {
            return failed.getCause();
        } catch (InterruptedException | TimeoutException notDone) {
            throw new AssertionError("no failure within " + WAIT, notDone);
        }
    }

    private static void assertNotSent(Throwable failure, Kind kind) {
        assertThat(failure).isInstanceOfSatisfying(TransportException.class, reported -> {
            assertThat(reported.kind()).as("kind of %s", reported).isEqualTo(kind);
            assertThat(reported.mayHaveBeenSent()).as("may %s have been sent", reported).isFalse();
        });
    }

    private static void assertMaybeSent(Throwable failure, Kind kind) {
        assertThat(failure).isInstanceOfSatisfying(TransportException.class, reported -> {
            assertThat(reported.kind()).as("kind of %s", reported).isEqualTo(kind);
            assertThat(reported.mayHaveBeenSent()).as("may %s have been sent", reported).isTrue();
        });
    }
}
