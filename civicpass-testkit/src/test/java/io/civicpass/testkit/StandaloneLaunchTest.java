package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The standalone server in a JVM of its own, as {@code java -jar} runs it: it listens before
 * Jackson's mapper and Civic's contract are built, so its first requests, sent the moment it says
 * it listens, arrive while they are still being built. They get the answers a fake that built
 * everything first gives, in status and body.
 */
class StandaloneLaunchTest {

    private static final String WALLET = "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888";
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void firstRequestsToAFreshServerGetTheAnswersOfAFakeBuiltBeforeListening() throws Exception {
        List<Answer> expected;
        try (FakeCivic inProcess = FakeCivic.builder().confirmationDelay(FakeCivicMain.DEFAULT_CONFIRMATION_DELAY)
                .start()) {
            expected = firstRequests("http://127.0.0.1:" + inProcess.port());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FakeCivicMain.class.getName(), "--port", "0").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("the server's first line").isNotNull();
            Matcher port = LISTENING.matcher(line);
            assertThat(port.find()).as(line).isTrue();

            List<Answer> answers = firstRequests("http://127.0.0.1:" + port.group(1));

            assertThat(answers).isEqualTo(expected);
            assertThat(answers.get(0).status()).isEqualTo(401);
            assertThat(answers.get(1).status()).isEqualTo(400);
            assertThat(answers.get(1).body()).contains("unknown field 'colour'");
            assertThat(answers.get(2).status()).isEqualTo(400);
            assertThat(answers.get(3).status()).isEqualTo(200);
            assertThat(answers.get(4).status()).isEqualTo(202);
            assertThat(answers.get(5).status()).isEqualTo(400);
            assertThat(answers.get(5).body()).contains("unknown field 'colour'");
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * A refusal without a token, two token requests the contract refuses or the OAuth desk
     * grants, and an issue and a refused issue with the token granted: sent at once, the first
     * three side by side, with the parts of each answer that differ from run to run left out.
     */
    private List<Answer> firstRequests(String base) throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((RawHttp.SANDBOX_ID + ":" + RawHttp.SANDBOX_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        List<CompletableFuture<HttpResponse<String>>> early = new ArrayList<>();
        early.add(send(HttpRequest.newBuilder(URI.create(base + "/partner/pass")).GET()));
        early.add(send(HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\",\"colour\":\"red\"}"))));
        early.add(send(HttpRequest.newBuilder(URI.create(base + "/oauth/token")).header("Authorization", basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password"))));
        HttpResponse<String> token = send(HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))).get(10, TimeUnit.SECONDS);
        List<Answer> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : early) {
            answers.add(Answer.of(response.get(10, TimeUnit.SECONDS)));
        }
        JsonNode granted = RawHttp.json(token);
        answers.add(new Answer(token.statusCode(), "scope=" + granted.get("scope").asText() + " expires_in="
                + granted.get("expires_in").asText() + " token_type=" + granted.get("token_type").asText()));
        String bearer = "Bearer " + granted.get("access_token").asText();
        HttpResponse<String> issued = send(HttpRequest.newBuilder(URI.create(base + "/partner/pass/ethereum/sepolia"))
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"walletAddress\":\"" + WALLET + "\"}")))
                .get(10, TimeUnit.SECONDS);
        JsonNode pass = RawHttp.json(issued);
        answers.add(new Answer(issued.statusCode(), pass.get("walletAddress").asText() + " " + pass.get("state").asText()
                + " " + pass.get("onChainState").asText() + " " + pass.at("/events/0/eventType").asText()));
        answers.add(Answer.of(send(HttpRequest.newBuilder(URI.create(base + "/partner/pass/ethereum/sepolia"))
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"walletAddress\":\"" + WALLET + "\",\"colour\":\"red\"}")))
                .get(10, TimeUnit.SECONDS)));
        return answers;
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request) {
        return http.sendAsync(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What of an answer is the same from run to run: the status, the body and the content type. */
    private record Answer(int status, String body) {
        static Answer of(HttpResponse<String> response) {
            return new Answer(response.statusCode(), response.body() + " ("
                    + response.headers().firstValue("Content-Type").orElse("no content type") + ", "
                    + response.headers().firstValue("WWW-Authenticate").orElse("no challenge") + ")");
        }
    }
}
