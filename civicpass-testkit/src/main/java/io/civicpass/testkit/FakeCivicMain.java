package io.civicpass.testkit;

import io.civicpass.CivicPassConfig;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the fake Civic Pass API as a standalone server for tools outside the JVM:
 *
 * <pre>java -jar civicpass-testkit-VERSION-standalone.jar [--port N] [--host ADDRESS] [--seed FILE] ...</pre>
 *
 * <p>Listens on {@code 127.0.0.1} by default (port 8080; confirmations after 2000 ms), serves the
 * admin API under {@code /__admin} ({@link AdminDesk}), prints the token URL, the API base URL and
 * the admin URL, and stops cleanly on SIGINT or SIGTERM. {@code --help} lists every flag, each
 * behaviour switch among them. Civic's
 * documented curl calls work against it with only the host changed; the sandbox credentials are
 * registered.
 */
public final class FakeCivicMain {

    /** The default port of the standalone server. */
    public static final int DEFAULT_PORT = 8080;
    /** The default confirmation delay of the standalone server. */
    public static final Duration DEFAULT_CONFIRMATION_DELAY = Duration.ofMillis(2000);

    /** The default address of the standalone server: loopback, reachable from this machine only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The scope request id of the PII request {@code --seed-pii} plants (Civic's documented example id). */
    public static final String DEMO_PII_ID = "9a7a77af-a58e-4e54-83c9-5daa96ccbf11";

    private FakeCivicMain() {
    }

    /**
     * Starts the server and waits until the process is told to stop.
     *
     * @param args the flags {@code --help} lists: {@code --port N}, {@code --host ADDRESS},
     *             {@code --confirmation-delay-ms M}, {@code --seed FILE}, {@code --admin-token TOKEN},
     *             {@code --journal-shows-secrets}, {@code --seed-pii}, and each behaviour switch
     *             ({@code --hide-until-confirmed [true|false]}, {@code --show-unconfirmed}, ...)
     * @throws InterruptedException when interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = options(args);
        } catch (IllegalArgumentException wrong) {
            System.err.println(wrong.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (options == null) {
            usage(System.out);
            return;
        }
        FakeCivic fake = options.builder().start();
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
        String planted = null;
        if (options.seed() != null) {
            try {
                planted = SeedFile.plant(fake, options.seed());
            } catch (IllegalArgumentException badSeed) {
                System.err.println(badSeed.getMessage());
                System.exit(2);
                return;
            }
        }
        describe(fake, options.host(), System.out);
        if (planted != null) {
            System.out.println("  seeded:       " + planted + " from " + options.seed());
        }
        if (options.seedPii()) {
            System.out.println("  PII request:  " + fake.seedPii(PiiSeed.idDocument().id(DEMO_PII_ID))
                    + " (an ID-document verification awaiting a decision)");
        }
        System.out.flush();
        if (options.openWithoutToken()) {
            System.err.println("WARNING: listening on " + options.host() + ", beyond loopback, and the admin API"
                    + " needs no token: anyone who can reach this address can reset, seed and read the journal."
                    + " Give --admin-token TOKEN.");
        }
        stopped.await();
    }

    /**
     * What the command line asks for.
     *
     * @param builder          the fake's settings
     * @param host             the address to listen on, as given
     * @param seed             the seed file, or null
     * @param seedPii          whether to plant the demo PII request
     * @param openWithoutToken whether the server listens beyond loopback with no admin token
     */
    record Options(FakeCivic.Builder builder, String host, Path seed, boolean seedPii, boolean openWithoutToken) {
    }

    /**
     * Reads the command line.
     *
     * @param args the arguments
     * @return a builder with the settings, or null when help was asked for
     * @throws IllegalArgumentException naming a bad or unknown argument
     */
    static FakeCivic.Builder parse(String[] args) {
        Options options = options(args);
        return options == null ? null : options.builder();
    }

