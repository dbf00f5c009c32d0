package org.pt.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The {@link TraversalBenchmark} contestants interleaved in one JVM: each round runs every contestant once on each
 * space, in turn, so a noisy shared machine slows all of them alike; prints the fastest and the median round of each.
 * A check against the JMH figures when the machine is too busy for separate trials to compare.
 *
 * <p>Run (after {@code ./build.sh bench -l} has built the jar): {@code java -Xms4g -Xmx4g -XX:+UseParallelGC -cp
 * org.pt.benchmarks/target/benchmarks.jar org.pt.benchmarks.TraversalRace 15}
 */
public final class TraversalRace {

    private TraversalRace() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        for (String tree : List.of("64GiB-4KiB", "64TiB-2MiB")) {
            TraversalBenchmark b = new TraversalBenchmark();
            b.tree = tree;
            b.build();
            List<String> names = List.of("oldRuns", "oldHazardScan", "runs", "traversal");
            List<LongSupplier> runs = List.of(() -> b.oldRuns().size(), () -> b.oldHazardScan().runs().size(),
                    () -> b.runs().size(), b::traversal);
            List<long[]> times = new ArrayList<>();
            for (int k = 0; k < names.size(); k++) {
                times.add(new long[rounds]);
            }
            long sink = 0;
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < names.size(); k++) {
                    long t0 = System.nanoTime();
                    sink += runs.get(k).getAsLong();
                    times.get(k)[r] = System.nanoTime() - t0;
                }
            }
            System.out.println(tree + " (" + rounds + " rounds, first 3 dropped as warm-up; sink " + sink + ")");
            for (int k = 0; k < names.size(); k++) {
                long[] t = Arrays.copyOfRange(times.get(k), Math.min(3, rounds - 1), rounds);
                Arrays.sort(t);
                System.out.printf("  %-14s fastest %7.1f ms   median %7.1f ms%n", names.get(k), t[0] / 1e6,
                        t[t.length / 2] / 1e6);
            }
        }
    }
}
