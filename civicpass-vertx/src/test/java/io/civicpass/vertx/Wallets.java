package io.civicpass.vertx;

import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Test wallets. */
final class Wallets {

    private Wallets() {
    }

    /** A fresh pass key on Sepolia, a sandbox testnet, with a random lower-case EVM address. */
    static PassKey randomSepoliaKey() {
        byte[] address = new byte[20];
        ThreadLocalRandom.current().nextBytes(address);
        return PassKey.of(ChainNetwork.SEPOLIA, "0x" + HexFormat.of().formatHex(address));
    }
}
