package io.civicpass.spring.boot.autoconfigure;

import io.civicpass.CivicPassClient;
import io.civicpass.gate.GateListener;
import io.civicpass.gate.PassGate;
import io.civicpass.gate.Verdict;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * A {@link PassGate} over the client bean when {@code civicpass-gate} is on the classpath, set up
 * from {@code civicpass.gate.*}; every {@link GateListener} bean is told of its verdicts and every
 * {@link CivicPassGateCustomizer} bean tunes its builder. Closed
 * with the context, before the client (the gate never closes the client itself). Backs off for
 * the application's own {@code PassGate} bean and when {@code civicpass.gate.enabled=false}.
 */
@AutoConfiguration(after = CivicPassAutoConfiguration.class)
@ConditionalOnClass(name = "io.civicpass.gate.PassGate")
@ConditionalOnBean(CivicPassClient.class)
@ConditionalOnProperty(name = "civicpass.gate.enabled", matchIfMissing = true)
public final class CivicPassGateAutoConfiguration {

    /** Created by Spring. */
    public CivicPassGateAutoConfiguration() {
    }

    /**
     * The gate.
     *
     * @param client     the client it asks
     * @param properties {@code civicpass.gate.*}
     * @param listeners  every {@link GateListener} bean
     * @param customizers every {@link CivicPassGateCustomizer} bean, applied last
     * @return the gate
     * @throws InvalidCivicPassPropertiesException naming the {@code civicpass.gate.*} key at fault
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public PassGate passGate(CivicPassClient client, CivicPassProperties properties, ObjectProvider<GateListener> listeners,
                             ObjectProvider<CivicPassGateCustomizer> customizers) {
        CivicPassProperties.Gate gate = properties.gate();
        PassGate.Builder builder = PassGate.builder(client);
        if (gate.maximumSize() != null) {
            apply("civicpass.gate.maximum-size", () -> builder.maximumSize(gate.maximumSize()));
        }
        if (gate.timeToLive() != null) {
            for (Map.Entry<String, Duration> entry : gate.timeToLive().entrySet()) {
                String property = "civicpass.gate.time-to-live." + entry.getKey();
                Verdict.Kind kind = kind(property, entry.getKey());
                apply(property, () -> builder.timeToLive(kind, entry.getValue()));
            }
        }
        if (gate.refreshAhead() != null) {
            apply("civicpass.gate.refresh-ahead", () -> builder.refreshAhead(gate.refreshAhead()));
        }
        if (gate.staleIfError() != null) {
            apply("civicpass.gate.stale-if-error", () -> builder.staleIfError(gate.staleIfError()));
        }
        builder.failOpen(gate.failOpen());
        builder.allowPendingUnfreeze(gate.allowPendingUnfreeze());
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** A verdict kind as a map key spells it: {@code allowed}, {@code not-found}, {@code NOT_FOUND}. */
    private static Verdict.Kind kind(String property, String key) {
        String name = key.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Verdict.Kind kind : Verdict.Kind.values()) {
            if (kind.name().equals(name)) {
                return kind;
            }
        }
        String known = Arrays.stream(Verdict.Kind.values())
                .map(kind -> kind.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
        throw new InvalidCivicPassPropertiesException(List.of(property), "'" + key + "' is not a verdict kind",
                "Use one of " + known + " as the key of civicpass.gate.time-to-live.");
    }

    private static void apply(String property, Runnable step) {
        try {
            step.run();
        } catch (IllegalArgumentException | NullPointerException refused) {
            throw new InvalidCivicPassPropertiesException(List.of(property), String.valueOf(refused.getMessage()),
                    "Correct " + property + ".");
        }
    }
}