    /**
     * Reads the command line.
     *
     * @param args the arguments
     * @return the options, or null when help was asked for
     * @throws IllegalArgumentException naming a bad or unknown argument
     */
    static Options options(String[] args) {
        FakeCivic.Builder builder = FakeCivic.builder().port(DEFAULT_PORT).confirmationDelay(DEFAULT_CONFIRMATION_DELAY)
                .journalCapacity(10_000).adminApi(true).warmUpLater();
        String host = DEFAULT_HOST;
        Path seed = null;
        boolean seedPii = false;
        boolean token = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--port" -> builder.port(number(arg, value(args, ++i, arg)));
                case "--host" -> {
                    host = value(args, ++i, arg);
                    builder.host(host);
                }
                case "--confirmation-delay-ms" ->
                        builder.confirmationDelay(Duration.ofMillis(number(arg, value(args, ++i, arg))));
                case "--show-unconfirmed" -> builder.hideUntilConfirmed(false);
                case "--seed" -> seed = Path.of(value(args, ++i, arg));
                case "--seed-pii" -> seedPii = true;
                case "--admin-token" -> {
                    try {
                        builder.adminToken(value(args, ++i, arg));
                    } catch (IllegalArgumentException badToken) {
                        throw new IllegalArgumentException("--admin-token must be printable ASCII without spaces");
                    }
                    token = true;
                }
                case "--journal-shows-secrets" -> builder.adminJournalShowsSecrets(true);
                default -> i = switchFlag(builder, args, i);
            }
        }
        boolean open;
        try {
            open = !InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException unknown) {
            throw new IllegalArgumentException("--host '" + host + "' cannot be resolved");
        }
        return new Options(builder, host, seed, seedPii, open && !token);
    }

    /** A behaviour switch's flag ({@code --reissue-behaviour NO_OP}); the index of its last argument. */
    private static int switchFlag(FakeCivic.Builder builder, String[] args, int i) {
        String arg = args[i];
        for (Switches.Setting setting : Switches.SETTINGS) {
            if (setting.flag().equals(arg)) {
                String value;
                int last = i;
                if (setting.bool()) {
                    // A bare boolean flag means true; "true" or "false" may follow.
                    boolean given = i + 1 < args.length && setting.allowed().contains(args[i + 1]);
                    value = given ? args[++last] : "true";
                } else {
                    value = value(args, ++last, arg);
                }
                try {
                    builder.setting(setting.name(), value);
                } catch (IllegalArgumentException badValue) {
                    throw new IllegalArgumentException(arg + " must be one of " + setting.allowed() + ", was '"
                            + value + "'");
                }
                return last;
            }
        }
        throw new IllegalArgumentException("unknown argument: " + arg);
    }

    static void describe(FakeCivic fake, PrintStream out) {
        describe(fake, DEFAULT_HOST, out);
    }

    static void describe(FakeCivic fake, String host, PrintStream out) {
        out.println("Fake Civic Pass API listening on " + host + ":" + fake.port());
        out.println("  token URL:    " + fake.tokenUrl());
        out.println("  API base URL: " + fake.apiUrl());
        out.println("  admin URL:    " + fake.adminUrl() + " (GET " + fake.adminUrl() + "/openapi.json describes it)");
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

    static void usage(PrintStream out) {
        out.println("usage: java -jar civicpass-testkit-standalone.jar [options]");
        out.println("  --port N                   port (default " + DEFAULT_PORT + ", 0 for any free port)");
        out.println("  --host ADDRESS             address to listen on (default " + DEFAULT_HOST
                + "; 0.0.0.0 for every interface, as in a container)");
        out.println("  --confirmation-delay-ms M  how long actions take to confirm (default "
                + DEFAULT_CONFIRMATION_DELAY.toMillis() + ")");
        out.println("  --seed FILE                plant passes and PII requests from a JSON file in the admin API's"
                + " format: {\"passes\": [...], \"pii\": [...]}");
        out.println("  --admin-token TOKEN        admin calls (/__admin/*) need Authorization: Bearer TOKEN");
        out.println("  --journal-shows-secrets    the journal served at /__admin/requests keeps Authorization values"
                + " and client secrets (redacted by default)");
        out.println("  --seed-pii                 plant PII request " + DEMO_PII_ID + " awaiting a decision");
        out.println("behaviour switches (also GET/PUT /__admin/settings):");
        for (Switches.Setting setting : Switches.SETTINGS) {
            String values = setting.bool() ? "[true|false]" : String.join("|", setting.allowed());
            out.println("  " + pad(setting.flag() + " " + values, 46) + setting.help());
        }
        out.println("  " + pad("--show-unconfirmed", 46) + "the same as --hide-until-confirmed false");
    }

    private static String pad(String text, int width) {
        StringBuilder padded = new StringBuilder(text);
        do {
            padded.append(' ');
        } while (padded.length() < width);
        return padded.toString();
    }
}
