package io.civicpass.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads JMH's JSON results ({@code -rf json}) and prints markdown tables: every result with its
 * 99.9 % error and allocation per operation, then each candidate against its baselines as ratios
 * (with the ratio's error from both sides' relative errors), and each target's verdict.
 *
 * <p>The verdict follows the rule of BENCHMARKS.md: a target is <em>met</em> only when the whole
 * interval (value ± error) is on its right side, <em>missed</em> only when the whole interval is
 * on its wrong side, and <em>undecided</em> otherwise, including when there is no error to draw
 * an interval from (a single sample). One label per target, nothing in between.
 */
public final class ResultsTable {

    /** What a measurement says of a target, by the rule of BENCHMARKS.md. */
    enum Verdict {
        /** The whole interval clears the target. */
        MET("met"),
        /** The interval holds the target, or there is no interval: this run cannot tell. */
        UNDECIDED("undecided"),
        /** The whole interval is on the wrong side of the target. */
        MISSED("**missed**");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        /** The label the tables print. */
        String label() {
            return label;
        }
    }

    /**
     * The verdict on a target that the value must reach (at least {@code target}, higher better).
     *
     * @param value  the measured value
     * @param error  its error (half the interval), {@code NaN} when there is none
     * @param target the least value that meets the target
     * @return met when {@code value - error >= target}, missed when {@code value + error < target},
     *         undecided otherwise and whenever the error is unknown
     */
    static Verdict atLeast(double value, double error, double target) {
        if (Double.isNaN(value) || Double.isNaN(error)) {
            return Verdict.UNDECIDED;
        }
        if (value - error >= target) {
            return Verdict.MET;
        }
        return value + error < target ? Verdict.MISSED : Verdict.UNDECIDED;
    }

    /**
     * The verdict on a target that the value must stay under (lower better, such as a time).
     *
     * @param value  the measured value
     * @param error  its error (half the interval), {@code NaN} when there is none
     * @param limit  the value to stay under
     * @return met when {@code value + error < limit}, missed when {@code value - error >= limit},
     *         undecided otherwise and whenever the error is unknown
     */
    static Verdict under(double value, double error, double limit) {
        if (Double.isNaN(value) || Double.isNaN(error)) {
            return Verdict.UNDECIDED;
        }
        if (value + error < limit) {
            return Verdict.MET;
        }
        return value - error >= limit ? Verdict.MISSED : Verdict.UNDECIDED;
    }

    /** One JMH result. */
    record Result(String benchmark, String params, int threads, int forks, double score, double error, String unit,
                  double allocPerOp, int samples) {
        String key() {
            return benchmark + (params.isEmpty() ? "" : "[" + params + "]") + "@" + threads;
        }
    }

    private final Map<String, Result> results = new LinkedHashMap<>();
    private final PrintStream out;

    private ResultsTable(PrintStream out) {
        this.out = out;
    }

    /**
     * Prints the tables.
     *
     * @param args the JSON result files
     * @throws IOException when a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path[] files = new Path[args.length];
        for (int i = 0; i < args.length; i++) {
            files[i] = Path.of(args[i]);
        }
        print(System.out, files);
    }

    /**
     * Prints the tables of JMH JSON result files.
     *
     * @param out   where the tables go
     * @param files the files
     * @throws IOException when a file cannot be read
     */
    static void print(PrintStream out, Path... files) throws IOException {
        ResultsTable table = new ResultsTable(out);
        for (Path file : files) {
            table.read(file);
        }
        table.print();
    }

    /**
     * Reads JMH JSON result files.
     *
     * @param files the files
     * @return every result by its key (benchmark, parameters, threads)
     * @throws IOException when a file cannot be read
     */
    static Map<String, Result> load(Path... files) throws IOException {
        ResultsTable table = new ResultsTable(System.out);
        for (Path file : files) {
            table.read(file);
        }
        return table.results;
    }

