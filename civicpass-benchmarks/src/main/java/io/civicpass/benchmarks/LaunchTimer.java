package io.civicpass.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Launch to first response of two standalone servers, as whole new JVMs: the fake's standalone
 * jar and WireMock's (or, with two labels given, any two jars taking {@code --port}, such as the
 * fake of two revisions), started in turn (A B A B ...), each polled every 2 ms with a GET
 * until any HTTP status line comes back. Prints a markdown table of the median, minimum and
 * maximum and the ratio of the medians.
 */
public final class LaunchTimer {

    private LaunchTimer() {
    }

    /**
     * Times the launches.
     *
     * @param args rounds, the fake's standalone jar, WireMock's standalone jar; optionally a label
     *             for each, in which case the second is run as the first is (not as WireMock)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        Path fakeJar = Path.of(args[1]);
        Path wiremockJar = Path.of(args[2]);
        boolean labelled = args.length >= 5;
        String fakeLabel = labelled ? args[3] : "fake (civicpass-testkit standalone jar)";
        String otherLabel = labelled ? args[4] : "WireMock standalone 3.13.2";
        for (Path jar : new Path[] {fakeJar, wiremockJar}) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("no jar at " + jar);
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Double> fake = new ArrayList<>();
        List<Double> wiremock = new ArrayList<>();
        launch(java, fakeJar, false); // one of each not counted: the page cache warms up
        launch(java, wiremockJar, !labelled);
        for (int i = 0; i < rounds; i++) {
            fake.add(launch(java, fakeJar, false));
            wiremock.add(launch(java, wiremockJar, !labelled));
        }
        System.out.println("| standalone server | launch to first response, median ms | min | max | runs |");
        System.out.println("|---|---|---|---|---|");
        row(fakeLabel, fake);
        row(otherLabel, wiremock);
        if (labelled) {
            System.out.printf("%nRatio of medians, %s / %s: **%.2f**%n", fakeLabel, otherLabel,
                    median(fake) / median(wiremock));
        } else {
            System.out.printf("%nRatio of medians, fake / WireMock: **%.2f** (target at most 0.20)%n",
                    median(fake) / median(wiremock));
        }
    }

    private static void row(String name, List<Double> millis) {
        System.out.printf("| %s | %.0f | %.0f | %.0f | %d |%n", name, median(millis), Collections.min(millis),
                Collections.max(millis), millis.size());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double launch(String java, Path jar, boolean wiremock) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(), "--port", Integer.toString(port)));
        if (wiremock) {
            command.addAll(List.of("--bind-address", "127.0.0.1", "--disable-banner"));
        }
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = started + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(jar + " exited with " + process.exitValue() + " before answering");
                }
                if (answers(port)) {
                    return (System.nanoTime() - started) / 1e6;
                }
                Thread.sleep(2);
            }
            throw new IllegalStateException(jar + " did not answer within 30 s");
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /partner/pass HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            int read = 0;
            while (read < head.length) {
                int n = in.read(head, read, head.length - read);
                if (n < 0) {
                    return false;
                }
                read += n;
            }
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
