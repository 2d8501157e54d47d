package io.civicpass.model;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A wallet address, validated for its chain when it is created.
 *
 * <ul>
 *   <li>{@link Chain#ETHEREUM}: {@code 0x} and 40 hex digits. An all-lowercase or all-uppercase
 *       address is accepted as is; a mixed-case one must carry a valid EIP-55 checksum, since
 *       mixed case that fails the checksum is almost always a typo.</li>
 *   <li>{@link Chain#SOLANA}: base58 text decoding to exactly 32 bytes.</li>
 *   <li>a chain this version does not know: 1 to 128 letters and digits.</li>
 * </ul>
 *
 * @param chain the chain whose address format applies
 * @param value the address as given
 */
public record WalletAddress(Chain chain, String value) {

    private static final Pattern EVM = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern OTHER = Pattern.compile("[A-Za-z0-9]{1,128}");

    /**
     * Validates the address for its chain.
     *
     * @param chain the chain whose address format applies
     * @param value the address as given
     * @throws IllegalArgumentException naming the field and value when the address is malformed
     */
    public WalletAddress {
        Objects.requireNonNull(chain, "chain == null");
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("walletAddress must not be blank, was "
                    + (value == null ? "null" : "'" + value + "'"));
        }
        String problem = problem(chain, value);
        if (problem != null) {
            throw new IllegalArgumentException("walletAddress '" + Text.shorten(value) + "' is not a valid "
                    + chain.value() + " address: " + problem);
        }
    }

    /**
     * A validated address on a chain.
     *
     * @param chain the chain
     * @param value the address
     * @return the address
     * @throws IllegalArgumentException when the address is malformed for the chain
     */
    public static WalletAddress of(Chain chain, String value) {
        return new WalletAddress(chain, value);
    }

    /**
     * A validated EVM address ({@code 0x} + 40 hex digits, EIP-55 checked when mixed-case).
     *
     * @param value the address
     * @return the address
     * @throws IllegalArgumentException when the address is malformed
     */
    public static WalletAddress ethereum(String value) {
        return new WalletAddress(Chain.ETHEREUM, value);
    }

    /**
     * A validated Solana address (base58 of 32 bytes).
     *
     * @param value the address
     * @return the address
     * @throws IllegalArgumentException when the address is malformed
     */
    public static WalletAddress solana(String value) {
        return new WalletAddress(Chain.SOLANA, value);
    }

    /**
     * Whether {@code value} would be a valid address on {@code chain}.
     *
     * @param chain the chain
     * @param value the candidate address
     * @return true if {@link #of(Chain, String)} would accept it
     */
    public static boolean isValid(Chain chain, String value) {
        return chain != null && value != null && !value.isBlank() && problem(chain, value) == null;
    }

    /**
     * The EIP-55 checksummed form of an EVM address (letters cased by the Keccak-256 hash of
     * the lowercase hex).
     *
     * @param address {@code 0x} and 40 hex digits, any case
     * @return the checksummed address
     * @throws IllegalArgumentException if the input is not {@code 0x} and 40 hex digits
     */
    public static String toChecksumAddress(String address) {
        if (address == null || !EVM.matcher(address).matches()) {
            throw new IllegalArgumentException("walletAddress '" + Text.shorten(address)
                    + "' is not 0x followed by 40 hex digits");
        }
        String hex = address.substring(2).toLowerCase(Locale.ROOT);
        byte[] hash = Keccak256.digest(hex.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder("0x");
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
            out.append(Character.isLetter(c) && nibble >= 8 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    /**
     * The address in a form suitable for comparison: lowercase for EVM addresses (whose case
     * only carries a checksum), unchanged otherwise.
     *
     * @return the canonical text
     */
    public String canonical() {
        return Chain.ETHEREUM.equals(chain) ? value.toLowerCase(Locale.ROOT) : value;
    }

    private static String problem(Chain chain, String value) {
        if (Chain.ETHEREUM.equals(chain)) {
            if (!EVM.matcher(value).matches()) {
                return "expected 0x followed by 40 hex digits";
            }
            String hex = value.substring(2);
            boolean mixedCase = !hex.equals(hex.toLowerCase(Locale.ROOT)) && !hex.equals(hex.toUpperCase(Locale.ROOT));
            if (mixedCase && !toChecksumAddress(value).equals(value)) {
                return "mixed-case address fails its EIP-55 checksum";
            }
            return null;
        }
        if (Chain.SOLANA.equals(chain)) {
            byte[] decoded = value.length() <= 64 ? Base58.decode(value) : null;
            if (decoded == null) {
                return "expected base58 text (no 0, O, I or l)";
            }
            return decoded.length == 32 ? null : "expected base58 of 32 bytes, decodes to " + decoded.length;
        }
        return OTHER.matcher(value).matches() ? null : "expected 1 to 128 letters and digits";
    }

    /**
     * The address text.
     *
     * @return {@link #value()}
     */
    @Override
    public String toString() {
        return value;
    }
}
