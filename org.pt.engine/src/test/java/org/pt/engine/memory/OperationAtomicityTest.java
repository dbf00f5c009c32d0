package org.pt.engine.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.ArmV7ShortFormat;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Feature;
import org.pt.engine.format.Formats;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.X86Format;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.OpResult;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;

/**
 * Every operation is all-or-nothing even when something throws while it writes: the test hook makes the n-th change
 * (write, allocation, free, reference) of an operation throw, for every n until the operation completes, and each time
 * the tables, their contents and the frame pool must be exactly as before. After the failures the same operation,
 * run for real, leaves the same state as in a simulation that never failed (so the allocator state was restored too).
 */
class OperationAtomicityTest {

    private static final long POOL = 0x0100_0000L;
    private static final Attributes RW = Attributes.of("rwx");
    private static final Attributes R = Attributes.of("rx");

    /** What a failed operation must leave untouched: every live table with its references and contents, and the pool. */
    record State(List<String> tables, long contentHash, long framesInUse, long tableBytes, long freeBytes) {
    }

    static State state(PhysicalMemory m) {
        List<String> tables = new ArrayList<>();
        long hash = 17;
        for (PhysicalMemory.TableInfo t : m.tables()) {
            tables.add(Long.toHexString(t.pa()) + "/" + t.bytes() + "/L" + t.archLevel() + "/refs " + t.references());
            for (int off = 0; off < t.bytes(); off += m.entryBytes()) {
                hash = hash * 1_000_003 + m.read(t.pa() + off);
            }
        }
        return new State(tables, hash, m.framesInUse(), m.tableBytesInUse(), m.freeBytes());
    }

    private static Simulation sim(PagingFormat f) {
        return new Simulation(f, List.of(AddressRange.ofSize(POOL, 64L << 20)), 1 << 14);
    }

    /** A sequence that allocates, splits (huge page to smallest), remaps, frees and merges, in the first half. */
    private static List<Function<AddressSpace, OpResult>> steps(PagingFormat f) {
        Half h = f.halves().get(0);
        List<Long> sizes = h.geometry().pageSizes();
        long big = Math.min(sizes.get(0), 1L << 30);
        long small = h.geometry().smallestPage();
        long va = h.ranges().get(0).start() + 2 * big;
        long pa = 4 * big;
        return List.of(
                s -> s.map(va, 2 * big + 3 * small, pa, RW, PageSizePolicy.LARGEST, false),
                s -> s.protect(va + small, small, R),
                s -> s.map(va + big + small, small, pa + 64 * big, RW, PageSizePolicy.LARGEST, true),
                s -> s.unmap(va + big, big),
                s -> s.protect(va + small, small, RW),
                AddressSpace::compact,
                s -> s.unmap(va, 2 * big + 3 * small));
    }

    private static void applied(OpResult r, PagingFormat f) {
        if (r instanceof OpResult.Rejected rej) {
            throw new AssertionError(f.name() + ": " + rej.error().message());
        }
    }

    /**
     * Fails the step at change n for n = 0, 1, 2, ... (every change up to 64, then ever sparser: an AArch64 64 KiB
     * block split writes 8192 entries one by one) until it completes; returns how many failures were injected.
     */
    private static int injectUntilDone(Simulation sim, AddressSpace s, Function<AddressSpace, OpResult> step) {
        int failures = 0;
        for (int n = 0;; n += n < 64 ? 1 : n / 8, failures++) {
            State before = state(sim.memory());
            sim.memory().failAfter(n);
            try {
                applied(step.apply(s), sim.format());
                return failures;
            } catch (IllegalStateException injected) {
                assertEquals("injected failure", injected.getMessage());
                assertEquals(before, state(sim.memory()), "after a failure at change " + n);
            }
        }
    }

    private static void check(PagingFormat f) {
        Simulation failing = sim(f);
        Simulation control = sim(f);
        AddressSpace s = ((Simulation.Created.Ok) failing.createSpace("s")).space();
        AddressSpace c = ((Simulation.Created.Ok) control.createSpace("s")).space();
        int failures = 0;
        for (Function<AddressSpace, OpResult> step : steps(f)) {
            failures += injectUntilDone(failing, s, step);
            applied(step.apply(c), f);
            assertEquals(state(control.memory()), state(failing.memory()), f.name());
        }
        assertTrue(failures > 20, f.name() + " injected only " + failures + " failures");
    }

    @Test
    void everyStandardFormatRollsBackAFailureAtEveryChange() {
        for (PagingFormat f : Formats.all()) {
            check(f);
        }
        check(ArmV7ShortFormat.of(40, EnumSet.of(Feature.SUPERSECTIONS)));
        check(X86Format.of(X86Format.Mode.LEGACY_32, 40, EnumSet.of(Feature.PSE, Feature.PSE36), X86Format.POWER_ON_PAT));
    }

    @Test
    void creatingASpaceAndSharingRollBackToo() {
        PagingFormat f = Formats.standard("aarch64-4k").orElseThrow();
        Simulation sim = sim(f);
        State empty = state(sim.memory());
        sim.memory().failAfter(1);
        assertThrows(IllegalStateException.class, () -> sim.createSpace("a"));
        assertEquals(empty, state(sim.memory()));
        assertEquals(List.of(), sim.spaces());
        AddressSpace a = ((Simulation.Created.Ok) sim.createSpace("a")).space();
        AddressSpace b = ((Simulation.Created.Ok) sim.createSpace("b")).space();
        a.map(0xFFFF_0000_0000_0000L, 4096, 0x8000_0000L, RW, PageSizePolicy.LARGEST, false);
        Half high = f.halves().get(1);
        State before = state(sim.memory());
        sim.memory().failAfter(1);
        assertThrows(IllegalStateException.class, () -> b.share(a, high.ranges().get(0)));
        assertEquals(before, state(sim.memory()));
        assertNotEquals(a.root(1), b.root(1));
    }

    @Test
    void theStateComparisonSeesAChange() {
        Simulation sim = sim(Formats.standard("x86_64").orElseThrow());
        AddressSpace s = ((Simulation.Created.Ok) sim.createSpace("s")).space();
        State before = state(sim.memory());
        sim.memory().write(s.root(0) + 8, 0x1000);
        assertNotEquals(before, state(sim.memory()));
    }
}
