package io.civicpass.model;

import java.util.Objects;

/**
 * What identifies a pass in Civic's API: the chain, the network and the wallet
 * ({@code /pass/{chain}/{chainNetwork}/{wallet}}).
 *
 * @param chain   the chain
 * @param network a network of that chain
 * @param wallet  a wallet address valid on that chain
 */
public record PassKey(Chain chain, ChainNetwork network, WalletAddress wallet) {

    /**
     * Checks that the parts agree.
     *
     * @param chain the chain
     * @param network a network of that chain
     * @param wallet a wallet address valid on that chain
     * @throws NullPointerException     when a part is null, naming it
     * @throws IllegalArgumentException when the network is known to belong to another chain, or
     * the wallet was validated for another chain
     */
    public PassKey {
        Objects.requireNonNull(chain, "chain == null");
        Objects.requireNonNull(network, "chainNetwork == null");
        Objects.requireNonNull(wallet, "walletAddress == null");
        if (!network.belongsTo(chain)) {
            throw new IllegalArgumentException("chainNetwork '" + network + "' is a network of "
                    + network.chain().map(Chain::value).orElse("?") + ", not of chain '" + chain + "'");
        }
        if (!wallet.chain().equals(chain)) {
            throw new IllegalArgumentException("walletAddress '" + wallet + "' was validated for chain '"
                    + wallet.chain() + "', not '" + chain + "'");
        }
    }

    /**
     * The key of a pass on a known network, the chain taken from the network.
     *
     * @param network a known network, for example {@link ChainNetwork#SEPOLIA}
     * @param wallet  the wallet address, validated for the network's chain
     * @return the key
     * @throws IllegalArgumentException when the network is unknown or the wallet malformed
     */
    public static PassKey of(ChainNetwork network, String wallet) {
        Objects.requireNonNull(network, "chainNetwork == null");
        Chain chain = network.chain().orElseThrow(() -> new IllegalArgumentException("chainNetwork '" + network
                + "' is not a network this version knows; use PassKey.of(chain, network, wallet)"));
        return new PassKey(chain, network, WalletAddress.of(chain, wallet));
    }

    /**
     * The key of a pass on any network, including one this version does not know.
     *
     * @param chain   the chain
     * @param network the network
     * @param wallet  the wallet address, validated for the chain
     * @return the key
     * @throws IllegalArgumentException when the parts are malformed or disagree
     */
    public static PassKey of(Chain chain, ChainNetwork network, String wallet) {
        Objects.requireNonNull(chain, "chain == null");
        return new PassKey(chain, network, WalletAddress.of(chain, wallet));
    }

    /**
     * The key as Civic writes it, {@code chain:network:wallet}.
     *
     * @return a readable form of the key
     */
    @Override
    public String toString() {
        return chain + ":" + network + ":" + wallet;
    }
}
