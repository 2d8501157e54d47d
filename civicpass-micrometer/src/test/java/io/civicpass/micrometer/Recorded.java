package io.civicpass.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What a test's registries and loggers received. */
final class Recorded {

    private Recorded() {
    }

    /** Every context the registry handled, in the order started. */
    static List<Observation.Context> contexts(TestObservationRegistry registry) {
        List<Observation.Context> seen = new ArrayList<>();
        TestObservationRegistryAssert.assertThat(registry).hasHandledContextsThatSatisfy(seen::addAll);
        return seen;
    }

    /** The call observations, in the order started. */
    static List<CivicPassCallContext> calls(TestObservationRegistry registry) {
        return contexts(registry).stream().filter(CivicPassCallContext.class::isInstance)
                .map(CivicPassCallContext.class::cast).toList();
    }

    /** The only call observation. */
    static CivicPassCallContext onlyCall(TestObservationRegistry registry) {
        List<CivicPassCallContext> calls = calls(registry);
        if (calls.size() != 1) {
            throw new AssertionError("expected one call observation, got " + calls.size());
        }
        return calls.get(0);
    }

    /** The HTTP observations whose parent is {@code call}, by attempt number. */
    static List<CivicPassHttpContext> attemptsOf(TestObservationRegistry registry, CivicPassCallContext call) {
        return contexts(registry).stream().filter(CivicPassHttpContext.class::isInstance)
                .map(CivicPassHttpContext.class::cast)
                .filter(http -> http.getParentObservation() != null
                        && http.getParentObservation().getContextView() == call)
                .sorted(Comparator.comparingInt(http -> http.started().attempt()))
                .toList();
    }

    /**
     * Collects the warnings of {@code io.civicpass.micrometer} (failures the listeners contained)
     * and core's warnings that a listener threw (failures the listeners let through).
     */
    static final class ContainedFailures extends Handler implements AutoCloseable {

        private static final Logger MICROMETER = Logger.getLogger("io.civicpass.micrometer");
        private static final Logger CORE = Logger.getLogger("io.civicpass");

        private final List<LogRecord> records = new ArrayList<>();

        ContainedFailures() {
            MICROMETER.addHandler(this);
            CORE.addHandler(this);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            boolean ours = record.getLoggerName().equals(MICROMETER.getName());
            boolean listenerThrew = record.getMessage() != null && record.getMessage().contains("listener threw");
            if (record.getLevel().intValue() >= Level.WARNING.intValue() && (ours || listenerThrew)) {
                records.add(record);
            }
        }

        synchronized List<LogRecord> records() {
            return List.copyOf(records);
        }

        /** The logged lines with their parameters filled in. */
        synchronized List<String> lines() {
            return records.stream().map(record -> java.text.MessageFormat.format(record.getMessage(),
                    record.getParameters() == null ? new Object[0] : record.getParameters())).toList();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            MICROMETER.removeHandler(this);
            CORE.removeHandler(this);
        }
    }
}
