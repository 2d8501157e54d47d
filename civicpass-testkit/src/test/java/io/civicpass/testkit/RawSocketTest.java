package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Requests no HTTP client library would send, written to the socket by hand. */
@WithFakeCivic
class RawSocketTest {

    @Test
    void oddlyEncodedPathIs400AndTheConnectionStaysUsable(FakeCivic civic) throws IOException {
        String token = new RawHttp(civic).token();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), civic.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("GET /partner/pass/%C3%28/sepolia/x HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String first = readResponse(in);
            assertThat(first).startsWith("HTTP/1.1 400").contains("\"error\":\"bad_request\"", "chain");

            out.write(("POST /partner/pass HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").contains("\"records\":[]");
        }
        assertThat(civic.journal().apiRequests()).hasSize(2);
    }

    @Test
    void malformedEscapeIsRefusedAndTheFakeKeepsServing(FakeCivic civic) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), civic.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /partner/pass/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            // the JDK's server refuses a URI it cannot parse before the fake sees it
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 400");
        }
        assertThat(new RawHttp(civic).token()).isNotEmpty();
    }

    /** Reads one response (headers and a Content-Length body) from a kept-alive connection. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed mid-response");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
