package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pt.engine.analysis.Specs.GIB;
import static org.pt.engine.analysis.Specs.KIB;
import static org.pt.engine.analysis.Specs.MIB;
import static org.pt.engine.analysis.Specs.machine;
import static org.pt.engine.analysis.Specs.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.format.Half;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.model.SystemModel;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;

/**
 * A build that starts from a remembered prefix (the state after the first spaces of its build order, its memory
 * forked copy-on-write) equals a fresh {@link Analysis#run}: every table (address, size, level, references, every
 * entry), the allocator's counters, every space's roots, mappings and events, every finding. Spaces before the first
 * edited one are not built again.
 */
class PrefixReuseTest {

    private static final long DIRECT = AnalysisMemoTest.DIRECT;
    private static final long KERNEL = AnalysisMemoTest.KERNEL;
    private static final Attributes USER_RW = Attributes.of("rw").withUser(true);
    private static final Machine PC = machine("pc", Formats.standard("x86_64").orElseThrow()).ram(0, 2 * GIB)
            .tables(0x40_0000L, 4 * MIB).build();
    private static final Layout HH = AnalysisMemoTest.higherHalf(PC);

    /** What the test edits: one value in each space. */
    private record Edits(long kernelSize, long initPa, long initWalk, long otherPa, boolean kernelPage) {
        Edits kernelSize(long v) {
            return new Edits(v, initPa, initWalk, otherPa, kernelPage);
        }

        Edits initPa(long v) {
            return new Edits(kernelSize, v, initWalk, otherPa, kernelPage);
        }

        Edits initWalk(long v) {
            return new Edits(kernelSize, initPa, v, otherPa, kernelPage);
        }

        Edits otherPa(long v) {
            return new Edits(kernelSize, initPa, initWalk, v, kernelPage);
        }

        Edits withKernelPage() {
            return new Edits(kernelSize, initPa, initWalk, otherPa, true);
        }
    }

    private static final Edits FIRST = new Edits(16 * MIB, 0x800_0000L, 0x40_1000L, 0x900_0000L, false);

    /**
     * kernel maps {@code kernelSize} of RAM with 4 KiB pages into the direct map (the tables being edited by later
     * spaces), its image, unmaps and protects a part; init shares its kernel half and maps a user page (and, with
     * {@code kernelPage}, a page of the direct map at 256 MiB, which writes the page directory it shares with
     * kernel); other is a space of its
     * own, built last.
     */
    private static SystemModel model(Edits e) {
        Specs.SpaceB kernel = space("kernel", HH).strategy(new StrategySpec.DirectMap("direct_map"))
                .map(DIRECT, e.kernelSize(), 0, Attributes.KERNEL_RW, PageSizePolicy.SMALLEST)
                .map(KERNEL, 2 * MIB, 0x100_0000L, Attributes.KERNEL_RX)
                .unmap(DIRECT + 64 * KIB, 8 * KIB)
                .protect(DIRECT + 128 * KIB, 16 * KIB, Attributes.of("r"))
                .walk(DIRECT + 0x1234);
        Specs.SpaceB init = space("init", HH).shareKernelWith("kernel")
                .map(0x40_0000L, 16 * KIB, e.initPa(), Attributes.of("rx").withUser(true));
        if (e.kernelPage()) {
            init.map(DIRECT + 256 * MIB, 4 * KIB, 256 * MIB, Attributes.KERNEL_RW, PageSizePolicy.SMALLEST);
        }
        init.walk(e.initWalk()).walk(DIRECT + 256 * MIB);
        SpaceSpec other = space("other", HH).map(0x40_0000L, 64 * KIB, e.otherPa(), USER_RW)
                .map(0x60_0000L, 4 * KIB, 0x900_0000L, USER_RW).walk(0x40_2000L).build();
        return new SystemModel(List.of(PC), List.of(HH), List.of(kernel.build(), init.build(), other));
    }

    /** Everything a build leaves, as lines: findings, spaces, then every table of every simulated memory. */
    static List<String> state(AnalysisResult r) {
        List<String> out = new ArrayList<>(Specs.lines(r));
        r.spaces().forEach((name, b) -> {
            StringBuilder roots = new StringBuilder();
            for (Half h : b.space().simulation().format().halves()) {
                roots.append(' ').append(Long.toHexString(b.space().root(h.index())));
            }
            out.add("space " + name + roots + " " + b.spec() + " " + b.mappings() + " " + b.events());
        });
        r.simulations().forEach((name, sim) -> out.addAll(memory(name, sim.memory())));
        return out;
    }

    private static List<String> memory(String name, PhysicalMemory m) {
        List<String> out = new ArrayList<>();
        out.add("memory " + name + ": " + m.framesInUse() + " frames, " + m.tableBytesInUse() + " bytes, "
                + m.tableCount() + " tables, " + m.freeBytes() + " free");
        for (PhysicalMemory.TableInfo t : m.tables()) {
            long[] entries = new long[t.bytes() / m.entryBytes()];
            m.readEntries(t.pa(), 0, entries.length, entries);
            out.add(Long.toHexString(t.pa()) + " " + t.bytes() + " L" + t.archLevel() + " refs " + t.references()
                    + " " + Arrays.toString(entries));
        }
        return out;
    }

