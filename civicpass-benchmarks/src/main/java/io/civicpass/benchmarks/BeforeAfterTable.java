package io.civicpass.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Prints, as markdown, the benchmarks two JMH JSON result files share: the score before and
 * after with their 99.9 % errors, after / before as a ratio (with its error from both sides'
 * relative errors; above 1 is faster for throughput, slower for times) and the allocation per
 * operation of each. {@code compare.sh} writes the two files in one run.
 */
public final class BeforeAfterTable {

    private BeforeAfterTable() {
    }

    /**
     * Prints the table.
     *
     * @param args the results before, then after
     * @throws IOException when a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Map<String, ResultsTable.Result> before = ResultsTable.load(Path.of(args[0]));
        Map<String, ResultsTable.Result> after = ResultsTable.load(Path.of(args[1]));
        System.out.println("| benchmark | params | threads | before | after | unit | after / before | alloc B/op before | after |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, ResultsTable.Result> entry : after.entrySet()) {
            ResultsTable.Result b = before.get(entry.getKey());
            ResultsTable.Result a = entry.getValue();
            if (b == null) {
                continue;
            }
            double ratio = a.score() / b.score();
            double error = ratio * Math.sqrt(sq(a.error() / a.score()) + sq(b.error() / b.score()));
            System.out.printf("| %s | %s | %d | %s ± %s | %s ± %s | %s | %.2f ± %.2f | %s | %s |%n", a.benchmark(),
                    a.params(), a.threads(), ResultsTable.num(b.score()), ResultsTable.num(b.error()),
                    ResultsTable.num(a.score()), ResultsTable.num(a.error()), a.unit(), ratio, error,
                    alloc(b.allocPerOp()), alloc(a.allocPerOp()));
        }
    }

    private static String alloc(double bytes) {
        return Double.isNaN(bytes) ? "" : String.format("%,.0f", bytes);
    }

    private static double sq(double v) {
        return v * v;
    }
}
