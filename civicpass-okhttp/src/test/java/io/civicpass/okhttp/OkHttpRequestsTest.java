package io.civicpass.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.spi.TransportException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.RequestBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class OkHttpRequestsTest {

    @Test
    void onlyPathsOfCharactersOkHttpNeverRewritesSkipTheFullUrlCheck() {
        assertThat(OkHttpRequests.keptAsIs("/pass/solana/devnet/9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin")).isTrue();
        assertThat(OkHttpRequests.keptAsIs("/piirequest/9a7a77af-a58e/evidence/id%20Front~x_y.z")).isTrue();
        assertThat(OkHttpRequests.keptAsIs("/")).isTrue();
        assertThat(OkHttpRequests.keptAsIs("/a/.b/..c/...")).isTrue();
        for (String path : List.of("/a/.", "/a/..", "/./a", "/a/%2E", "/a/%2e.", "/a/%4", "/a/%zz", "/a b", "/a\"b", "/a^b",
                "/a{b}", "/a|b", "/é")) {
            assertThat(OkHttpRequests.keptAsIs(path)).as(path).isFalse();
        }
    }

    @Test
    void aUrlWhosePathOkHttpWouldRewriteIsRefusedAsNotSent() {
        assertThat(OkHttpRequests.checkedUrl(URI.create("https://api.example/pass/x?q=1"))).isEqualTo("https://api.example/pass/x?q=1");
        assertThatThrownBy(() -> OkHttpRequests.checkedUrl(URI.create("https://api.example/pass/%2E%2E/admin")))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.mayHaveBeenSent()).isFalse())
                .hasMessageContaining("rewrite");
        assertThatThrownBy(() -> OkHttpRequests.checkedUrl(URI.create("ftp://api.example/pass")))
                .isInstanceOf(TransportException.class).hasMessageContaining("only http and https");
    }

    @Test
    void headersKeepEveryValueButTheLengthAndRefuseNonAsciiWithoutQuotingIt() {
        Headers headers = OkHttpRequests.headers(Map.of("Accept", List.of("a", "b"), "Content-Length", List.of("99")));
        assertThat(headers.values("Accept")).containsExactly("a", "b");
        assertThat(headers.get("Content-Length")).isNull();
        assertThatThrownBy(() -> OkHttpRequests.headers(Map.of("X-Secret", List.of("s3cr3t\u00e9"))))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.mayHaveBeenSent()).isFalse())
                .hasMessageContaining("X-Secret").hasMessageNotContaining("s3cr3t");
    }

    @Test
    void theBodyIsOneShotAndWritesItsBytes() throws Exception {
        RequestBody body = OkHttpRequests.oneShotBody(new byte[] {1, 2, 3}, null);
        assertThat(body.isOneShot()).isTrue();
        assertThat(body.contentType()).isNull();
        assertThat(body.contentLength()).isEqualTo(3);
        Buffer sink = new Buffer();
        body.writeTo(sink);
        assertThat(sink.readByteArray()).containsExactly(1, 2, 3);
    }
}
