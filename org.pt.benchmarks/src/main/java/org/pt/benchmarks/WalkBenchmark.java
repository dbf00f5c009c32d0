package org.pt.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pt.engine.format.Access;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Geometry;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkResult;
import org.pt.engine.walk.WalkTrace;

/**
 * Target: random hardware walks on a 4-level format run at 20 M walks/s or more on one core, allocate nothing and
 * run within 1.5x of {@link #entryReadsOnly} ({@link #translate}, the walk into a reused {@link WalkResult}).
 * {@link #translation} is the same walk answered as a {@link Translation} value, {@link #walkTrace} the walk recording
 * every level, for comparison (no target).
 *
 * <p>The space, built once per trial on x86_64 4-level: 1 GiB in 4 KiB pages (512 PTs, so a walk there reads all
 * four levels), 16 MiB in 2 MiB pages and one 1 GiB page. 2^20 VAs are drawn once with a fixed seed; each call
 * translates the next one, cycling. With {@code vas = all-4KiB} every VA lies in the 4 KiB pages (every walk four
 * levels deep, the worst case); with {@code mixed} 14 in 16 do, 1 in 16 ends at a 2 MiB PDE and 1 in 16 at the 1 GiB
 * PDPTE. Setup checks that every VA translates.
 *
 * <p>{@link #entryReadsOnly} is an experimental control, not engine API use: the same walk reduced to its dependent
 * {@link PhysicalMemory#read} calls (present and PS bits only, no permission, reserved-bit or attribute decoding, no
 * result objects). The gap between it and {@link #translate} is what the checks and the decoding cost: the ratio of
 * their times (ns per walk, the inverse of these throughputs), measured in one run, is the 1.5x figure. Both are bound
 * by the latency of four dependent loads per walk on a space much larger than the caches, so their absolute figures
 * move with the machine and its load, their ratio much less; {@link WalkRace} runs the two in turn in one JVM and
 * prints that ratio, which on a shared machine is the steadier figure. The ratio holds only while the JIT inlines the
 * whole walk into the caller (the x86 quick walk is written to compile well under {@code -XX:InlineSmallCode}); a
 * walk compiled as a call of its own took some 1.2 to 1.3 times as long in WalkRace.
 *
 * <p>Run: {@code ./build.sh bench WalkBenchmark -f 1 -wi 3 -i 5 -prof gc} ({@code gc.alloc.rate.norm} is the bytes
 * allocated per walk).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class WalkBenchmark {

    private static final int COUNT = 1 << 20;
    private static final long GIB = 1L << 30;
    private static final long SMALL_VA = Fixtures.DIRECT_MAP;
    private static final long MEDIUM_VA = Fixtures.DIRECT_MAP + GIB;
    private static final long MEDIUM_SIZE = 16L << 20;
    private static final long HUGE_VA = Fixtures.DIRECT_MAP + 2 * GIB;
    private static final long X86_PRESENT = 1L;
    private static final long X86_PAGE_SIZE = 1L << 7;
    private static final long X86_ADDRESS = 0x000F_FFFF_FFFF_F000L;

    @Param({"all-4KiB", "mixed"})
    public String vas;

    private AddressSpace space;
    private PhysicalMemory memory;
    private long root;
    private int[] shifts;
    private long[] addresses;
    private int next;
    private final WalkResult result = new WalkResult();

    @Setup(Level.Trial)
    public void buildSpace() {
        Simulation sim = Fixtures.simulation();
        space = Fixtures.space(sim, "kernel");
        Fixtures.applied(space.map(SMALL_VA, GIB, 0, Attributes.KERNEL_RW, PageSizePolicy.SMALLEST, false),
                "1 GiB of 4 KiB pages");
        Fixtures.applied(space.map(MEDIUM_VA, MEDIUM_SIZE, GIB, Attributes.KERNEL_RW, PageSizePolicy.cap(2L << 20), false),
                "16 MiB of 2 MiB pages");
        Fixtures.applied(space.map(HUGE_VA, GIB, 2 * GIB, Attributes.KERNEL_RW, PageSizePolicy.LARGEST, false),
                "one 1 GiB page");
        memory = sim.memory();
        root = space.root(0);
        shifts = sim.format().halves().get(0).geometry().levels().stream().mapToInt(Geometry.Level::shift).toArray();
        boolean mixed = vas.equals("mixed");
        if (!mixed && !vas.equals("all-4KiB")) {
            throw new IllegalArgumentException("vas is all-4KiB or mixed, not " + vas);
        }
        SplittableRandom rnd = new SplittableRandom(0x5EED);
        addresses = new long[COUNT];
        long[] pageSizes = new long[3];
        for (int k = 0; k < COUNT; k++) {
            int pick = mixed ? rnd.nextInt(16) : 0;
            long va = pick < 14 ? SMALL_VA + rnd.nextLong(GIB)
                    : pick == 14 ? MEDIUM_VA + rnd.nextLong(MEDIUM_SIZE) : HUGE_VA + rnd.nextLong(GIB);
            addresses[k] = va;
            Translation t = space.translate(va, Access.KERNEL_READ);
            if (!(t instanceof Translation.Mapped m)) {
                throw new IllegalStateException("setup VA does not translate: " + t);
            }
            if (!space.translate(va, Access.KERNEL_READ, result) || result.pa() != m.pa()) {
                throw new IllegalStateException("the walk into a WalkResult disagrees with translate at " + m);
            }
            if (paByReads(va) != m.pa()) {
                throw new IllegalStateException("the control walk disagrees with translate at " + m);
            }
            pageSizes[m.pageSize() == 4096 ? 0 : m.pageSize() == 2L << 20 ? 1 : 2]++;
        }
        System.out.println("\nwalks ending at 4 KiB / 2 MiB / 1 GiB leaves: " + pageSizes[0] + " / " + pageSizes[1]
                + " / " + pageSizes[2] + "; tables " + space.tablesPerLevel());
    }

    private long nextVa() {
        int k = next;
        next = (k + 1) & (COUNT - 1);
        return addresses[k];
    }

    /** One hardware walk of a random VA, kernel read, into a reused result: the physical address (0 if unmapped). */
    @Benchmark
    public long translate() {
        return space.translate(nextVa(), Access.KERNEL_READ, result) ? result.pa() : 0;
    }

    /** The same walk answered as a {@link Translation} value. */
    @Benchmark
    public Translation translation() {
        return space.translate(nextVa(), Access.KERNEL_READ);
    }

    /** The same walk with every level decoded and recorded. */
    @Benchmark
    public WalkTrace walkTrace() {
        return space.walk(nextVa(), Access.KERNEL_READ);
    }

    /** Control: only the walk's entry reads; returns the physical address. */
    @Benchmark
    public long entryReadsOnly() {
        return paByReads(nextVa());
    }

    private long paByReads(long va) {
        long table = root;
        for (int d = 0; d < shifts.length; d++) {
            int shift = shifts[d];
            long e = memory.read(table + ((va >>> shift) & 511) * 8);
            if ((e & X86_PRESENT) == 0) {
                return -1;
            }
            if (d == shifts.length - 1 || (e & X86_PAGE_SIZE) != 0) {
                long size = 1L << shift;
                return (e & X86_ADDRESS & -size) | (va & (size - 1));
            }
            table = e & X86_ADDRESS;
        }
        return -1;
    }
}
