package io.civicpass.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.civicpass.benchmarks.ResultsTable.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verdicts the results tables write, by the rule of BENCHMARKS.md. */
class ResultsTableTest {

    @Test
    void aTargetToReachIsMetOnlyWhenTheWholeIntervalClearsIt() {
        assertEquals(Verdict.MET, ResultsTable.atLeast(1.10, 0.10, 0.95));
        assertEquals(Verdict.MET, ResultsTable.atLeast(1.05, 0.10, 0.95), "the interval's low end on the target");
        assertEquals(Verdict.UNDECIDED, ResultsTable.atLeast(1.16, 0.39, 0.95), "above the target, interval crossing it");
        assertEquals(Verdict.UNDECIDED, ResultsTable.atLeast(0.90, 0.10, 0.95), "below the target, interval crossing it");
        assertEquals(Verdict.MISSED, ResultsTable.atLeast(0.55, 0.10, 0.95));
        assertEquals(Verdict.UNDECIDED, ResultsTable.atLeast(2.00, Double.NaN, 0.95), "no error: no interval");
    }

    @Test
    void aLimitToStayUnderIsMetOnlyWhenTheWholeIntervalIsBelowIt() {
        assertEquals(Verdict.MET, ResultsTable.under(5.7, 1.0, 50));
        assertEquals(Verdict.UNDECIDED, ResultsTable.under(45, 10, 50));
        assertEquals(Verdict.UNDECIDED, ResultsTable.under(55, 10, 50));
        assertEquals(Verdict.MISSED, ResultsTable.under(70, 10, 50));
        assertEquals(Verdict.MISSED, ResultsTable.under(60, 10, 50), "the interval's low end on the limit");
        assertEquals(Verdict.UNDECIDED, ResultsTable.under(1, Double.NaN, 50), "no error: no interval");
    }

    @Test
    void theTablesWriteOneLabelPerTargetAndNothingWithinError(@TempDir Path directory) throws IOException {
        Path json = directory.resolve("results.json");
        // Retrofit 1.16 ± 0.39 against its library by hand (undecided), Feign 0.55 ± 0.06 (missed),
        // Vert.x 1.20 ± 0.10 (met); the target is 0.95 for each.
        Files.writeString(json, "[" + String.join(",",
                result("CallOverheadBenchmark.client", "retrofit", 116, 1.0),
                result("CallOverheadBenchmark.rawRetrofit", null, 100, 30.0),
                result("CallOverheadBenchmark.client", "feign", 55, 1.0),
                result("CallOverheadBenchmark.rawFeign", null, 100, 10.7),
                result("CallOverheadBenchmark.client", "vertx", 120, 10.0),
                result("CallOverheadBenchmark.rawVertx", null, 100, 0.1)) + "]");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ResultsTable.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), json);

        List<String> targets = bytes.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("| client/raw, ")).toList();
        assertEquals(3, targets.size(), String.join("\n", targets));
        assertTrue(targets.get(0).startsWith("| client/raw, feign ") && targets.get(0).endsWith("| at least 0.95 | **missed** |"),
                targets.get(0));
        assertTrue(targets.get(1).startsWith("| client/raw, retrofit ") && targets.get(1).contains("| 1.16 ± ")
                && targets.get(1).endsWith("| at least 0.95 | undecided |"), targets.get(1));
        assertTrue(targets.get(2).startsWith("| client/raw, vertx ") && targets.get(2).endsWith("| at least 0.95 | met |"),
                targets.get(2));
        String all = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(all.contains("within error"), all);
        assertFalse(all.contains("| yes"), all);
    }

    /** One JMH JSON result at one thread: a throughput score with its error. */
    private static String result(String benchmark, String transport, double score, double error) {
        return "{\"benchmark\":\"io.civicpass.benchmarks." + benchmark + "\",\"threads\":1,\"forks\":4,"
                + (transport == null ? "" : "\"params\":{\"transport\":\"" + transport + "\"},")
                + "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":" + error
                + ",\"scoreUnit\":\"ops/s\",\"rawData\":[[1,2,3]]}}";
    }
}
