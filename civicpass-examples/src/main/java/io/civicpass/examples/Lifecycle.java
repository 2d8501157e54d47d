package io.civicpass.examples;

// README:begin quickstart
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.retrofit.RetrofitTransport;
import java.time.Duration;
// README:end quickstart

/**
 * The README's quickstart: a pass through its life on the blocking client, in as few lines as it
 * takes. {@link Quickstart} runs the same steps and tells them.
 */
public final class Lifecycle {

    private Lifecycle() {
    }

    /**
     * Issues a pass to a wallet on Sepolia, waits for the chain, freezes, unfreezes, forces a
     * refresh, prints what Civic shows and revokes the pass. Revoking is final: against Civic,
     * change the wallet before each run.
     *
     * @param config where and how to reach Civic, for example {@code CivicPassConfig.fromEnvironment()}
     * @return the pass once its issuance was confirmed
     */
    public static Pass run(CivicPassConfig config) {
        // README:begin quickstart
        // CivicPassConfig.fromEnvironment() reads CIVIC_CLIENT_ID and CIVIC_CLIENT_SECRET (and
        // optionally CIVIC_API_URL, CIVIC_TOKEN_URL); CivicPassConfig.sandbox() is Civic's public sandbox
        try (CivicPassClient civic = CivicPassClient.builder()
                .config(config)
                .transport(RetrofitTransport.create())
                .build()) {

            PassKey key = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");

            civic.issue(key);                                              // 202: accepted, not yet on chain
            Pass pass = civic.awaitConfirmed(key, Duration.ofMinutes(2)); // Civic shows it once confirmed

            civic.freeze(key);
            civic.unfreeze(key);
            civic.forceRefresh(key);       // expiry a few seconds ahead: the user must refresh the pass
            civic.find(key).ifPresent(p -> System.out.println(p.state() + " / on chain " + p.onChainState()));
            civic.revoke(key);             // final: no new pass for this chain, network and wallet
            // README:end quickstart
            return pass;
            // README:begin quickstart
        }
        // README:end quickstart
    }
}
