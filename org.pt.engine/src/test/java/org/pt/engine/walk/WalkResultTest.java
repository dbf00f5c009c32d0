package org.pt.engine.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pt.engine.TestSpaces.applied;
import static org.pt.engine.TestSpaces.simulation;
import static org.pt.engine.TestSpaces.space;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pt.engine.format.Access;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.X86Format;
import org.pt.engine.memory.Overlay;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;

/** The translation-only walk into a reused {@link WalkResult} gives the answer the {@link Translation} value gives. */
class WalkResultTest {

    private static final long POOL = 0x0200_0000L;
    private static final Access[] ACCESSES = {Access.KERNEL_READ, Access.KERNEL_WRITE, Access.KERNEL_EXECUTE,
        Access.USER_READ, Access.USER_WRITE, Access.USER_EXECUTE};

    @Test
    void x86MappedNotMappedAndFaultsAgreeWithTheValue() {
        Simulation sim = simulation(X86Format.x86_64(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0xFFFF_8880_0000_0000L, 4L << 20, 0x20_0000L, Attributes.KERNEL_RW, PageSizePolicy.LARGEST, false));
        applied(s.map(0x40_0000L, 8192, 0x30_0000L, Attributes.of("rx").withUser(true), PageSizePolicy.SMALLEST, false));
        WalkResult r = new WalkResult();

        assertTrue(s.translate(0xFFFF_8880_0012_3456L, Access.KERNEL_WRITE, r));
        assertEquals(WalkResult.Status.MAPPED, r.status());
        assertEquals(0x32_3456L, r.pa());
        assertEquals(2L << 20, r.pageSize());
        assertEquals(s.translate(0xFFFF_8880_0012_3456L, Access.KERNEL_WRITE), r.translation());

        assertFalse(s.translate(0x40_1000L, Access.USER_WRITE, r));
        assertEquals(WalkResult.Status.FAULTED, r.status());
        assertEquals(FaultKind.PERMISSION, r.fault());
        assertThrows(IllegalStateException.class, r::pa);

        assertFalse(s.translate(0x8000_0000_0000_0000L, Access.KERNEL_READ, r));
        assertEquals(FaultKind.NON_CANONICAL, r.fault());

        assertFalse(s.translate(0x50_0000L, Access.KERNEL_READ, r));
        assertEquals(WalkResult.Status.NOT_MAPPED, r.status());
        assertEquals(s.translate(0x50_0000L, Access.KERNEL_READ), r.translation());
        assertThrows(IllegalStateException.class, r::fault);
    }

    /**
     * Random bits flipped in the tables of every format: the walk into a result, the value, the walk with a trace and
     * the walk through an overlay agree on each VA.
     */
    @Test
    void everyFormatAgreesWithTheValueOverCorruptedTables() {
        for (PagingFormat f : Formats.all()) {
            Simulation sim = simulation(f, POOL, 4 << 20, 256);
            AddressSpace s = space(sim, "k");
            long va = f.halves().get(0).ranges().get(0).start();
            applied(s.map(va, 4L << 20, 0x40_0000L, Attributes.of("rwx"), PageSizePolicy.SMALLEST, false));
            SplittableRandom rnd = new SplittableRandom(7);
            WalkResult r = new WalkResult();
            int faults = 0;
            for (int k = 0; k < 2000; k++) {
                long v = va + rnd.nextLong(4L << 20);
                if (k % 20 == 0) {
                    java.util.List<WalkStep> steps = s.walk(v, null).steps();
                    long at = steps.get(rnd.nextInt(steps.size())).entryPa();
                    long bit = 1L << rnd.nextInt(f.entryBytes() * 8);
                    if (sim.memory().isTableMemory(at)) {
                        sim.memory().write(at, sim.memory().read(at) ^ bit);
                    }
                }
                Access a = ACCESSES[rnd.nextInt(ACCESSES.length)];
                Translation t = s.translate(v, a);
                // x86 4- and 5-level walks without a trace take a quick path from PhysicalMemory: the walk with a
                // trace and the walk through an overlay take the full one, and all answer alike
                assertEquals(s.walk(v, a).result(), t, f.name());
                Half h = f.halfOf(v);
                assertEquals(f.walk(new Overlay(sim.memory()), s.root(h.index()), h, v, a, null), t, f.name());
                boolean mapped = s.translate(v, a, r);
                assertEquals(t instanceof Translation.Mapped, mapped, f.name() + " " + t);
                switch (t) {
                    case Translation.Mapped m -> assertEquals(m, r.translation(), f.name());
                    case Translation.NotMapped n -> assertEquals(n, r.translation(), f.name());
                    case Translation.Faulted x -> {
                        assertEquals(x.fault().kind(), r.fault(), f.name() + " " + t);
                        faults++;
                    }
                }
            }
            assertTrue(faults > 0, f.name() + ": the corruption made no fault, so the faults went untested");
        }
    }
}
