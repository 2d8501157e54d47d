package io.civicpass.testkit;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Civic's contract allows in paths and bodies, written out independently of the client's
 * own validation so that a mistake there cannot hide behind the same mistake here.
 */
final class WireRules {

    static final String SOLANA = "solana";
    static final String ETHEREUM = "ethereum";

    /** The chains and networks of Civic's OpenAPI description, in its order. */
    static final Map<String, List<String>> NETWORKS = Map.of(
            SOLANA, List.of("mainnet-beta", "devnet"),
            ETHEREUM, List.of("mainnet", "sepolia", "polygonAmoy", "polygonMainnet", "polygonZKEVM",
                    "polygonZKEVMTestnet", "optimismSepolia", "optimismMainnet", "arbitrumSepolia", "arbitrumMainnet",
                    "avalancheCChain", "avalancheCChainFuji", "xdcMainnet", "xdcApothem", "fantomMainnet",
                    "fantomTestnet", "baseSepolia", "baseMainnet", "bscMainnet", "bscTestnet", "xlayerMainnet",
                    "xlayerTestnet", "unichainMainnet", "unichainSepolia", "sonicMainnet", "sonicTestnet"));

    /** The networks Civic's public sandbox pass supports (testnets only). */
    static final Set<String> SANDBOX_NETWORKS = Set.of("devnet", "polygonAmoy", "sepolia", "baseSepolia",
            "arbitrumSepolia", "optimismSepolia", "bscTestnet", "xdcApothem", "xlayerTestnet", "avalancheCChainFuji",
            "unichainSepolia", "sonicTestnet");

    /** The values of the contract's {@code State} schema (list filters and updates). */
    static final List<String> STATES = List.of("ACTIVE", "REVOKED", "FROZEN", "REQUESTED", "REJECTED");

    private static final Pattern EVM = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private WireRules() {
    }

    static boolean isKnownNetwork(String network) {
        return NETWORKS.values().stream().anyMatch(list -> list.contains(network));
    }

    /** Whether a wallet address has the form its chain uses. */
    static boolean isWallet(String chain, String wallet) {
        if (wallet == null) {
            return false;
        }
        if (ETHEREUM.equals(chain)) {
            return EVM.matcher(wallet).matches();
        }
        if (SOLANA.equals(chain)) {
            byte[] decoded = base58(wallet);
            return decoded != null && decoded.length == 32;
        }
        return false;
    }

    /** The address as compared: EVM addresses ignore case (it only carries a checksum). */
    static String canonicalWallet(String wallet) {
        return EVM.matcher(wallet).matches() ? wallet.toLowerCase(Locale.ROOT) : wallet;
    }

    /** Decodes base58 text, or null when it is not base58 (or implausibly long). */
    static byte[] base58(String text) {
        if (text.isEmpty() || text.length() > 64) {
            return null;
        }
        BigInteger value = BigInteger.ZERO;
        BigInteger radix = BigInteger.valueOf(58);
        int leadingZeros = 0;
        boolean leading = true;
        for (char c : text.toCharArray()) {
            int digit = BASE58.indexOf(c);
            if (digit < 0) {
                return null;
            }
            if (leading && digit == 0) {
                leadingZeros++;
            } else {
                leading = false;
            }
            value = value.multiply(radix).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
        int skip = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
        if (magnitude.length == 1 && magnitude[0] == 0) {
            skip = 1;
        }
        byte[] out = new byte[leadingZeros + magnitude.length - skip];
        System.arraycopy(magnitude, skip, out, leadingZeros, magnitude.length - skip);
        return out;
    }

    /** Encodes bytes as base58 (for transaction signatures of Solana passes). */
    static String toBase58(byte[] bytes) {
        BigInteger value = new BigInteger(1, bytes);
        BigInteger radix = BigInteger.valueOf(58);
        StringBuilder out = new StringBuilder();
        while (value.signum() > 0) {
            BigInteger[] division = value.divideAndRemainder(radix);
            out.append(BASE58.charAt(division[1].intValue()));
            value = division[0];
        }
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }
}
