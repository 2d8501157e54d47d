package io.civicpass.spring.boot.autoconfigure;

import java.util.List;
import java.util.Objects;

/**
 * The {@code civicpass.*} properties cannot make a client: a value is invalid, or something
 * required is missing. Names the properties at fault, never a value that could be a secret; the
 * start-up failure it causes is explained by {@link CivicPassFailureAnalyzer}.
 */
public final class InvalidCivicPassPropertiesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The properties at fault, in the order they should be set. */
    private final List<String> properties;
    /** What is wrong, without any secret value. */
    private final String reason;
    /** What to do about it. */
    private final String action;

    /**
     * A failure naming the properties at fault.
     *
     * @param properties the properties, for example {@code civicpass.connect-timeout}
     * @param reason     what is wrong, without any secret value
     * @param action     what to do about it
     */
    public InvalidCivicPassPropertiesException(List<String> properties, String reason, String action) {
        super(String.join(", ", properties) + ": " + reason);
        this.properties = List.copyOf(properties);
        this.reason = Objects.requireNonNull(reason, "reason == null");
        this.action = Objects.requireNonNull(action, "action == null");
    }

    /**
     * The properties at fault.
     *
     * @return their names, in the order they should be set
     */
    public List<String> properties() {
        return properties;
    }

    /**
     * What is wrong.
     *
     * @return the reason, without any secret value
     */
    public String reason() {
        return reason;
    }

    /**
     * What to do about it.
     *
     * @return the action
     */
    public String action() {
        return action;
    }
}
