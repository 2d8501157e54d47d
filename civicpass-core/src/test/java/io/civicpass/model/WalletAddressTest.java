package io.civicpass.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WalletAddressTest {

    // The EIP-55 specification's mixed-case test vectors, plus the spec's example wallet.
    @ParameterizedTest
    @ValueSource(strings = {
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888",
    })
    void acceptsAndComputesEip55Checksums(String address) {
        assertThat(WalletAddress.ethereum(address).value()).isEqualTo(address);
        assertThat(WalletAddress.toChecksumAddress(address.toLowerCase(Locale.ROOT))).isEqualTo(address);
    }

    // The EIP-55 specification's all-caps and all-lower vectors: valid without a checksum.
    @ParameterizedTest
    @ValueSource(strings = {
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
    })
    void acceptsSingleCaseAddresses(String address) {
        assertThat(WalletAddress.ethereum(address).value()).isEqualTo(address);
    }

    @Test
    void checksumOfMixedCaseVectorIsItself() {
        assertThat(WalletAddress.toChecksumAddress("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"))
                .isEqualTo("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    }

    @Test
    void rejectsMixedCaseWithWrongChecksum() {
        // one letter's case flipped from the valid 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed
        assertThatThrownBy(() -> WalletAddress.ethereum("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("walletAddress")
                .hasMessageContaining("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")
                .hasMessageContaining("EIP-55");
    }

    @Test
    void acceptsAllLowerAndAllUpperCaseWithoutChecksum() {
        assertThat(WalletAddress.isValid(Chain.ETHEREUM, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")).isTrue();
        assertThat(WalletAddress.isValid(Chain.ETHEREUM, "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", // no 0x
        "0X5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", // capital X
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea", // 39 digits
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed0", // 41 digits
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beagd", // g is not hex
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea/d",
        " 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
    })
    void rejectsMalformedEvmAddresses(String address) {
        assertThatThrownBy(() -> WalletAddress.ethereum(address))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("walletAddress")
                .hasMessageContaining("0x followed by 40 hex digits");
    }

    @Test
    void acceptsSolanaAddressesOf32Bytes() {
        assertThat(WalletAddress.solana("4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ").value())
                .isEqualTo("4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ");
        assertThat(WalletAddress.isValid(Chain.SOLANA, "11111111111111111111111111111111")).isTrue(); // 32 zero bytes
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQ0", // 0 is not base58
        "4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQl", // l is not base58
        "4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQ", // too short: not 32 bytes
        "1111111111111111111111111111111", // 31 zero bytes
        "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888",
    })
    void rejectsMalformedSolanaAddresses(String address) {
        assertThatThrownBy(() -> WalletAddress.solana(address))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("walletAddress '" + address + "'")
                .hasMessageContaining("solana");
    }

    /** How many random keys one run tries. */
    private static final int RANDOM_KEYS = 5_000;

    @Test
    void anyRandom32ByteKeyEncodesToAValidSolanaAddress() {
        // A new seed each run, so runs add up to more keys; a failure names it, to run that key again.
        long seed = new SecureRandom().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < RANDOM_KEYS; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            assertEncodesToAValidSolanaAddress(key, "key " + i + " of new Random(" + seed + "L)");
        }
    }

    /** The keys where base58's handling of leading zeros and of the largest values shows. */
    static Stream<Arguments> edgeKeys() {
        byte[] leadingZeros = filled((byte) 0xFF);
        Arrays.fill(leadingZeros, 0, 16, (byte) 0);
        byte[] lastByteOnly = new byte[32];
        lastByteOnly[31] = 1;
        byte[] firstByteZero = filled((byte) 0xFF);
        firstByteZero[0] = 0;
        byte[] firstByteOnly = new byte[32];
        firstByteOnly[0] = (byte) 0x80;
        return Stream.of(
                Arguments.of("all zeros", new byte[32]),
                Arguments.of("16 leading zeros, then 0xFF", leadingZeros),
                Arguments.of("31 leading zeros, then 0x01", lastByteOnly),
                Arguments.of("one leading zero, then 0xFF", firstByteZero),
                Arguments.of("0x80, then zeros", firstByteOnly),
                Arguments.of("all 0xFF", filled((byte) 0xFF)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edgeKeys")
    void edge32ByteKeysEncodeToValidSolanaAddresses(String name, byte[] key) {
        assertEncodesToAValidSolanaAddress(key, name);
    }

    @Test
    void edgeKeysEncodeToTheirKnownAddresses() {
        assertThat(Base58.encode(new byte[32])).isEqualTo("1".repeat(32)); // a leading 1 per zero byte
        byte[] lastByteOnly = new byte[32];
        lastByteOnly[31] = 1;
        assertThat(Base58.encode(lastByteOnly)).isEqualTo("1".repeat(31) + "2");
        assertThat(Base58.encode(filled((byte) 0xFF))).isEqualTo("JEKNVnkbo3jma5nREBBJCDoXFVeKkD56V3xKrvRmWxFG");
    }

    private static void assertEncodesToAValidSolanaAddress(byte[] key, String which) {
        String address = Base58.encode(key);
        assertThat(WalletAddress.isValid(Chain.SOLANA, address)).as("%s: %s", which, address).isTrue();
        assertThat(Base58.decode(address)).as("%s: %s decoded", which, address).isEqualTo(key);
    }

    private static byte[] filled(byte value) {
        byte[] key = new byte[32];
        Arrays.fill(key, value);
        return key;
    }

    @Test
    void rejectsBlankAndNull() {
        assertThatThrownBy(() -> WalletAddress.solana(" ")).hasMessageContaining("walletAddress must not be blank");
        assertThatThrownBy(() -> WalletAddress.ethereum(null)).hasMessageContaining("walletAddress must not be blank");
    }

    @Test
    void unknownChainAcceptsAlphanumericOnly() {
        Chain cosmos = Chain.of("cosmos");
        assertThat(WalletAddress.of(cosmos, "cosmos1abc").value()).isEqualTo("cosmos1abc");
        assertThatThrownBy(() -> WalletAddress.of(cosmos, "../../oauth"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("walletAddress");
    }

    @Test
    void canonicalFormLowercasesEvmOnly() {
        assertThat(WalletAddress.ethereum("0xEA5Ce8F9C81b681876DC713d33371c3E262A5888").canonical())
                .isEqualTo("0xea5ce8f9c81b681876dc713d33371c3e262a5888");
        assertThat(WalletAddress.solana("4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ").canonical())
                .isEqualTo("4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ");
    }

    @Test
    void keccakMatchesKnownDigests() {
        // Keccak-256, not SHA3-256: the empty input and "abc" as Ethereum tooling reports them.
        assertThat(HexFormat.of().formatHex(Keccak256.digest(new byte[0])))
                .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        assertThat(HexFormat.of().formatHex(Keccak256.digest("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
        // across the 136-byte block boundary
        byte[] longInput = new byte[200];
        assertThat(Keccak256.digest(longInput)).hasSize(32).isNotEqualTo(Keccak256.digest(new byte[199]));
    }
}
