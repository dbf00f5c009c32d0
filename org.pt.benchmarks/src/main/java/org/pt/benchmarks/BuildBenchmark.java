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
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.OpResult;
import org.pt.engine.space.Simulation;

/**
 * Target: building x86_64 tables runs at 50 M leaf entries/s or more on one core, for 64 GiB in 4 KiB pages
 * (16.8 M PTEs) and for 64 TiB in 2 MiB pages (33.5 M PDEs). The score is leaf entries per second
 * ({@code @OperationsPerInvocation} is the number of leaf entries of one build).
 *
 * <p>Every invocation builds the whole tree from scratch with one {@code map}: planning, reserving (allocating every
 * table frame) and writing. A new simulation and an empty space are made before each invocation, after a full
 * collection so each build starts from the same clean heap; that setup is not timed. Each invocation is checked to
 * have been applied and to hold exactly the real table bytes ({@link BuildCase#tableBytes()}).
 *
 * <p>The table memory half of the target (within 10 % of the real table bytes) is measured by
 * {@link TableMemoryFootprint}.
 *
 * <p>Run: {@code ./build.sh bench BuildBenchmark -f 1 -wi 2 -i 5}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+UseParallelGC"})
public class BuildBenchmark {

    /** A fresh machine with one empty space, for one build of {@code buildCase}. */
    abstract static class Fresh {
        Simulation sim;
        AddressSpace space;
        OpResult result;
        private boolean reported;

        abstract BuildCase buildCase();

        @Setup(Level.Invocation)
        public void createEmptySpace() {
            sim = null;
            space = null;
            result = null;
            Fixtures.settledHeapUsed();
            sim = Fixtures.simulation();
            space = Fixtures.space(sim, "kernel");
        }

        @TearDown(Level.Invocation)
        public void checkBuilt() {
            BuildCase c = buildCase();
            Fixtures.applied(result, "mapping " + c);
            long bytes = sim.memory().tableBytesInUse();
            if (bytes != c.tableBytes() || sim.memory().tableCount() != c.tables()) {
                throw new IllegalStateException(c + ": " + sim.memory().tableCount() + " tables, " + bytes
                        + " bytes; expected " + c.tables() + " tables, " + c.tableBytes() + " bytes");
            }
            if (!reported) {
                reported = true;
                System.out.println("\n" + c + ": " + c.leafEntries() + " leaf entries, " + c.tables() + " tables, "
                        + bytes + " table bytes, space " + space.tablesPerLevel());
            }
        }
    }

    @State(Scope.Thread)
    public static class Gib64Pages4k extends Fresh {
        @Override
        BuildCase buildCase() {
            return BuildCase.GIB64_4KIB;
        }
    }

    @State(Scope.Thread)
    public static class Tib64Pages2m extends Fresh {
        @Override
        BuildCase buildCase() {
            return BuildCase.TIB64_2MIB;
        }
    }

    /** 64 GiB direct map in 4 KiB pages; score in PTEs written per second. */
    @Benchmark
    @OperationsPerInvocation(BuildCase.GIB64_4KIB_LEAVES)
    public OpResult build64GiB4KiB(Gib64Pages4k s) {
        s.result = BuildCase.GIB64_4KIB.build(s.space);
        return s.result;
    }

    /** 64 TiB direct map in 2 MiB pages; score in PDEs written per second. */
    @Benchmark
    @OperationsPerInvocation(BuildCase.TIB64_2MIB_LEAVES)
    public OpResult build64TiB2MiB(Tib64Pages2m s) {
        s.result = BuildCase.TIB64_2MIB.build(s.space);
        return s.result;
    }
}
