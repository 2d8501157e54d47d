package io.civicpass.micrometer;

import io.civicpass.gate.GateListener;
import io.civicpass.gate.GateStats;
import io.civicpass.gate.PassGate;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Shows a {@code civicpass-gate} {@link PassGate} in a Micrometer {@link MeterRegistry} (needs
 * {@code civicpass-gate} on the class path; this module depends on it optionally):
 * <ul>
 *   <li>{@link #bind(PassGate, MeterRegistry, Tags)} reads the gate's counters:
 *       {@value #CHECKS} (tag {@code result}: {@code hit}, {@code miss}), {@value #LOOKUPS}
 *       (tag {@code type}: {@code load}, {@code refresh}), {@value #LOOKUP_FAILURES},
 *       {@value #STALE_SERVES} and the gauge {@value #SIZE};</li>
 *   <li>{@link #listener(MeterRegistry, Tags)} records each lookup and stale serve as the gate
 *       tells them: the timer {@value #LOOKUP_DURATION} (tags {@code type} and {@code verdict},
 *       the verdict kind in lower case, {@code unavailable} for a failed lookup) and the timer
 *       {@value #STALE_LATENESS}, how far past its time-to-live each stale verdict was served
 *       (tag {@code verdict}).</li>
 * </ul>
 * Hits are counted, never timed or told one by one. No key, wallet or pass is ever a tag.
 *
 * @since 0.1.0
 */
public final class GateMetrics {

    /** The counter of checks, by {@code result}: {@value}. */
    public static final String CHECKS = "civicpass.gate.checks";
    /** The counter of Civic lookups, by {@code type}: {@value}. */
    public static final String LOOKUPS = "civicpass.gate.lookups";
    /** The counter of failed lookups: {@value}. */
    public static final String LOOKUP_FAILURES = "civicpass.gate.lookup.failures";
    /** The counter of verdicts served stale: {@value}. */
    public static final String STALE_SERVES = "civicpass.gate.stale.serves";
    /** The gauge of verdicts held: {@value}. */
    public static final String SIZE = "civicpass.gate.size";
    /** The timer of lookups, by {@code type} and {@code verdict}: {@value}. */
    public static final String LOOKUP_DURATION = "civicpass.gate.lookup.duration";
    /** The timer of how far past its time-to-live a stale verdict was served: {@value}. */
    public static final String STALE_LATENESS = "civicpass.gate.stale.lateness";

    private GateMetrics() {
    }

    /**
     * Registers the gate's counters and size; the meters hold the gate weakly.
     *
     * @param gate     the gate
     * @param registry the registry
     * @param tags     tags for every meter, for example the gate's name; may be empty
     */
    public static void bind(PassGate gate, MeterRegistry registry, Tags tags) {
        Objects.requireNonNull(gate, "gate == null");
        Objects.requireNonNull(registry, "registry == null");
        Objects.requireNonNull(tags, "tags == null");
        counter(registry, CHECKS, gate, tags.and("result", "hit"), GateStats::hits);
        counter(registry, CHECKS, gate, tags.and("result", "miss"), GateStats::misses);
        counter(registry, LOOKUPS, gate, tags.and("type", "load"), GateStats::loads);
        counter(registry, LOOKUPS, gate, tags.and("type", "refresh"), GateStats::refreshes);
        counter(registry, LOOKUP_FAILURES, gate, tags, GateStats::loadFailures);
        counter(registry, STALE_SERVES, gate, tags, GateStats::staleServes);
        Gauge.builder(SIZE, gate, g -> g.stats().size()).tags(tags).description("verdicts the gate holds")
                .register(registry);
    }

    /**
     * Registers the gate's counters and size, without extra tags.
     *
     * @param gate     the gate
     * @param registry the registry
     */
    public static void bind(PassGate gate, MeterRegistry registry) {
        bind(gate, registry, Tags.empty());
    }

    /**
     * A listener recording lookups and stale serves, for {@code PassGate.Builder.listener(...)}.
     *
     * @param registry the registry
     * @param tags     tags for every meter; may be empty
     * @return the listener; never throws into a check
     */
    public static GateListener listener(MeterRegistry registry, Tags tags) {
        Objects.requireNonNull(registry, "registry == null");
        Objects.requireNonNull(tags, "tags == null");
        return new GateListener() {
            @Override
            public void loaded(Lookup event) {
                lookup("load", event);
            }

            @Override
            public void refreshed(Lookup event) {
                lookup("refresh", event);
            }

            @Override
            public void servedStale(StaleServe event) {
                Timer.builder(STALE_LATENESS).tags(tags.and("verdict", lower(event.kind())))
                        .register(registry).record(event.pastTtl());
            }

            private void lookup(String type, Lookup event) {
                Timer.builder(LOOKUP_DURATION).tags(tags.and("type", type).and("verdict", lower(event.kind())))
                        .register(registry).record(event.elapsed());
            }
        };
    }

    /**
     * A listener recording lookups and stale serves, without extra tags.
     *
     * @param registry the registry
     * @return the listener
     */
    public static GateListener listener(MeterRegistry registry) {
        return listener(registry, Tags.empty());
    }

    private static String lower(Enum<?> kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static void counter(MeterRegistry registry, String name, PassGate gate, Tags tags,
                                ToDoubleFunction<GateStats> count) {
        FunctionCounter.builder(name, gate, g -> count.applyAsDouble(g.stats())).tags(tags).register(registry);
    }
}
