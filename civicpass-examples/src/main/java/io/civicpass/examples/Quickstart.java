package io.civicpass.examples;

import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.feign.FeignTransport;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.model.PiiLink;
import io.civicpass.model.PiiRequest;
import io.civicpass.retrofit.RetrofitTransport;
import io.civicpass.spi.Transport;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.PiiSeed;
import io.civicpass.vertx.VertxTransport;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The quickstart: one Civic Pass through its whole life (issue, confirmation, freeze, unfreeze, a
 * forced refresh, a filtered list, revoke) and a review of the personal data a user shared, each
 * step told with the pass's {@code state} and {@code onChainState} and the time it took.
 *
 * <p>Without credentials it starts the testkit's fake Civic API in the same process, with its
 * defaults, which are never kinder than Civic: a new pass stays hidden until its issuance is
 * confirmed, every change is a chain transaction confirmed later, and a PII request can be read
 * once. With {@code CIVIC_CLIENT_ID} and {@code CIVIC_CLIENT_SECRET} set it runs the same steps
 * against Civic (or whatever {@code CIVIC_API_URL} and {@code CIVIC_TOKEN_URL} point at), on a
 * new random wallet on the Sepolia testnet; set {@code CIVIC_PII_REQUEST_ID} there to review a real
 * PII request too. Run it from the repository root with
 *
 * <pre>
 * mvn -B -q -pl civicpass-examples -am package -Dmaven.test.skip=true &amp;&amp; java -jar civicpass-examples/target/civicpass-examples.jar
 * </pre>
 *
 * <p>adding {@code --transport=feign}, {@code --transport=retrofit} (the default) or
 * {@code --transport=vertx} to pick the HTTP transport.
 */
public final class Quickstart {

    /** The transport used when {@code --transport} is not given. */
    public static final String DEFAULT_TRANSPORT = RetrofitTransport.NAME;
    /** Names a PII request to review when running against Civic (the embedded fake plants its own). */
    public static final String ENV_PII_REQUEST_ID = "CIVIC_PII_REQUEST_ID";

    /** Exit status when every step succeeded. */
    public static final int OK = 0;
    /** Exit status when a step failed. */
    public static final int FAILED = 1;
    /** Exit status for arguments or environment variables the quickstart cannot use. */
    public static final int USAGE = 2;

    /** Civic may take minutes to confirm on chain; the fake takes 200 ms. */
    static final Duration CONFIRMATION_TIMEOUT = Duration.ofMinutes(5);

    private static final String USAGE_TEXT = "usage: java -jar civicpass-examples.jar [--transport=feign|retrofit|vertx]\n"
            + "  without CIVIC_CLIENT_ID and CIVIC_CLIENT_SECRET: runs against an embedded fake Civic API\n"
            + "  with them: runs against Civic (CIVIC_API_URL, CIVIC_TOKEN_URL override the URLs;"
            + " CIVIC_PII_REQUEST_ID names a PII request to review)";

    private Quickstart() {
    }

    /**
     * Runs the quickstart with the process's environment, printing to standard output; exits
     * with a non-zero status when it failed.
     *
     * @param args {@code --transport=feign|retrofit|vertx}, optional
     */
    public static void main(String[] args) {
        int status = run(List.of(args), System.getenv(), System.out);
        if (status != OK) {
            System.exit(status);
        }
    }

    /**
     * Runs the quickstart: what {@link #main(String[])} does, with the environment given as a map
     * so a test can point it anywhere. Everything it starts is closed before it returns.
     *
     * @param args        the command-line arguments
     * @param environment the environment variables to read ({@code CIVIC_*})
     * @param out         where the story is told
     * @return {@link #OK}, {@link #FAILED} or {@link #USAGE}
     */
    public static int run(List<String> args, Map<String, String> environment, PrintStream out) {
        Objects.requireNonNull(args, "args == null");
        Objects.requireNonNull(environment, "environment == null");
        Objects.requireNonNull(out, "out == null");
        String transportName = DEFAULT_TRANSPORT;
        for (String arg : args) {
            if (arg.startsWith("--transport=")) {
                transportName = arg.substring("--transport=".length()).toLowerCase(Locale.ROOT);
            } else if ("--help".equals(arg) || "-h".equals(arg)) {
                out.println(USAGE_TEXT);
                return OK;
            } else {
                out.println("unknown argument '" + arg + "'");
                out.println(USAGE_TEXT);
                return USAGE;
            }
        }
        Transport transport;
        try {
            transport = transport(transportName);
        } catch (IllegalArgumentException unknown) {
            out.println(unknown.getMessage());
            out.println(USAGE_TEXT);
            return USAGE;
        }
        PassKey key = PassKey.of(ChainNetwork.SEPOLIA, randomWallet());
        boolean credentialsSet = present(environment, CivicPassConfig.ENV_CLIENT_ID)
                || present(environment, CivicPassConfig.ENV_CLIENT_SECRET);
        if (credentialsSet) {
            return againstCivic(environment, transport, key, out);
        }
        for (String ignored : List.of(CivicPassConfig.ENV_API_URL, CivicPassConfig.ENV_TOKEN_URL)) {
            if (present(environment, ignored)) {
                out.println(ignored + " is ignored: without CIVIC_CLIENT_ID and CIVIC_CLIENT_SECRET the quickstart"
                        + " runs against its embedded fake.");
            }
        }
        return againstEmbeddedFake(transport, key, out);
    }

