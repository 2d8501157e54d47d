package io.civicpass;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The lines the library writes to its {@link System.Logger} {@code io.civicpass} (which writes
 * through {@code java.util.logging}) while installed, at every level, each as its level and
 * formatted message. The build keeps that logger off the console (the test logging
 * configuration the parent pom hands to Surefire), so a test that provokes a line on purpose
 * reads it here instead of printing it.
 */
final class CapturedLog implements AutoCloseable {

    /** Held: {@code java.util.logging} keeps loggers weakly, and a collected one loses its handlers. */
    private final Logger logger = Logger.getLogger("io.civicpass");
    private final Level level = logger.getLevel();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter messages = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel() + " " + messages.formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLog() {
        handler.setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /**
     * Starts capturing, with the library's logger at its finest level.
     *
     * @return the capture; close it to stop
     */
    static CapturedLog start() {
        return new CapturedLog();
    }

    /** The lines so far, in order. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines so far at {@code WARNING}, in order. */
    List<String> warnings() {
        return lines.stream().filter(line -> line.startsWith(Level.WARNING + " ")).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(level);
    }
}
