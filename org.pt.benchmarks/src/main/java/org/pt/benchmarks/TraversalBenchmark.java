package org.pt.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.Run;
import org.pt.engine.space.Simulation;
import org.pt.engine.space.TableTree;

/**
 * Target: the one traversal ({@link TableTree}) lists a whole space at least as fast as the fastest loop it replaced.
 * The old loops run from {@link BaselineLoops} (copies of the code at b910400) on the same memory in the same run:
 * <ul>
 * <li>{@link #oldRuns}: the old {@code AddressSpace.runs} (4 to 7 s on 64 TiB in 2 MiB pages, as measured then);</li>
 * <li>{@link #oldHazardScan}: the old {@code Hazards.Leaves} scan, the fast private copy that motivated the work;</li>
 * <li>{@link #runs}: {@link AddressSpace#runs} on the traversal (what {@code Hazards} now scans with);</li>
 * <li>{@link #traversal}: the traversal alone, with a visitor that counts leaf entries (what emitters pay);</li>
 * <li>{@link #oldCostPages}: the old {@code Costs.leaves} ({@code report pages}: bytes per page size), copied at
 * b35a26f^;</li>
 * <li>{@link #costPages}: the visitor {@code Costs.pages} now runs on the traversal (each table once).</li>
 * </ul>
 * Spaces ({@link BuildCase}): the x86_64 direct map of 64 GiB in 4 KiB pages and of 64 TiB in 2 MiB pages, each with a
 * recursive slot at PML4[510] (as the hazard checks met them). Setup checks that the three listings are equal run for
 * run, that the traversal counts every leaf entry once and that both page counts agree. Score: milliseconds per whole-space listing.
 *
 * <p>Run: {@code ./build.sh bench TraversalBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+UseParallelGC"})
public class TraversalBenchmark {

    /** The kernel half of x86_64, where the direct map lives. */
    private static final AddressRange UPPER = AddressRange.inclusive(0xFFFF_8000_0000_0000L, -1L);

    @Param({"64GiB-4KiB", "64TiB-2MiB"})
    public String tree;

    private AddressSpace space;
    private TableTree tables;

    @Setup(Level.Trial)
    public void build() {
        BuildCase c = switch (tree) {
            case "64GiB-4KiB" -> BuildCase.GIB64_4KIB;
            case "64TiB-2MiB" -> BuildCase.TIB64_2MIB;
            default -> throw new IllegalArgumentException("tree is 64GiB-4KiB or 64TiB-2MiB, not " + tree);
        };
        Simulation sim = Fixtures.simulation();
        space = Fixtures.space(sim, "kernel");
        tables = sim.tree();
        Fixtures.applied(c.build(space), "mapping " + c);
        Geometry.Level top = sim.format().halves().get(0).geometry().level(0);
        Fixtures.applied(space.setRootEntry(0, 510, sim.format().tableEntry(space.root(0), top.archLevel())),
                "the recursive slot");
        List<Run> old = BaselineLoops.runs(space, UPPER);
        BaselineLoops.Scanned scanned = new BaselineLoops.HazardScanner(space).scan(space);
        List<Run> now = space.runs(UPPER);
        if (!old.equals(now) || !scanned.runs().equals(now) || now.size() != 1 || scanned.loops() != 1) {
            throw new IllegalStateException(c + ": listings differ: old runs " + old.size() + ", old hazard scan "
                    + scanned.runs().size() + " (" + scanned.loops() + " self-maps), runs " + now.size());
        }
        if (traversal() != c.leafEntries()) {
            throw new IllegalStateException(c + ": the traversal counted " + traversal() + " leaf entries, not "
                    + c.leafEntries());
        }
        if (!BaselineLoops.costPages(space).equals(costPages())) {
            throw new IllegalStateException(c + ": page counts differ: old " + BaselineLoops.costPages(space) + ", new "
                    + costPages());
        }
        System.out.println("\n" + c + ": " + c.leafEntries() + " leaf entries, " + now + ", tables "
                + space.tablesPerLevel());
    }

    /** The old {@code AddressSpace.runs}. */
    @Benchmark
    public List<Run> oldRuns() {
        return BaselineLoops.runs(space, UPPER);
    }

    /** The old {@code Hazards.Leaves} scan of one space (a new scanner each time, as each analysis made one). */
    @Benchmark
    public BaselineLoops.Scanned oldHazardScan() {
        return new BaselineLoops.HazardScanner(space).scan(space);
    }

    /** {@link AddressSpace#runs} on the traversal. */
    @Benchmark
    public List<Run> runs() {
        return space.runs(UPPER);
    }

    /** The traversal alone: every leaf entry of the space counted. */
    @Benchmark
    public long traversal() {
        long[] entries = {0};
        tables.visit(space, new TableTree.Visitor() {
            @Override
            public void leaves(Half half, int depth, long table, int index, int count, long raw, long increment,
                    long va, long pageSize) {
                entries[0] += count;
            }
        });
        return entries[0];
    }

    /** The old {@code Costs.leaves}. */
    @Benchmark
    public Map<Long, Long> oldCostPages() {
        return BaselineLoops.costPages(space);
    }

    /** {@code Costs.pages} on the traversal: each leaf group's bytes added to its page size. */
    @Benchmark
    public Map<Long, Long> costPages() {
        Map<Long, Long> bytes = new HashMap<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        tables.visit(space, new TableTree.Visitor() {
            @Override
            public boolean table(Half half, int depth, long pa, long va, long last, int references) {
                return seen.add(pa);
            }

            @Override
            public void leaves(Half half, int depth, long table, int index, int count, long raw, long increment,
                    long va, long pageSize) {
                bytes.merge(pageSize, count * half.geometry().level(depth).entrySize(), Long::sum);
            }
        });
        return bytes;
    }
}