    /**
     * The transport a {@code --transport} value names.
     *
     * @param name {@code feign}, {@code retrofit} or {@code vertx}
     * @return a new transport that creates (and, on close, releases) its own HTTP client
     * @throws IllegalArgumentException for any other name
     */
    static Transport transport(String name) {
        switch (name) {
            case FeignTransport.NAME:
                return FeignTransport.create();
            case RetrofitTransport.NAME:
                return RetrofitTransport.create();
            case VertxTransport.NAME:
                return VertxTransport.create();
            default:
                throw new IllegalArgumentException("--transport must be feign, retrofit or vertx, was '" + name + "'");
        }
    }

    private static int againstEmbeddedFake(Transport transport, PassKey key, PrintStream out) {
        try (FakeCivic fake = FakeCivic.start()) {
            out.println("Civic Pass quickstart over " + transport.name() + ", against the embedded fake Civic API at "
                    + fake.apiUrl() + " (CIVIC_CLIENT_ID and CIVIC_CLIENT_SECRET are not set).");
            out.println("The fake is as strict as Civic: a new pass stays hidden until its issuance is confirmed,"
                    + " each change is confirmed " + FakeCivic.DEFAULT_CONFIRMATION_DELAY.toMillis()
                    + " ms later, a PII request can be read once.");
            // A PII request for the review at the end, as a user's ID check would leave one.
            String piiRequestId = fake.seedPii(PiiSeed.idDocument());
            return tell(fake.configBuilder().build(), transport, key, Optional.of(piiRequestId), out);
        }
    }

    private static int againstCivic(Map<String, String> environment, Transport transport, PassKey key,
                                    PrintStream out) {
        CivicPassConfig config;
        try {
            config = CivicPassConfig.fromEnvironment(environment);
        } catch (IllegalStateException | IllegalArgumentException unusable) {
            out.println("cannot configure the client from the environment: " + unusable.getMessage());
            return USAGE;
        }
        boolean sandbox = CivicPassConfig.SANDBOX_CREDENTIALS.equals(config.credentials());
        out.println("Civic Pass quickstart over " + transport.name() + ", against Civic at " + config.apiUrl()
                + " (token endpoint " + config.tokenUrl() + "), with "
                + (sandbox ? "Civic's public sandbox credentials" : "the credentials in CIVIC_CLIENT_ID and CIVIC_CLIENT_SECRET")
                + ", on the " + key.network() + " testnet.");
        Optional<String> piiRequestId = Optional.ofNullable(environment.get(ENV_PII_REQUEST_ID))
                .filter(id -> !id.isBlank());
        return tell(config, transport, key, piiRequestId, out);
    }

    private static int tell(CivicPassConfig config, Transport transport, PassKey key, Optional<String> piiRequestId,
                            PrintStream out) {
        Story story = new Story(out);
        try (CivicPassClient civic = CivicPassClient.builder().config(config).transport(transport).build()) {
            out.println("Pass " + key + " (a new random wallet):");
            walk(civic, key, piiRequestId, story);
        } catch (RuntimeException failure) {
            out.println("FAILED at step " + story.current + ": " + failure);
            return FAILED;
        }
        out.println("Done: " + story.count + " steps in " + story.totalMillis + " ms; client closed.");
        return OK;
    }