    /** Runs {@code next} through {@code memo} and checks it against a fresh analysis; returns it. */
    private static AnalysisResult sameAsFresh(AnalysisMemo memo, SystemModel next) {
        AnalysisResult r = memo.run(next);
        assertEquals(state(Analysis.run(next)), state(r));
        return r;
    }

    /** The builds of each space so far: kernel, init, other. */
    private static List<Long> built(AnalysisMemo memo) {
        return List.of(memo.spaceBuilds("kernel"), memo.spaceBuilds("init"), memo.spaceBuilds("other"));
    }

    private static List<Long> reused(AnalysisMemo memo) {
        return List.of(memo.spaceReuses("kernel"), memo.spaceReuses("init"), memo.spaceReuses("other"));
    }

    @Test
    void theStateComparedIsEveryEntryOfEveryTable() {
        List<String> lines = state(Analysis.run(model(FIRST)));
        // 16 MiB of 4 KiB pages: 8 page tables of kernel; one of init (0x40_0000), two of other (0x40_0000, 0x60_0000)
        assertEquals(11, lines.stream().filter(l -> l.contains(" 4096 L1 ")).count(), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("memory pc: ")), String.join("\n", lines));
        assertNotEquals(lines, state(Analysis.run(model(FIRST.otherPa(0xA00_0000L)))));
    }

    /**
     * Runs the models of {@code edits} in order through a new memo, each compared with a fresh analysis; then checks
     * how many times kernel, init and other were built and taken from a prefix.
     */
    private static AnalysisMemo afterEdits(List<Long> built, List<Long> reused, Edits... edits) {
        AnalysisMemo memo = new AnalysisMemo(3);
        for (Edits e : edits) {
            sameAsFresh(memo, model(e));
        }
        assertEquals(built, built(memo));
        assertEquals(reused, reused(memo));
        return memo;
    }

    @Test
    void aWalkEditBuildsNoSpace() {
        AnalysisMemo memo = afterEdits(List.of(1L, 1L, 1L), List.of(0L, 0L, 0L), FIRST, FIRST.initWalk(0x40_2000L));
        assertEquals(List.of(1L, 1L), List.of(memo.builds(), memo.reuses()));
    }

    @Test
    void anEditOfTheLastSpaceBuildsThatSpaceAlone() {
        AnalysisMemo memo = afterEdits(List.of(1L, 1L, 3L), List.of(2L, 2L, 0L), FIRST, FIRST.otherPa(0xA00_0000L),
                FIRST.otherPa(0xB00_0000L));
        assertEquals(List.of(3L, 0L), List.of(memo.builds(), memo.reuses()));
    }

    @Test
    void anEditOfAMiddleSpaceBuildsItAndTheSpacesAfterIt() {
        afterEdits(List.of(1L, 2L, 2L), List.of(1L, 0L, 0L), FIRST, FIRST.initPa(0x810_0000L));
    }

    @Test
    void anEditOfTheFirstSpaceBuildsEverySpace() {
        afterEdits(List.of(2L, 2L, 2L), List.of(0L, 0L, 0L), FIRST, FIRST.kernelSize(12 * MIB));
    }

    /**
     * init writes a page table it shares with kernel: the continuing build copies that frame, so the prefix after
     * kernel stays as kernel left it, and a later edit of init starts from kernel's own tables.
     */
    @Test
    void aSpaceWritingSharedTablesLeavesThePrefixAsItWas() {
        AnalysisMemo memo = new AnalysisMemo(3);
        sameAsFresh(memo, model(FIRST));
        AnalysisResult written = sameAsFresh(memo, model(FIRST.withKernelPage()));
        assertEquals(1, Specs.lines(written).stream().filter(l -> l.contains("-> 0x1000_0000")).count(),
                String.join("\n", Specs.lines(written)));
        AnalysisResult after = sameAsFresh(memo, model(FIRST.initPa(0x820_0000L)));
        assertEquals(0, Specs.lines(after).stream().filter(l -> l.contains("-> 0x1000_0000")).count());
        assertEquals(List.of(1L, 3L, 3L), built(memo));
        assertEquals(List.of(2L, 0L, 0L), reused(memo));
    }

    /** The comparison catches a wrong prefix: one entry of the remembered memory changed makes the reuse differ. */
    @Test
    void aCorruptedPrefixIsCaught() {
        AnalysisMemo memo = new AnalysisMemo(3);
        SystemModel first = model(FIRST);
        memo.run(first);
        Analysis.Prefix afterKernel = memo.prefixes().stream().filter(p -> p.spaces().equals(List.of("kernel")))
                .findFirst().orElseThrow();
        Simulation sim = afterKernel.simulation("pc").orElseThrow();
        PhysicalMemory.TableInfo pt = sim.memory().tables().stream().filter(t -> t.archLevel() == 1).findFirst()
                .orElseThrow();
        long entry = sim.memory().read(pt.pa() + 8);
        sim.memory().write(pt.pa() + 8, entry + 0x1000); // page 1 of the direct map now maps frame 2
        SystemModel edited = model(FIRST.initPa(0x830_0000L));
        AnalysisResult reused = memo.run(edited);
        assertEquals(List.of(1L, 0L, 0L), reused(memo));
        assertNotEquals(state(Analysis.run(edited)), state(reused));
        // the build the prefix was forked from is as it was: only the prefix's own copy of the frame changed
        assertEquals(state(Analysis.run(first)), state(memo.run(first)));
    }
}
