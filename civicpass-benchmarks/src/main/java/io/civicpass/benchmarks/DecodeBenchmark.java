package io.civicpass.benchmarks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.model.GatekeeperNetwork;
import io.civicpass.model.Pass;
import io.civicpass.testkit.FakeCivic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding a retrieved pass: {@code get} through the client over a transport that answers fixed
 * bytes (so the whole public path runs, request building and response mapping included, with
 * no network), against Jackson data-binding of the same bytes into plain records. With 1 event
 * the difference is mostly the call's fixed cost; with 20 the decoder dominates.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class DecodeBenchmark {

    /** Events in the pass. */
    @Param({"1", "20"})
    public int events;

    private byte[] body;
    private CivicPassClient client;
    private ObjectMapper plain;

    /** A pass as the wire has it, with its chain as a nested object. */
    public record PlainChain(String type, String network) {
    }

    /** A transaction of an event. */
    public record PlainTransaction(String identifier, String status) {
    }

    /** One event. */
    public record PlainEvent(String eventType, long timestamp, PlainTransaction transaction) {
    }

    /** The pass. */
    public record PlainPass(String id, PlainChain chain, String gatekeeperNetwork, String walletAddress, String state,
                            String onChainState, List<PlainEvent> events) {
    }

    /** Builds the bytes and the client over them. */
    @Setup(Level.Trial)
    public void build() {
        body = passJson(events).getBytes(StandardCharsets.UTF_8);
        byte[] token = tokenJson();
        CivicPassConfig config = CivicPassConfig.builder().apiUrl("http://127.0.0.1:1" + FakeCivic.API_PATH)
                .tokenUrl("http://127.0.0.1:1" + FakeCivic.TOKEN_PATH).credentials(CivicPassConfig.SANDBOX_CREDENTIALS)
                .gatekeeperNetwork(GatekeeperNetwork.SANDBOX).build();
        client = CivicPassClient.builder().config(config).transport(new FixedBytesTransport(token, body)).build();
        Pass pass = client.get(Wire.KEY);
        if (pass.events().size() != events) {
            throw new IllegalStateException("decoded " + pass.events().size() + " events, not " + events);
        }
        plain = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** Closes the client. */
    @TearDown(Level.Trial)
    public void close() {
        client.close();
    }

    /**
     * The client's public path and decoder.
     *
     * @return the pass
     */
    @Benchmark
    public Pass client() {
        return client.get(Wire.KEY);
    }

    /**
     * Plain Jackson data-binding into records.
     *
     * @return the record
     * @throws IOException never, the bytes are valid
     */
    @Benchmark
    public PlainPass jacksonRecord() throws IOException {
        return plain.readValue(body, PlainPass.class);
    }

    /**
     * A retrieved pass as the fake serves it, with {@code count} events (issue, freeze, unfreeze
     * ... in turn, each with its transaction).
     *
     * @param count events
     * @return the JSON
     */
    static String passJson(int count) {
        String[] types = {"TOKEN_ISSUED_INITIATED", "TOKEN_ISSUED", "TOKEN_FROZEN_INITIATED", "TOKEN_FROZEN",
                "TOKEN_UNFROZEN_INITIATED", "TOKEN_UNFROZEN"};
        StringBuilder json = new StringBuilder(256 + count * 200);
        json.append("{\"chain\":{\"type\":\"").append(Wire.KEY.chain().value()).append("\",\"network\":\"")
                .append(Wire.KEY.network().value()).append("\"},\"gatekeeperNetwork\":\"")
                .append(GatekeeperNetwork.SANDBOX.value()).append("\",\"walletAddress\":\"")
                .append(Wire.KEY.wallet().value()).append("\",\"events\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                json.append(',');
            }
            int type = i < 2 ? i : 2 + (i - 2) % 4;
            String hash = String.format("0x%064x", (i / 2) + 1);
            json.append("{\"eventType\":\"").append(types[type]).append("\",\"timestamp\":").append(1796169406L + i * 60L)
                    .append(",\"transaction\":{\"identifier\":\"").append(hash).append("\",\"status\":\"")
                    .append(i % 2 == 0 ? "sent" : "confirmed").append("\"}}");
        }
        json.append("],\"id\":\"064f153f281043ab4662aa1c\",\"onChainState\":\"ACTIVE\",\"state\":\"ACTIVE\"}");
        return json.toString();
    }

    /**
     * A token response as the fake's, read once from a fake started for the purpose.
     *
     * @return the bytes
     */
    static byte[] tokenJson() {
        try (FakeCivic fake = FakeCivic.start()) {
            String token = Wire.fetchToken(fake.tokenUrl(), fake.config());
            return ("{\"access_token\":\"" + token + "\",\"scope\":\"" + String.join(" ", FakeCivic.ALL_SCOPES)
                    + "\",\"expires_in\":86400,\"token_type\":\"Bearer\"}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
