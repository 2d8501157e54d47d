package io.civicpass.testkit;

import io.civicpass.CivicPassConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the fake Civic Pass API as a standalone server for tools outside the JVM:
 *
 * <pre>java -jar civicpass-testkit-VERSION-standalone.jar [--port N] [--confirmation-delay-ms M]</pre>
 *
 * <p>Listens on {@code 127.0.0.1} (port 8080 by default; confirmations after 2000 ms by default),
 * prints the token URL and the API base URL, and stops cleanly on SIGINT or SIGTERM. Civic's
 * documented curl calls work against it with only the host changed; the sandbox credentials are
 * registered.
 */
public final class FakeCivicMain {

    /** The default port of the standalone server. */
    public static final int DEFAULT_PORT = 8080;
    /** The default confirmation delay of the standalone server. */
    public static final Duration DEFAULT_CONFIRMATION_DELAY = Duration.ofMillis(2000);

    /** The scope request id of the PII request {@code --seed-pii} plants (Civic's documented example id). */
    public static final String DEMO_PII_ID = "9a7a77af-a58e-4e54-83c9-5daa96ccbf11";

    private FakeCivicMain() {
    }

    /**
     * Starts the server and waits until the process is told to stop.
     *
     * @param args {@code --port N}, {@code --confirmation-delay-ms M}, {@code --show-unconfirmed}
     *             ({@code --hide-until-confirmed}, the default, is accepted too), {@code --seed-pii},
     *             {@code --help}
     * @throws InterruptedException when interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        FakeCivic.Builder builder;
        boolean seedPii = java.util.Arrays.asList(args).contains("--seed-pii");
        try {
            builder = parse(args);
        } catch (IllegalArgumentException wrong) {
            System.err.println(wrong.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (builder == null) {
            usage(System.out);
            return;
        }
        FakeCivic fake = builder.start();
        // Listening already: what requests share is built meanwhile, and a request that needs a
        // part of it waits for that part only. A failure to build it is a failure to start.
        Warmup.inBackground(failure -> {
            System.err.println("Fake Civic Pass API cannot run: " + failure);
            System.exit(1);
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fake.close();
            System.out.println("Fake Civic Pass API stopped.");
            stopped.countDown();
        }, "fake-civic-shutdown"));
        describe(fake, System.out);
        if (seedPii) {
            System.out.println("  PII request:  " + fake.seedPii(PiiSeed.idDocument().id(DEMO_PII_ID))
                    + " (an ID-document verification awaiting a decision)");
            System.out.flush();
        }
        stopped.await();
    }

    /**
     * Reads the command line.
     *
     * @param args the arguments
     * @return a builder with the settings, or null when help was asked for
     * @throws IllegalArgumentException naming a bad or unknown argument
     */
    static FakeCivic.Builder parse(String[] args) {
        FakeCivic.Builder builder = FakeCivic.builder().port(DEFAULT_PORT).confirmationDelay(DEFAULT_CONFIRMATION_DELAY)
                .journalCapacity(10_000).warmUpLater();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--port" -> builder.port(number(arg, value(args, ++i, arg)));
                case "--confirmation-delay-ms" ->
                        builder.confirmationDelay(Duration.ofMillis(number(arg, value(args, ++i, arg))));
                case "--hide-until-confirmed" -> builder.hideUntilConfirmed(true);
                case "--show-unconfirmed" -> builder.hideUntilConfirmed(false);
                case "--seed-pii" -> {
                    // handled by main once the server runs
                }
                default -> throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        return builder;
    }

    static void describe(FakeCivic fake, PrintStream out) {
        out.println("Fake Civic Pass API listening on 127.0.0.1:" + fake.port());
        out.println("  token URL:    " + fake.tokenUrl());
        out.println("  API base URL: " + fake.apiUrl());
        out.println("  client id:    " + CivicPassConfig.SANDBOX_CREDENTIALS.clientId()
                + " (Civic's public sandbox client and secret)");
        out.println("Stop with Ctrl+C.");
        out.flush();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int number(String option, String text) {
        try {
            int value = Integer.parseInt(text);
            if (value < 0) {
                throw new IllegalArgumentException(option + " must not be negative, was " + text);
            }
            return value;
        } catch (NumberFormatException notNumber) {
            throw new IllegalArgumentException(option + " must be a whole number, was '" + text + "'");
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar civicpass-testkit-standalone.jar [--port N] [--confirmation-delay-ms M]"
                + " [--show-unconfirmed] [--seed-pii]");
        out.println("  --port N                   port on 127.0.0.1 (default " + DEFAULT_PORT + ", 0 for any free port)");
        out.println("  --confirmation-delay-ms M  how long actions take to confirm (default "
                + DEFAULT_CONFIRMATION_DELAY.toMillis() + ")");
        out.println("  --show-unconfirmed         show new passes in retrieve and list before their issue confirms"
                + " (by default they stay hidden until then, as at Civic)");
        out.println("  --seed-pii                 plant PII request " + DEMO_PII_ID + " awaiting a decision");
    }
}
