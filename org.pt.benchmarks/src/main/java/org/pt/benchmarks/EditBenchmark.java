package org.pt.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.pt.engine.format.Access;
import org.pt.engine.format.Attributes;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.Event;
import org.pt.engine.space.OpResult;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.walk.Translation;

/**
 * Edits of existing tables (informational, no target).
 *
 * <ul>
 * <li>{@link #unmap4KiBInside1GiBPage}: unmapping one 4 KiB page from the middle of a 1 GiB page, which splits it
 * into a PD of 2 MiB pages and one of those into a PT of 4 KiB pages (two tables, 1 024 entries written). Score in
 * microseconds per unmap; each invocation gets a new space holding just the 1 GiB page (untimed).</li>
 * <li>{@link #protect1GiBOf4KiBPages}: changing the attributes of 1 GiB of 4 KiB pages (262 144 PTEs), alternating
 * read/write and read-only so every call rewrites every entry. Score in PTEs rewritten per second.</li>
 * </ul>
 *
 * <p>Run: {@code ./build.sh bench EditBenchmark -f 1 -wi 3 -i 5}
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class EditBenchmark {

    private static final long GIB = 1L << 30;
    private static final long HUGE_VA = Fixtures.DIRECT_MAP + GIB;
    /** A page in the middle of the 1 GiB page: neither its first nor its last 2 MiB. */
    private static final long HOLE_VA = HUGE_VA + 0x1234_5000L;
    private static final int PTES_PER_GIB = 262_144;
    private static final Attributes READ_ONLY = Attributes.KERNEL_RW.withRights(true, false, false);

    /** A new space holding one 1 GiB page. */
    @State(Scope.Thread)
    public static class OneHugePage {
        AddressSpace space;
        OpResult result;

        @Setup(Level.Invocation)
        public void mapHugePage() {
            space = Fixtures.space(Fixtures.simulation(), "kernel");
            Fixtures.applied(space.map(HUGE_VA, GIB, GIB, Attributes.KERNEL_RW, PageSizePolicy.LARGEST, false),
                    "one 1 GiB page");
        }

        @TearDown(Level.Invocation)
        public void checkSplit() {
            long splits = Fixtures.applied(result, "unmapping 4 KiB").eventsOrThrow().stream()
                    .filter(e -> e instanceof Event.Split).count();
            boolean hole = space.translate(HOLE_VA, Access.KERNEL_READ) instanceof Translation.NotMapped;
            boolean neighbour = space.translate(HOLE_VA + 4096, Access.KERNEL_READ) instanceof Translation.Mapped;
            if (splits != 2 || !hole || !neighbour) {
                throw new IllegalStateException("unmap did not split 1 GiB -> 2 MiB -> 4 KiB: " + result);
            }
        }
    }

    /** One space holding 1 GiB of 4 KiB pages, built once. */
    @State(Scope.Thread)
    public static class SmallPages {
        AddressSpace space;
        boolean readOnly;

        @Setup(Level.Trial)
        public void map4KiBPages() {
            space = Fixtures.space(Fixtures.simulation(), "kernel");
            Fixtures.applied(space.map(HUGE_VA, GIB, GIB, Attributes.KERNEL_RW, PageSizePolicy.SMALLEST, false),
                    "1 GiB of 4 KiB pages");
        }

        @TearDown(Level.Iteration)
        public void checkProtected() {
            Translation t = space.translate(HOLE_VA, Access.KERNEL_READ);
            if (!(t instanceof Translation.Mapped m) || m.permissions().kernelWrite() == readOnly) {
                throw new IllegalStateException("protect did not take effect: " + t + " after readOnly=" + readOnly);
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public OpResult unmap4KiBInside1GiBPage(OneHugePage s) {
        s.result = s.space.unmap(HOLE_VA, 4096);
        return s.result;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(PTES_PER_GIB)
    public OpResult protect1GiBOf4KiBPages(SmallPages s) {
        s.readOnly = !s.readOnly;
        return Fixtures.applied(s.space.protect(HUGE_VA, GIB, s.readOnly ? READ_ONLY : Attributes.KERNEL_RW),
                "protecting 1 GiB");
    }
}
