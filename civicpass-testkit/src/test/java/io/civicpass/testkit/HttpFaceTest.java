package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake's HTTP server at the level of sockets: keep-alive, framing, its connections, reset. */
class HttpFaceTest {

    private FakeCivic civic;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        civic = FakeCivic.builder().confirmationDelay(Duration.ofMillis(50)).start();
    }

    @AfterEach
    void stop() {
        sockets.forEach(HttpFaceTest::closeQuietly);
        civic.close();
    }

    /**
     * A client that keeps many connections pooled finds each of them still open for its next
     * request: the server closes none behind the client's back, however many are idle. (The
     * JDK's {@code HttpServer} closed every connection beyond its 200th idle one right after
     * its response, without {@code Connection: close}.)
     */
    @Test
    void keptAliveConnectionsStayUsableHoweverManyAreIdle() throws IOException {
        int count = 240;
        for (int i = 0; i < count; i++) {
            Socket socket = connect();
            send(socket, "GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String response = readResponse(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 404").doesNotContainIgnoringCase("connection: close");
        }
        for (Socket socket : sockets) {
            send(socket, "GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(readResponse(socket.getInputStream())).as("second response on %s", socket).startsWith("HTTP/1.1 404");
        }
        assertThat(civic.journal().all()).hasSize(2 * count);
        assertThat(civic.openConnections()).hasSize(count);
    }

    @Test
    void openConnectionsAreThoseNotYetClosed() throws IOException {
        Socket first = connect();
        Socket second = connect();
        for (Socket socket : List.of(first, second)) {
            send(socket, "GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            readResponse(socket.getInputStream());
        }
        assertThat(civic.openConnections()).containsExactly(
                (InetSocketAddress) first.getLocalSocketAddress(), (InetSocketAddress) second.getLocalSocketAddress());
        first.close();
        awaitCondition(() -> civic.openConnections().size() == 1, "the closed connection is no longer open");
        assertThat(civic.openConnections()).containsExactly((InetSocketAddress) second.getLocalSocketAddress());

        civic.close();
        assertThat(civic.openConnections()).isEmpty();
        assertThat(second.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void connectionCloseIsHonouredAndAnnounced() throws IOException {
        Socket socket = connect();
        send(socket, "GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 404").containsIgnoringCase("connection: close");
        assertThat(socket.getInputStream().read()).isEqualTo(-1);

        Socket old = connect();
        send(old, "GET /elsewhere HTTP/1.0\r\n\r\n");
        assertThat(readResponse(old.getInputStream())).containsIgnoringCase("connection: close");
        assertThat(old.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void chunkedBodiesAndExpectContinueAreRead() throws IOException {
        String token = new RawHttp(civic).token();
        Socket socket = connect();
        send(socket, "POST /partner/pass HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n1;x=y\r\n}\r\n0\r\n\r\n");
        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200").contains("\"records\":[]");

        send(socket, "POST /partner/pass HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 100 Continue");
        send(socket, "{}");
        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200").contains("\"records\":[]");
        assertThat(civic.journal().apiRequests()).extracting(RecordedRequest::bodyText).containsExactly("{}", "{}");
    }

    @Test
    void unframeableRequestIs400AndEndsTheConnection() throws IOException {
        Socket socket = connect();
        send(socket, "POST /partner/pass HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2, 3\r\n\r\n{}");
        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 400").containsIgnoringCase("connection: close");
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
        assertThat(civic.journal().all()).isEmpty();
    }

    @Test
    void aHeaderFieldLongerThan16KiBIs431AndEndsTheConnection() throws IOException {
        Socket socket = connect();
        send(socket, "GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + "a".repeat(16 * 1024) + "\r\n\r\n");
        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 431").containsIgnoringCase("connection: close");
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void pipelinedRequestsWithBareLineFeedsAndBytesSentOneByOneAreEachAnswered() throws IOException {
        Socket socket = connect();
        send(socket, "GET /one HTTP/1.1\nHost: 127.0.0.1\n\nGET /two HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 404");
        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 404");
        for (char c : "GET /three HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".toCharArray()) {
            send(socket, String.valueOf(c));
        }
        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 404");
        assertThat(civic.journal().all()).extracting(RecordedRequest::path).containsExactly("/one", "/two", "/three");

        Socket folded = connect();
        send(folded, "GET /four HTTP/1.1\r\nHost: 127.0.0.1\r\n folded: no\r\n\r\n");
        assertThat(readResponse(folded.getInputStream())).startsWith("HTTP/1.1 400");
    }

    /**
     * A request still waiting out an injected latency when the fake is reset is dropped at once,
     * unprocessed: it cannot act on the state of the test after the reset.
     */
    @Test
    void resetDropsARequestWaitingOutALatencyWithoutProcessingIt() throws IOException {
        String token = new RawHttp(civic).token();
        civic.inject(Fault.latency(Duration.ofSeconds(20)), RequestMatcher.of("POST", "/partner/pass/*/*"), 1);
        Socket socket = connect();
        String body = "{\"walletAddress\":\"0x00000000000000000000000000000000c1c0f001\"}";
        send(socket, "POST /partner/pass/ethereum/sepolia HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        awaitCondition(() -> civic.journal().apiRequests().size() == 1, "the issue request arrived");

        long start = System.nanoTime();
        civic.reset();
        socket.setSoTimeout(10_000);
        assertThat(socket.getInputStream().read()).as("no answer, the connection ends").isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(civic.passes()).isEmpty();
        InetSocketAddress dropped = (InetSocketAddress) socket.getLocalSocketAddress();
        awaitCondition(() -> !civic.openConnections().contains(dropped), "the dropped connection is closed");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), civic.port());
        socket.setSoTimeout(5000);
        sockets.add(socket);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one response (headers and a Content-Length body). */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed mid-response, after: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        await(what).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(condition::getAsBoolean);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the test is over
        }
    }
}
