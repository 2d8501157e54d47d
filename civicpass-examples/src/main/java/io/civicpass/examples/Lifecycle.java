package io.civicpass.examples;

// README:begin quickstart
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.retrofit.RetrofitTransport;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

// README:end quickstart
/**
 * The README's quickstart: a pass through its life on the blocking client, in as few lines as it
 * takes, on a new wallet each run. {@link Quickstart} runs the same steps and tells them.
 */
// README:begin quickstart
public final class Lifecycle {

    // README:end quickstart
    private Lifecycle() {
    }

    /**
     * Runs the quickstart against the Civic that the environment names.
     *
     * @param args not used
     * @throws IllegalStateException when {@code CIVIC_CLIENT_ID} or {@code CIVIC_CLIENT_SECRET} is not set
     */
    // README:begin quickstart
    public static void main(String[] args) {
        // CIVIC_CLIENT_ID and CIVIC_CLIENT_SECRET (CIVIC_API_URL and CIVIC_TOKEN_URL optional);
        // CivicPassConfig.sandbox() instead is Civic's public sandbox, shared by everyone
        CivicPassConfig config = CivicPassConfig.fromEnvironment();
        run(config);
    }

    // README:end quickstart
    /**
     * Issues a pass to a new wallet on Sepolia, waits for the chain, freezes, unfreezes, forces a
     * refresh, prints what Civic shows and revokes the pass.
     *
     * @param config where and how to reach Civic, for example {@code CivicPassConfig.fromEnvironment()}
     * @return the pass once its issuance was confirmed
     */
    // README:begin quickstart
    public static Pass run(CivicPassConfig config) {
        // Revoking is final (no pass again for that chain, network and wallet), so each run takes
        // a wallet of its own; your users bring theirs.
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, newWallet());

        try (CivicPassClient civic = CivicPassClient.builder()
                .config(config)
                .transport(RetrofitTransport.create())
                .build()) {

            civic.issue(key);                                              // 202: accepted, not yet on chain
            Pass pass = civic.awaitConfirmed(key, Duration.ofMinutes(2)); // Civic shows it once confirmed

            civic.freeze(key);
            civic.unfreeze(key);
            civic.forceRefresh(key);       // expiry a few seconds ahead: the user must refresh the pass
            civic.find(key).ifPresent(p -> System.out.println(p.state() + " / on chain " + p.onChainState()));
            civic.revoke(key);             // final: no new pass for this chain, network and wallet
            return pass;
        }
    }

    // README:end quickstart
    /**
     * A new EVM address, 20 random bytes: a wallet no one else uses, for a pass to try things on.
     *
     * @return the address, {@code 0x} and 40 lowercase hex digits
     */
    // README:begin quickstart
    static String newWallet() {
        byte[] address = new byte[20];
        new SecureRandom().nextBytes(address);
        return "0x" + HexFormat.of().formatHex(address);
    }
}
// README:end quickstart
