package io.civicpass.model;

/**
 * A gatekeeper network: the on-chain key identifying a pass type (a base58 key of 32 bytes).
 *
 * @param value the base58 key
 */
public record GatekeeperNetwork(String value) {

    /** Civic's public sandbox pass type, usable only on testnets with the sandbox credentials. */
    public static final GatekeeperNetwork SANDBOX = new GatekeeperNetwork("tgnuXXNMDLK8dy7Xm1TdeGyc95MDym4bvAQCwcW21Bf");

    /**
     * Validates the key.
     *
     * @param value the base58 key
     * @throws IllegalArgumentException naming the value when it is not base58 of 32 bytes
     */
    public GatekeeperNetwork {
        Text.requireNonBlank("gatekeeperNetwork", value);
        byte[] decoded = value.length() <= 64 ? Base58.decode(value) : null;
        if (decoded == null || decoded.length != 32) {
            throw new IllegalArgumentException("gatekeeperNetwork '" + Text.shorten(value)
                    + "' is not a base58 key of 32 bytes");
        }
    }

    /**
     * A validated gatekeeper network.
     *
     * @param value the base58 key
     * @return the gatekeeper network
     * @throws IllegalArgumentException when the key is malformed
     */
    public static GatekeeperNetwork of(String value) {
        return new GatekeeperNetwork(value);
    }

    /**
     * The key text.
     *
     * @return {@link #value()}
     */
    @Override
    public String toString() {
        return value;
    }
}