    /** The steps, in the order a pass lives them. */
    private static void walk(CivicPassClient civic, PassKey key, Optional<String> piiRequestId, Story story) {
        story.pass("issue", () -> civic.issue(key), "accepted (202), hidden until the chain confirms it");
        story.pass("await confirmation", () -> civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT), "confirmed on chain");
        story.change("freeze", () -> civic.freeze(key), () -> civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT),
                "it admits no one now");
        story.change("unfreeze", () -> civic.unfreeze(key), () -> civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT),
                "");
        story.change("force refresh", () -> civic.forceRefresh(key),
                () -> civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT), "expires in "
                        + CivicPassClient.FORCE_REFRESH_LEAD.toSeconds() + " s, so the user must refresh it");
        PassQuery activeOfThisWallet = PassQuery.all().withState(PassState.ACTIVE).withWallet(key.wallet());
        story.step("list ACTIVE of wallet", () -> civic.list(activeOfThisWallet), Quickstart::describe);
        story.change("revoke", () -> civic.revoke(key), () -> civic.awaitConfirmed(key, CONFIRMATION_TIMEOUT),
                "for good: no new pass for this wallet on this network");
        if (piiRequestId.isEmpty()) {
            story.note("PII review skipped: set " + ENV_PII_REQUEST_ID + " to review a PII request");
            return;
        }
        String id = piiRequestId.get();
        PiiRequest request = story.step("read PII request", () -> civic.pii(id), Quickstart::describe);
        Optional<PiiLink> firstEvidence = request.evidenceLinks().stream().findFirst();
        if (firstEvidence.isPresent()) {
            PiiLink link = firstEvidence.get();
            story.step("download evidence", () -> civic.evidence(link),
                    (Evidence evidence) -> link.rel() + ": " + evidence.contentType() + ", " + evidence.size() + " bytes");
        } else {
            story.note("the PII request has no evidence to download");
        }
        if (!request.isAwaitingDecision()) {
            story.note("PII request is " + request.status() + ", not awaiting a decision: not approved");
            return;
        }
        story.step("approve PII", () -> {
            civic.approvePii(id);
            return id;
        }, approved -> "decision partner-pass recorded: the user's check passed");
    }

    private static String describe(Page<Pass> page) {
        return page.items().size() + " pass(es)" + page.items().stream()
                .map(pass -> ": " + states(pass).strip()).collect(Collectors.joining(";"));
    }

    /** The request's shape only: its verified information is personal data, never printed. */
    private static String describe(PiiRequest request) {
        return "type " + request.type() + ", status " + request.status() + ", "
                + request.verifiedInformation().fieldNames().size() + " verified fields (not printed: personal data), "
                + request.evidenceLinks().size() + " evidence item(s)";
    }

    private static String states(Pass pass) {
        return String.format(Locale.ROOT, "state=%-8s onChainState=%-8s", pass.state(),
                pass.knownOnChainState().map(Object::toString).orElse("?"));
    }

    private static boolean present(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value != null && !value.isBlank();
    }

    /** A new EVM wallet address: revoking is final, so every run needs a wallet of its own. */
    private static String randomWallet() {
        byte[] address = new byte[20];
        new SecureRandom().nextBytes(address);
        return "0x" + HexFormat.of().formatHex(address);
    }

    /** Numbers, times and prints the steps. */
    private static final class Story {

        private final PrintStream out;
        private int count;
        private String current = "(start)";
        private long totalMillis;

        Story(PrintStream out) {
            this.out = out;
        }

        /** A step whose outcome is a pass: prints its states and latest event. */
        void pass(String name, Supplier<Pass> action, String meaning) {
            step(name, action, pass -> describe(pass, meaning));
        }

        /**
         * A change of a pass: Civic accepts it at once and the chain confirms it later, so the
         * step says how long each took and shows the pass once confirmed.
         */
        void change(String name, Runnable send, Supplier<Pass> awaitConfirmed, String meaning) {
            long started = System.nanoTime();
            long[] sentAfter = new long[1];
            step(name, () -> {
                send.run();
                sentAfter[0] = Duration.ofNanos(System.nanoTime() - started).toMillis();
                return awaitConfirmed.get();
            }, pass -> describe(pass, "sent in " + sentAfter[0] + " ms, then confirmed" + (meaning.isEmpty() ? "" : ": " + meaning)));
        }

        <T> T step(String name, Supplier<T> action, Function<T, String> describe) {
            current = name;
            long started = System.nanoTime();
            T result = action.get();
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            count++;
            totalMillis += millis;
            out.printf(Locale.ROOT, "%2d. %-21s %5d ms  %s%n", count, name, millis, describe.apply(result).strip());
            return result;
        }

        private static String describe(Pass pass, String meaning) {
            return states(pass) + "  " + meaning + "  ["
                    + pass.latestEvent().map(event -> event.type().toString()).orElse("no events") + "]";
        }

        void note(String text) {
            out.println("    " + text);
        }
    }
}