    private void read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        for (JsonNode run : root) {
            String name = run.get("benchmark").asText();
            String[] parts = name.split("\\.");
            String shortName = parts[parts.length - 2] + "." + parts[parts.length - 1];
            StringBuilder params = new StringBuilder();
            JsonNode p = run.get("params");
            if (p != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    params.append(params.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue().asText());
                }
            }
            JsonNode primary = run.get("primaryMetric");
            double alloc = Double.NaN;
            JsonNode secondary = run.get("secondaryMetrics");
            for (String metric : new String[] {"gc.alloc.rate.norm", "\u00b7gc.alloc.rate.norm"}) {
                if (secondary != null && secondary.has(metric)) {
                    alloc = secondary.get(metric).get("score").asDouble();
                }
            }
            int samples = 0;
            JsonNode raw = primary.get("rawData");
            if (raw != null) {
                for (JsonNode fork : raw) {
                    samples += fork.size();
                }
            }
            Result result = new Result(shortName, params.toString(), run.get("threads").asInt(), run.get("forks").asInt(),
                    primary.get("score").asDouble(), primary.get("scoreError").asDouble(), primary.get("scoreUnit").asText(),
                    alloc, samples);
            results.put(result.key(), result);
        }
    }

    private void print() {
        out.println("### Every result (score ± 99.9 % error; forks × iterations = samples)");
        out.println();
        out.println("| benchmark | params | threads | score | ± error | unit | alloc B/op | forks | samples |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Result r : results.values()) {
            out.printf("| %s | %s | %d | %s | %s | %s | %s | %d | %d |%n", r.benchmark, r.params, r.threads, num(r.score),
                    num(r.error), r.unit, Double.isNaN(r.allocPerOp) ? "" : String.format("%,.0f", r.allocPerOp), r.forks,
                    r.samples);
        }
        out.println();
        out.println("### Ratios and targets (throughput ratios: candidate / baseline, higher is better for the candidate)");
        out.println();
        out.println("| comparison | candidate | baseline | ratio | target | verdict |");
        out.println("|---|---|---|---|---|---|");
        String c = "CallOverheadBenchmark.";
        // The target compares each transport with its own HTTP library by hand: Feign and Retrofit
        // (each on OkHttp, as the transports run), the Vert.x Web Client. OkHttp alone and the JDK
        // client are shown beside them without a target.
        String[][] raw = {{"feign", "rawFeign", "Feign by hand on OkHttp"}, {"retrofit", "rawRetrofit", "Retrofit by hand"},
            {"vertx", "rawVertx", "Web Client by hand"}};
        for (int threads : new int[] {1, 16}) {
            for (String[] pair : raw) {
                ratio("client/raw, " + pair[0] + " vs " + pair[2] + ", " + threads + " thread(s)",
                        c + "client[transport=" + pair[0] + "]@" + threads, c + pair[1] + "@" + threads, 0.95);
            }
            for (String transport : new String[] {"feign", "retrofit"}) {
                ratio("client/OkHttp alone, " + transport + ", " + threads + " thread(s)",
                        c + "client[transport=" + transport + "]@" + threads, c + "rawOkHttp@" + threads, Double.NaN);
            }
            for (String[] pair : raw) {
                ratio("client/JDK HttpClient, " + pair[0] + ", " + threads + " thread(s)",
                        c + "client[transport=" + pair[0] + "]@" + threads, c + "rawJdk@" + threads, Double.NaN);
            }
            ratio("Feign time per call within 1.25x of Retrofit's, " + threads + " thread(s)",
                    c + "client[transport=feign]@" + threads, c + "client[transport=retrofit]@" + threads, 1 / 1.25);
        }
        // Each non-blocking face against its own library by hand (AsyncFeign and Retrofit's enqueue,
        // both on OkHttp, as the blocking faces are).
        String[][] rawAsync = {{"feign", "async64RawFeign", "Feign by hand (AsyncFeign on OkHttp)"},
            {"retrofit", "async64RawRetrofit", "Retrofit by hand (enqueue)"}, {"vertx", "async64RawVertx", "Web Client by hand"}};
        for (String[] pair : rawAsync) {
            ratio("async, 64 in flight, client/raw, " + pair[0] + " vs " + pair[2], c + "async64Client[transport=" + pair[0] + "]@1",
                    c + pair[1] + "@1", 0.95);
        }
        ratio("async, 64 in flight, Feign time per call within 1.25x of Retrofit's", c + "async64Client[transport=feign]@1",
                c + "async64Client[transport=retrofit]@1", 1 / 1.25);
        for (String t : new String[] {"feign", "retrofit", "vertx"}) {
            ratio("cached client / token per call, " + t, c + "client[transport=" + t + "]@1",
                    "NaiveTokenPerCallBenchmark.naiveTokenPerCall@1", 2.0);
        }
        String f = "FakeServerBenchmark.lookup[server=";
        ratio("fake / bare JDK server (journal on)", f + "fake]@16", f + "bare]@16", 0.9);
        ratio("fake / bare JDK server (journal of 1)", f + "fakeNoJournal]@16", f + "bare]@16", 0.9);
        ratio("fake / WireMock (journal on for both)", f + "fake]@16", f + "wiremock]@16", 2.0);
        ratio("fake / WireMock (journal off / of 1)", f + "fakeNoJournal]@16", f + "wiremockNoJournal]@16", Double.NaN);
        ratio("WireMock journal on / off", f + "wiremock]@16", f + "wiremockNoJournal]@16", Double.NaN);
        for (String e : new String[] {"1", "20"}) {
            ratio("decode, client / Jackson record, " + e + " event(s)", "DecodeBenchmark.client[events=" + e + "]@1",
                    "DecodeBenchmark.jacksonRecord[events=" + e + "]@1", Double.NaN);
        }
        Result start = results.get("ServerStartBenchmark.startToFirstAnswer[server=fake]@1");
        if (start != null) {
            out.printf("| FakeCivic.start() to first answer, warm | fake | - | %s ± %s ms | under 50 ms | %s |%n",
                    num(start.score), num(start.error), under(start.score, start.error, 50).label());
            for (String other : new String[] {"wiremock", "bare"}) {
                Result o = results.get("ServerStartBenchmark.startToFirstAnswer[server=" + other + "]@1");
                if (o != null) {
                    out.printf("| start to first answer, warm, %s | %s | - | %s ± %s ms | | |%n", other, other, num(o.score),
                            num(o.error));
                }
            }
        }
    }

    private void ratio(String label, String candidateKey, String baselineKey, double target) {
        Result a = results.get(candidateKey);
        Result b = results.get(baselineKey);
        if (a == null || b == null) {
            return;
        }
        double r = a.score / b.score;
        double e = r * Math.sqrt(sq(a.error / a.score) + sq(b.error / b.score)); // NaN with a single sample
        String targetText = Double.isNaN(target) ? "" : "at least " + String.format("%.2f", target);
        String met = Double.isNaN(target) ? "" : atLeast(r, e, target).label();
        out.printf("| %s | %s | %s | %.2f%s | %s | %s |%n", label, a.key(), b.key(), r,
                Double.isNaN(e) ? "" : String.format(" ± %.2f", e), targetText, met);
    }

    private static double sq(double v) {
        return v * v;
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Math.abs(v) >= 100) {
            return String.format("%,.0f", v);
        }
        return String.format("%.2f", v);
    }
}
