package io.civicpass.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A network of a {@link Chain}, as Civic names it in paths ({@code /pass/ethereum/sepolia}).
 *
 * <p>Constants cover the 28 networks of Civic's API contract. Civic adds networks and has
 * retired old names; {@link #of(String)} keeps any unknown name so that a pass on a network
 * this version does not know still reads, and {@link #chain()} is then empty.
 */
public final class ChainNetwork extends OpenValue {

    private static final List<ChainNetwork> KNOWN = new ArrayList<>();

    /** Solana mainnet. */
    public static final ChainNetwork SOLANA_MAINNET_BETA = known(Chain.SOLANA, "mainnet-beta", false);
    /** Solana devnet (supported by Civic's sandbox). */
    public static final ChainNetwork SOLANA_DEVNET = known(Chain.SOLANA, "devnet", true);
    /** Ethereum mainnet. */
    public static final ChainNetwork ETHEREUM_MAINNET = known(Chain.ETHEREUM, "mainnet", false);
    /** Ethereum Sepolia testnet (supported by Civic's sandbox). */
    public static final ChainNetwork SEPOLIA = known(Chain.ETHEREUM, "sepolia", true);
    /** Polygon Amoy testnet (supported by Civic's sandbox). */
    public static final ChainNetwork POLYGON_AMOY = known(Chain.ETHEREUM, "polygonAmoy", true);
    /** Polygon mainnet. */
    public static final ChainNetwork POLYGON_MAINNET = known(Chain.ETHEREUM, "polygonMainnet", false);
    /** Polygon zkEVM mainnet. */
    public static final ChainNetwork POLYGON_ZKEVM = known(Chain.ETHEREUM, "polygonZKEVM", false);
    /** Polygon zkEVM testnet. */
    public static final ChainNetwork POLYGON_ZKEVM_TESTNET = known(Chain.ETHEREUM, "polygonZKEVMTestnet", false);
    /** Optimism Sepolia testnet (supported by Civic's sandbox). */
    public static final ChainNetwork OPTIMISM_SEPOLIA = known(Chain.ETHEREUM, "optimismSepolia", true);
    /** Optimism mainnet. */
    public static final ChainNetwork OPTIMISM_MAINNET = known(Chain.ETHEREUM, "optimismMainnet", false);
    /** Arbitrum Sepolia testnet (supported by Civic's sandbox). */
    public static final ChainNetwork ARBITRUM_SEPOLIA = known(Chain.ETHEREUM, "arbitrumSepolia", true);
    /** Arbitrum mainnet. */
    public static final ChainNetwork ARBITRUM_MAINNET = known(Chain.ETHEREUM, "arbitrumMainnet", false);
    /** Avalanche C-Chain mainnet. */
    public static final ChainNetwork AVALANCHE_C_CHAIN = known(Chain.ETHEREUM, "avalancheCChain", false);
    /** Avalanche C-Chain Fuji testnet (supported by Civic's sandbox). */
    public static final ChainNetwork AVALANCHE_C_CHAIN_FUJI = known(Chain.ETHEREUM, "avalancheCChainFuji", true);
    /** XDC mainnet. */
    public static final ChainNetwork XDC_MAINNET = known(Chain.ETHEREUM, "xdcMainnet", false);
    /** XDC Apothem testnet (supported by Civic's sandbox). */
    public static final ChainNetwork XDC_APOTHEM = known(Chain.ETHEREUM, "xdcApothem", true);
    /** Fantom mainnet. */
    public static final ChainNetwork FANTOM_MAINNET = known(Chain.ETHEREUM, "fantomMainnet", false);
    /** Fantom testnet. */
    public static final ChainNetwork FANTOM_TESTNET = known(Chain.ETHEREUM, "fantomTestnet", false);
    /** Base Sepolia testnet (supported by Civic's sandbox). */
    public static final ChainNetwork BASE_SEPOLIA = known(Chain.ETHEREUM, "baseSepolia", true);
    /** Base mainnet. */
    public static final ChainNetwork BASE_MAINNET = known(Chain.ETHEREUM, "baseMainnet", false);
    /** BNB Smart Chain mainnet. */
    public static final ChainNetwork BSC_MAINNET = known(Chain.ETHEREUM, "bscMainnet", false);
    /** BNB Smart Chain testnet (supported by Civic's sandbox). */
    public static final ChainNetwork BSC_TESTNET = known(Chain.ETHEREUM, "bscTestnet", true);
    /** X Layer mainnet. */
    public static final ChainNetwork XLAYER_MAINNET = known(Chain.ETHEREUM, "xlayerMainnet", false);
    /** X Layer testnet (supported by Civic's sandbox). */
    public static final ChainNetwork XLAYER_TESTNET = known(Chain.ETHEREUM, "xlayerTestnet", true);
    /** Unichain mainnet. */
    public static final ChainNetwork UNICHAIN_MAINNET = known(Chain.ETHEREUM, "unichainMainnet", false);
    /** Unichain Sepolia testnet (supported by Civic's sandbox). */
    public static final ChainNetwork UNICHAIN_SEPOLIA = known(Chain.ETHEREUM, "unichainSepolia", true);
    /** Sonic mainnet. */
    public static final ChainNetwork SONIC_MAINNET = known(Chain.ETHEREUM, "sonicMainnet", false);
    /** Sonic testnet (supported by Civic's sandbox). */
    public static final ChainNetwork SONIC_TESTNET = known(Chain.ETHEREUM, "sonicTestnet", true);

    private static final List<ChainNetwork> KNOWN_VIEW = Collections.unmodifiableList(KNOWN);

    private final Chain chain;
    private final boolean sandbox;

    private ChainNetwork(String value, Chain chain, boolean sandbox, boolean known) {
        super(value, known);
        this.chain = chain;
        this.sandbox = sandbox;
    }

    private static ChainNetwork known(Chain chain, String value, boolean sandbox) {
        ChainNetwork network = new ChainNetwork(value, chain, sandbox, true);
        KNOWN.add(network);
        return network;
    }

    /**
     * The network with this wire value; an unknown value is kept, not rejected.
     *
     * @param value the wire value, for example {@code "sepolia"}
     * @return the constant for a known network, or a new instance with no known chain
     * @throws IllegalArgumentException if the value is null, blank or not a plausible name
     */
    public static ChainNetwork of(String value) {
        ChainNetwork network = lookup(KNOWN, value);
        return network != null ? network : new ChainNetwork(checked("chainNetwork", value), null, false, false);
    }

    /**
     * The chain this network belongs to, when the network is known.
     *
     * @return the chain, or empty for a network this version of the library does not know
     */
    public Optional<Chain> chain() {
        return Optional.ofNullable(chain);
    }

    /**
     * Whether this network belongs to {@code candidate}; an unknown network is taken to belong
     * to any chain, since only the server can tell.
     *
     * @param candidate a chain
     * @return false only when the network is known to be of another chain
     */
    public boolean belongsTo(Chain candidate) {
        return chain == null || chain.equals(candidate);
    }

    /**
     * Whether Civic's public sandbox pass supports this network (testnets only).
     *
     * @return true for the sandbox networks Civic lists
     */
    public boolean isSandboxSupported() {
        return sandbox;
    }

    /**
     * The networks this version of the library knows, in the order of Civic's API contract.
     *
     * @return an immutable list of the constants
     */
    public static List<ChainNetwork> known() {
        return KNOWN_VIEW;
    }
}
