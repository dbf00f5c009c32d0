package org.pt.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The {@link WalkBenchmark} contestants {@code translate} and {@code entryReadsOnly} interleaved in one JVM: each round
 * runs 2^20 walks of each, in turn, so a noisy shared machine slows both alike; prints the fastest and the median round
 * of each and the ratio of the medians (the 1.5x target of {@link WalkBenchmark}).
 *
 * <p>Run (after {@code ./build.sh bench -l} has built the jar): {@code java -Xms2g -Xmx2g -XX:+UseParallelGC -cp
 * org.pt.benchmarks/target/benchmarks.jar org.pt.benchmarks.WalkRace 40}
 */
public final class WalkRace {

    private static final int WALKS = 1 << 20;

    private WalkRace() {
    }

    /** One loop per contestant, so that each call site sees one receiver. */
    private static long reads(WalkBenchmark b) {
        long sink = 0;
        for (int i = 0; i < WALKS; i++) {
            sink += b.entryReadsOnly();
        }
        return sink;
    }

    private static long translates(WalkBenchmark b) {
        long sink = 0;
        for (int i = 0; i < WALKS; i++) {
            sink += b.translate();
        }
        return sink;
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        for (String vas : List.of("all-4KiB", "mixed")) {
            WalkBenchmark b = new WalkBenchmark();
            b.vas = vas;
            b.buildSpace();
            List<String> names = List.of("entryReadsOnly", "translate");
            List<LongSupplier> runs = List.of(() -> reads(b), () -> translates(b));
            long[][] times = new long[names.size()][rounds];
            long sink = 0;
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < names.size(); k++) {
                    long t0 = System.nanoTime();
                    sink += runs.get(k).getAsLong();
                    times[k][r] = System.nanoTime() - t0;
                }
            }
            System.out.println(vas + " (" + rounds + " rounds of " + WALKS + " walks, first 5 dropped as warm-up; sink "
                    + sink + ")");
            double[] median = new double[names.size()];
            for (int k = 0; k < names.size(); k++) {
                long[] t = Arrays.copyOfRange(times[k], Math.min(5, rounds - 1), rounds);
                Arrays.sort(t);
                median[k] = t[t.length / 2] / (double) WALKS;
                System.out.printf("  %-14s fastest %6.1f ns/walk   median %6.1f ns/walk%n", names.get(k),
                        t[0] / (double) WALKS, median[k]);
            }
            System.out.printf("  translate / entryReadsOnly (medians): %.2f%n", median[1] / median[0]);
        }
    }
}
