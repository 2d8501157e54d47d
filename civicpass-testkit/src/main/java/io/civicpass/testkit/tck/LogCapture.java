package io.civicpass.testkit.tck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Everything logged through {@code java.util.logging} while installed, at every level, from
 * every logger that hands its records to the root logger. {@link System.Logger} writes through
 * {@code java.util.logging} by default, so the JDK's own loggers (its HTTP client's, say) and a
 * library's {@code System.Logger} lines are captured too; so are those of libraries that log
 * through {@code java.util.logging} (Vert.x and Netty where no other logging library is on the
 * classpath, OkHttp, Feign's {@code JavaLogger}).
 *
 * <p>While installed the root logger is at {@link Level#ALL}, so every logger whose level is
 * not set explicitly logs everything; the root's own handlers keep their levels, so the console
 * shows no more than before. Closing puts the root logger back.
 *
 * <p>A logger configured not to hand its records to its parents (a build that keeps the
 * library's own {@code io.civicpass} lines off its console does so) is captured at that logger:
 * the capture also joins every logger that exists when it is installed, and
 * {@code io.civicpass}, whose records would not reach the root.
 */
final class LogCapture implements AutoCloseable {

    /** The library's own logger, through {@link System.Logger}. */
    private static final String LIBRARY = "io.civicpass";

    private final Logger root = Logger.getLogger("");
    private final Level rootLevel;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        private final Formatter messages = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder();
            line.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(": ");
            try {
                line.append(messages.formatMessage(record));
            } catch (RuntimeException unformattable) {
                line.append(record.getMessage());
            }
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    line.append(" | ").append(parameter); // also the ones the pattern leaves out
                }
            }
            appendThrown(line, record.getThrown());
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** The loggers besides the root that the handler joined (held: the logging API keeps loggers weakly). */
    private final List<Logger> detached = new ArrayList<>();

    private LogCapture() {
        rootLevel = root.getLevel();
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.ALL);
        List<String> names = Collections.list(LogManager.getLogManager().getLoggerNames());
        names.add(LIBRARY);
        for (String name : new LinkedHashSet<>(names)) {
            Logger logger = Logger.getLogger(name);
            if (logger != root && !logger.getUseParentHandlers()) {
                // The first logger up the chain that keeps its records from its parents: each
                // record reaches the handler once, there or at the root.
                logger.addHandler(handler);
                detached.add(logger);
            }
        }
    }

    /**
     * Starts capturing.
     *
     * @return the capture; close it to stop
     */
    static LogCapture install() {
        return new LogCapture();
    }

    /**
     * The lines captured so far: level, logger, message with its parameters, and every
     * throwable attached (with causes and suppressed ones).
     *
     * @return the lines, in order
     */
    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        root.setLevel(rootLevel);
        detached.forEach(logger -> logger.removeHandler(handler));
    }

    private static void appendThrown(StringBuilder line, Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>();
        todo.add(thrown);
        while (!todo.isEmpty()) {
            Throwable current = todo.remove(todo.size() - 1);
            if (current == null || !seen.add(current)) {
                continue;
            }
            line.append(" | ").append(current);
            todo.add(current.getCause());
            todo.addAll(List.of(current.getSuppressed()));
        }
    }
}
