package io.civicpass.benchmarks;

import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.model.PassState;
import io.civicpass.testkit.FakeCivic;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts, in the fake's journal, the token requests each pattern makes: 1,000 lookups the way
 * Civic's example does them (a token before every call) and 1,000 through the client on each
 * transport; then the client over three token lifetimes (the fake's clock moved on by one
 * lifetime between batches), where exactly one token request per lifetime is the promise.
 * Prints markdown rows and exits non-zero when the client makes more than that.
 */
public final class TokenCounts {

    static final int CALLS = 1_000;
    static final int LIFETIMES = 3;

    private TokenCounts() {
    }

    /**
     * Runs the counts.
     *
     * @param args none
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        List<String> failures = new ArrayList<>();
        out.println("| pattern | token requests per 1,000 calls | token requests over " + LIFETIMES
                + " token lifetimes (" + CALLS + " calls each) |");
        out.println("|---|---|---|");
        try (FakeCivic fake = FakeCivic.start()) {
            fake.seedPass(Wire.KEY, PassState.ACTIVE);
            CivicPassConfig config = fake.config();
            HttpClient http = HttpClient.newHttpClient();
            URI passUrl = Wire.passUrl(fake.apiUrl(), Wire.KEY);
            fake.journal().clear();
            for (int i = 0; i < CALLS; i++) {
                String token = Wire.fetchToken(http, fake.tokenUrl(), config);
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(passUrl)
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                Wire.require200(response.statusCode());
            }
            out.println("| Civic's example (token per call, JDK HttpClient) | " + fake.journal().tokenRequests().size()
                    + " | n/a |");
        }
        for (String transport : new String[] {"feign", "retrofit", "vertx"}) {
            try (FakeCivic fake = FakeCivic.start()) {
                fake.seedPass(Wire.KEY, PassState.ACTIVE);
                Duration lifetime = FakeCivic.DEFAULT_TOKEN_LIFETIME;
                try (CivicPassClient client = CivicPassClient.builder().config(fake.config()).clock(fake.clock())
                        .transport(Transports.create(transport)).build()) {
                    fake.journal().clear();
                    calls(client);
                    int perThousand = fake.journal().tokenRequests().size();
                    for (int lifetime2 = 1; lifetime2 < LIFETIMES; lifetime2++) {
                        fake.clock().advance(lifetime);
                        calls(client);
                    }
                    int overLifetimes = fake.journal().tokenRequests().size();
                    out.println("| client, " + transport + " (cached token) | " + perThousand + " | " + overLifetimes + " |");
                    if (perThousand != 1 || overLifetimes != LIFETIMES) {
                        failures.add(transport + ": " + perThousand + " per 1,000 calls, " + overLifetimes + " over "
                                + LIFETIMES + " lifetimes");
                    }
                }
            }
        }
        out.flush();
        if (!failures.isEmpty()) {
            System.err.println("more than one token request per token lifetime: " + failures);
            System.exit(1);
        }
    }

    private static void calls(CivicPassClient client) throws IOException {
        for (int i = 0; i < CALLS; i++) {
            if (client.find(Wire.KEY).isEmpty()) {
                throw new IOException("the seeded pass was not found");
            }
        }
    }
}
