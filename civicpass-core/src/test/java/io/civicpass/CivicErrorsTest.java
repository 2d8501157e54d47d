package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.error.AuthenticationException;
import io.civicpass.error.CivicApiException;
import io.civicpass.error.CivicPassException;
import io.civicpass.error.CivicTransportException;
import io.civicpass.error.InvalidRequestException;
import io.civicpass.error.InvalidResponseException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.error.RateLimitedException;
import io.civicpass.error.ServerException;
import io.civicpass.spi.Headers;
import io.civicpass.spi.HttpMethod;
import io.civicpass.spi.HttpResponse;
import io.civicpass.spi.TransportException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CivicErrorsTest {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final Function<String, String> NO_HEADERS = name -> null;

    @ParameterizedTest
    @CsvSource({
        "400, io.civicpass.error.InvalidRequestException",
        "401, io.civicpass.error.AuthenticationException",
        "403, io.civicpass.error.AuthenticationException",
        "404, io.civicpass.error.PassNotFoundException",
        "409, io.civicpass.error.InvalidRequestException",
        "422, io.civicpass.error.InvalidRequestException",
        "429, io.civicpass.error.RateLimitedException",
        "500, io.civicpass.error.ServerException",
        "503, io.civicpass.error.ServerException",
        "418, io.civicpass.error.CivicApiException",
        "302, io.civicpass.error.CivicApiException",
    })
    void mapsStatusesToTypes(int status, Class<?> type) {
        CivicApiException error = CivicErrors.forStatus(Operation.RETRIEVE, "/pass/ethereum/sepolia/0xabc",
                HttpResponse.of(status, Headers.empty(), "{\"message\":\"nope\"}".getBytes(StandardCharsets.UTF_8)), NOW);
        assertThat(error.getClass()).isEqualTo(type);
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.method()).isEqualTo("GET");
        assertThat(error.path()).isEqualTo("/pass/ethereum/sepolia/0xabc");
        assertThat(error.bodyExcerpt()).isEqualTo("{\"message\":\"nope\"}");
        assertThat(error.getMessage()).isEqualTo("GET /pass/ethereum/sepolia/0xabc failed with HTTP " + status + ": {\"message\":\"nope\"}");
    }

    @Test
    void carriesTheRequestIdAndRetryAfter() {
        Headers headers = Headers.builder().add("X-Request-Id", "req-77").add("Retry-After", "7").build();
        RateLimitedException error = (RateLimitedException) CivicErrors.forStatus(Operation.LIST, "/pass",
                HttpResponse.of(429, headers, new byte[0]), NOW);
        assertThat(error.requestId()).contains("req-77");
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(error.getMessage()).contains("(request id req-77)");
    }

    @Test
    void excerptIsBoundedOneLineAndRedactsTokensAndSecrets() {
        String body = "{\"access_token\":\"abc.def\",\"client_secret\":\"hunter2\",\"echo\":\"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig\"}\n"
                + "x".repeat(1000);
        String excerpt = CivicErrors.excerpt(body.getBytes(StandardCharsets.UTF_8));
        assertThat(excerpt).doesNotContain("abc.def", "hunter2", "eyJhbGciOiJIUzI1NiJ9", "\n")
                .contains("<redacted>").hasSizeLessThanOrEqualTo(CivicErrors.EXCERPT_LIMIT + 3).endsWith("...");
        assertThat(CivicErrors.excerpt("grant_type=client_credentials&client_secret=hunter2".getBytes(StandardCharsets.UTF_8)))
                .doesNotContain("hunter2");
    }

    @Test
    void invalidResponseWithholdsSensitiveBodies() {
        byte[] piiBody = "{\"verifiedInformation\":{\"name\":\"Jane Roe\"".getBytes(StandardCharsets.UTF_8);
        InvalidResponseException pii = CivicErrors.invalidResponse(Operation.PII, "/piirequest/x",
                HttpResponse.of(200, Headers.empty(), piiBody),
                new IllegalStateException("truncated"));
        assertThat(pii.getMessage()).doesNotContain("Jane Roe").contains("withheld").contains("HTTP 200");
        InvalidResponseException pass = CivicErrors.invalidResponse(Operation.RETRIEVE, "/pass/x",
                HttpResponse.of(200, Headers.empty(), "<html>oops</html>".getBytes(StandardCharsets.UTF_8)),
                new IllegalStateException("html"));
        assertThat(pass.getMessage()).contains("<html>oops</html>");
    }

    @Test
    void classifiesTransportFailuresByWhetherTheRequestMayHaveBeenSent() {
        assertThat(kind(new ConnectException("Connection refused"))).isEqualTo(CivicTransportException.Kind.CONNECT);
        assertThat(kind(new SocketTimeoutException("connect timed out"))).isEqualTo(CivicTransportException.Kind.CONNECT);
        assertThat(kind(new SocketTimeoutException("Read timed out"))).isEqualTo(CivicTransportException.Kind.TIMEOUT);
        assertThat(kind(new HttpTimeoutException("request timed out"))).isEqualTo(CivicTransportException.Kind.TIMEOUT);
        assertThat(kind(new java.io.InterruptedIOException("timeout"))).isEqualTo(CivicTransportException.Kind.TIMEOUT);
        assertThat(kind(new IOException("Connection reset"))).isEqualTo(CivicTransportException.Kind.IO);
        assertThat(kind(new javax.net.ssl.SSLHandshakeException("bad certificate"))).isEqualTo(CivicTransportException.Kind.CONNECT);
        assertThat(kind(new java.io.InterruptedIOException("executor rejected")
                .initCause(new java.util.concurrent.RejectedExecutionException()))).isEqualTo(CivicTransportException.Kind.CONNECT);
        assertThat(kind(new CompletionException(new IOException("wrapped", new ConnectException("refused")))))
                .isEqualTo(CivicTransportException.Kind.CONNECT);
        CivicTransportException reset = (CivicTransportException) CivicErrors.transportFailure(HttpMethod.POST, "/pass/a/b",
                new IOException("Connection reset"));
        assertThat(reset.requestMayHaveBeenSent()).isTrue();
        assertThat(reset.getMessage()).isEqualTo("POST /pass/a/b failed: connection failed during the exchange (IOException)");
    }

    @Test
    void trustsATransportsOwnAccountOfSending() {
        CivicTransportException queued = (CivicTransportException) CivicErrors.transportFailure(HttpMethod.POST, "/pass/a/b",
                TransportException.notSent(TransportException.Kind.TIMEOUT, "deadline passed in the pool", null));
        assertThat(queued.kind()).isEqualTo(CivicTransportException.Kind.TIMEOUT);
        assertThat(queued.requestMayHaveBeenSent()).isFalse();
        assertThat(queued.getMessage()).contains("before the request was sent");
        CivicTransportException read = (CivicTransportException) CivicErrors.transportFailure(HttpMethod.POST, "/pass/a/b",
                TransportException.maybeSent(TransportException.Kind.IO, "reset", null));
        assertThat(read.kind()).isEqualTo(CivicTransportException.Kind.IO);
        assertThat(read.requestMayHaveBeenSent()).isTrue();
        CivicTransportException refused = (CivicTransportException) CivicErrors.transportFailure(HttpMethod.GET, "/p",
                TransportException.notSent(TransportException.Kind.CONNECT, "refused", null));
        assertThat(refused.kind()).isEqualTo(CivicTransportException.Kind.CONNECT);
        assertThat(refused.requestMayHaveBeenSent()).isFalse();
    }

    @Test
    void ourOwnExceptionsPassThroughUnchanged() {
        ServerException server = new ServerException(503, "GET", "/p", "", null);
        assertThat(CivicErrors.transportFailure(HttpMethod.GET, "/p", new CompletionException(server))).isSameAs(server);
    }

    @Test
    void typesFormOneHierarchy() {
        assertThat(CivicPassException.class).isAssignableFrom(CivicApiException.class);
        assertThat(CivicApiException.class).isAssignableFrom(PassNotFoundException.class);
        assertThat(CivicApiException.class).isAssignableFrom(AuthenticationException.class);
        assertThat(CivicApiException.class).isAssignableFrom(InvalidRequestException.class);
        assertThat(CivicPassException.class).isAssignableFrom(CivicTransportException.class);
        assertThat(RuntimeException.class).isAssignableFrom(CivicPassException.class);
    }

    private static CivicTransportException.Kind kind(Throwable failure) {
        return ((CivicTransportException) CivicErrors.transportFailure(HttpMethod.GET, "/p", failure)).kind();
    }
}
