package io.civicpass.vertx;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what Vert.x's blocked-thread checker logs (through JUL, see the surefire
 * configuration) while installed.
 */
final class BlockedThreadWarnings implements AutoCloseable {

    /** The logger the checker writes to. */
    static final String LOGGER_NAME = "io.vertx.core.impl.BlockedThreadChecker";

    private final Logger logger = Logger.getLogger(LOGGER_NAME); // held: JUL keeps loggers weakly
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final CountDownLatch first = new CountDownLatch(1);
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                StringBuilder warning = new StringBuilder(String.valueOf(record.getMessage()));
                if (record.getThrown() != null) { // where the thread was, so a failure shows the culprit
                    for (StackTraceElement frame : record.getThrown().getStackTrace()) {
                        warning.append("\n\tat ").append(frame);
                    }
                }
                warnings.add(warning.toString());
                first.countDown();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private final boolean parentHandlers;

    private BlockedThreadWarnings() {
        parentHandlers = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false); // the test reports what it caught; keep the console quiet
        logger.addHandler(handler);
    }

    static BlockedThreadWarnings install() {
        return new BlockedThreadWarnings();
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    boolean awaitFirst(long timeout, TimeUnit unit) throws InterruptedException {
        return first.await(timeout, unit);
    }

    void clear() {
        warnings.clear();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(parentHandlers);
    }
}
