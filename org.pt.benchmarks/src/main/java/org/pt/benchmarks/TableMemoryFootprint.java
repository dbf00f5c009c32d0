package org.pt.benchmarks;

import java.lang.ref.Reference;
import java.util.Locale;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.Simulation;

/**
 * Target: the JVM heap a simulation retains for its tables is within 10 % of the real table bytes (what the tables
 * would occupy in RAM), for the two builds of {@link BuildBenchmark}.
 *
 * <p>For each {@link BuildCase} it collects until the heap is settled, builds the tree in a new simulation, collects
 * again while the simulation is still reachable, and prints {@code tableBytesInUse()}, the real table bytes, the
 * retained heap (the used-heap difference, so everything the simulation holds: frames, bitmaps, table bookkeeping)
 * and their ratio. Exits with status 1 when a ratio is outside [0.90, 1.10].
 *
 * <p>Run (after {@code ./build.sh bench} has built the jar):
 * {@code java -Xms6g -Xmx6g -XX:+UseParallelGC -cp org.pt.benchmarks/target/benchmarks.jar org.pt.benchmarks.TableMemoryFootprint}
 */
public final class TableMemoryFootprint {

    private static final double TOLERANCE = 0.10;

    private TableMemoryFootprint() {
    }

    public static void main(String[] args) {
        boolean ok = true;
        for (BuildCase c : BuildCase.values()) {
            ok &= measure(c);
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean measure(BuildCase c) {
        long before = Fixtures.settledHeapUsed();
        Simulation sim = Fixtures.simulation();
        AddressSpace space = Fixtures.space(sim, "kernel");
        long start = System.nanoTime();
        Fixtures.applied(c.build(space), "mapping " + c);
        long nanos = System.nanoTime() - start;
        long after = Fixtures.settledHeapUsed();
        PhysicalMemory mem = sim.memory();
        long retained = after - before;
        long tableBytes = mem.tableBytesInUse();
        double ratio = (double) retained / tableBytes;
        boolean ok = tableBytes == c.tableBytes() && Math.abs(ratio - 1) <= TOLERANCE;
        System.out.printf(Locale.ROOT, "%s: %d leaf entries, %d tables (%d frames)%n", c, c.leafEntries(),
                mem.tableCount(), mem.framesInUse());
        System.out.printf(Locale.ROOT, "  real table bytes      %,15d%n", c.tableBytes());
        System.out.printf(Locale.ROOT, "  tableBytesInUse()     %,15d%n", tableBytes);
        System.out.printf(Locale.ROOT, "  retained heap         %,15d  (used %,d -> %,d after full GC)%n", retained, before,
                after);
        System.out.printf(Locale.ROOT, "  retained / table bytes %.4f  (overhead %,d bytes = %.1f bytes per table)  %s%n",
                ratio, retained - tableBytes, (double) (retained - tableBytes) / mem.tableCount(),
                ok ? "WITHIN 10 %" : "OUTSIDE 10 %");
        System.out.printf(Locale.ROOT, "  one cold build        %.3f s = %.1f M entries/s (first run, not JIT-warmed)%n",
                nanos / 1e9, c.leafEntries() / (nanos / 1e9) / 1e6);
        Reference.reachabilityFence(sim);
        Reference.reachabilityFence(space);
        return ok;
    }
}
