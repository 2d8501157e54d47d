package io.civicpass.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The fake's behaviour switches for what Civic's documents leave open (or where a test wants the
 * kinder world back): the values the builder chose, and the current ones that the fake's controls
 * change and {@link #reset()} puts back. Read by the rooms without the engine's lock.
 */
final class Switches {

    /** One set of values: the builder's, kept for {@link #reset()}. */
    record Values(boolean hideUntilConfirmed, ReissueBehaviour reissue, RepeatedUpdateBehaviour repeatedUpdate,
                  boolean piiReadOnce, boolean echoSecretsInErrors) {
    }

    /**
     * One switch by name, for the controls that reach every switch alike (the admin API's
     * settings, the standalone server's flags): its name, the values it takes, and how to read and
     * set it as text. A new switch is one more entry in {@link #SETTINGS}.
     *
     * @param name    the name, in camel case as the builder's method ({@code hideUntilConfirmed});
     *                the standalone server's flag is {@link #flag()}
     * @param allowed the values it takes, as text ({@code true}, {@code false} for a boolean)
     * @param bool    whether it is a boolean (JSON {@code true}/{@code false}); else one of
     *                {@code allowed} as a string
     * @param help    what it does, for {@code --help}
     * @param getter  the current value as text
     * @param setter  sets the value from text already checked by {@link #check(String)}
     */
    record Setting(String name, List<String> allowed, boolean bool, String help, Function<Switches, String> getter,
                   BiConsumer<Switches, String> setter) {

        /** The standalone server's flag: the name in kebab case after {@code --}. */
        String flag() {
            return "--" + name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
        }

        /**
         * Checks a value without setting it.
         *
         * @throws IllegalArgumentException naming the setting, the value and the allowed ones
         */
        void check(String value) {
            if (value == null || !allowed.contains(value)) {
                throw new IllegalArgumentException(name + " must be one of " + allowed + ", was '"
                        + (value == null ? "null" : ApiError.shorten(value)) + "'");
            }
        }

        String get(Switches switches) {
            return getter.apply(switches);
        }

        /** Checks the value, then sets it. */
        void set(Switches switches, String value) {
            check(value);
            setter.accept(switches, value);
        }

        private static Setting bool(String name, String help, Function<Switches, Boolean> getter,
                                    BiConsumer<Switches, Boolean> setter) {
            return new Setting(name, List.of("true", "false"), true, help, s -> String.valueOf(getter.apply(s)),
                    (s, v) -> setter.accept(s, Boolean.parseBoolean(v)));
        }

        private static <E extends Enum<E>> Setting choice(String name, Class<E> type, String help,
                                                          Function<Switches, E> getter, BiConsumer<Switches, E> setter) {
            List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
            return new Setting(name, names, false, help, s -> getter.apply(s).name(),
                    (s, v) -> setter.accept(s, Enum.valueOf(type, v)));
        }
    }

    /** Every switch, in the order {@code --help} and the admin API list them. */
    static final List<Setting> SETTINGS = List.of(
            Setting.bool("hideUntilConfirmed", "hide new passes from retrieve and list until their issue confirms",
                    s -> s.hideUntilConfirmed, (s, v) -> s.hideUntilConfirmed = v),
            Setting.choice("reissueBehaviour", ReissueBehaviour.class,
                    "what issuing to a wallet whose pass is live or pending does",
                    s -> s.reissue, (s, v) -> s.reissue = v),
            Setting.choice("repeatedUpdateBehaviour", RepeatedUpdateBehaviour.class,
                    "what an update asking for what the pass already has does",
                    s -> s.repeatedUpdate, (s, v) -> s.repeatedUpdate = v),
            Setting.bool("piiReadOnce", "a PII request's information can be read once only",
                    s -> s.piiReadOnce, (s, v) -> s.piiReadOnce = v),
            Setting.bool("echoSecretsInErrors", "error bodies echo the secrets presented (to test a client's redaction)",
                    s -> s.echoSecretsInErrors, (s, v) -> s.echoSecretsInErrors = v));

    /**
     * The setting with this name.
     *
     * @param name the name
     * @return the setting, or null
     */
    static Setting setting(String name) {
        for (Setting setting : SETTINGS) {
            if (setting.name().equals(name)) {
                return setting;
            }
        }
        return null;
    }

    private volatile Values configured;
    volatile boolean hideUntilConfirmed;
    volatile ReissueBehaviour reissue;
    volatile RepeatedUpdateBehaviour repeatedUpdate;
    volatile boolean piiReadOnce;
    volatile boolean echoSecretsInErrors;

    Switches(Values configured) {
        this.configured = configured;
        reset();
    }

    /**
     * Makes the current values the ones {@link #reset()} goes back to: for settings given by name
     * when the fake is built (the standalone server's flags).
     */
    void keepAsConfigured() {
        configured = new Values(hideUntilConfirmed, reissue, repeatedUpdate, piiReadOnce, echoSecretsInErrors);
    }

    /** Back to the builder's values. */
    void reset() {
        hideUntilConfirmed = configured.hideUntilConfirmed();
        reissue = configured.reissue();
        repeatedUpdate = configured.repeatedUpdate();
        piiReadOnce = configured.piiReadOnce();
        echoSecretsInErrors = configured.echoSecretsInErrors();
    }
}
