package org.pt.benchmarks;

import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;
import org.pt.engine.strategy.Recursive;
import org.pt.engine.strategy.SoftwareWalk;

/**
 * Target: the kernel's software walk runs at 1 M walks/s or more on one core ({@link #recursive}).
 *
 * <p>The space, built once per trial on x86_64 4-level: recursive slot PML4[510] and 1 GiB in 4 KiB pages (512 page
 * tables), so every walk has four steps. Each step computes the VA the kernel dereferences under the strategy and
 * checks it with the MMU's walk in the kernel's space, so one software walk is the target's hardware walk (every
 * level recorded) plus four kernel hardware walks. 2^20 VAs are drawn once with a fixed seed; each call walks the
 * next one, cycling. Setup checks that every walk lands on every entry.
 *
 * <p>Run: {@code ./build.sh bench SoftwareWalkBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class SoftwareWalkBenchmark {

    private static final int COUNT = 1 << 20;
    private static final long GIB = 1L << 30;
    private static final int SLOT = 510;

    private AddressSpace space;
    private Recursive recursive;
    private long[] addresses;
    private int next;

    @Setup(Level.Trial)
    public void buildSpace() {
        Simulation sim = Fixtures.simulation();
        PagingFormat f = sim.format();
        space = Fixtures.space(sim, "kernel");
        recursive = Recursive.topLevel(f, f.halves().get(0), SLOT, OptionalInt.empty(), "self");
        Fixtures.applied(space.setRootEntry(0, SLOT, recursive.entryFor(space.root(0))), "the recursive slot");
        Fixtures.applied(space.map(Fixtures.DIRECT_MAP, GIB, 0, Attributes.KERNEL_RW, PageSizePolicy.SMALLEST, false),
                "1 GiB of 4 KiB pages");
        SplittableRandom rnd = new SplittableRandom(0x5EED);
        addresses = new long[COUNT];
        for (int k = 0; k < COUNT; k++) {
            addresses[k] = Fixtures.DIRECT_MAP + rnd.nextLong(GIB);
            if ((k & 1023) == 0) {
                SoftwareWalk.Result r = SoftwareWalk.run(space, recursive, space, addresses[k]);
                if (!r.ok() || r.steps().size() != 4) {
                    throw new IllegalStateException("setup walk does not land: " + r);
                }
            }
        }
    }

    private long nextVa() {
        int k = next;
        next = (k + 1) & (COUNT - 1);
        return addresses[k];
    }

    /** One software walk of a random VA through the recursive slot, every step checked. */
    @Benchmark
    public SoftwareWalk.Result recursive() {
        return SoftwareWalk.run(space, recursive, space, nextVa());
    }
}
