package org.pt.engine.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pt.engine.TestSpaces.applied;
import static org.pt.engine.TestSpaces.simulation;
import static org.pt.engine.TestSpaces.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.pt.engine.analysis.Messages;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.X86Format;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;

/**
 * The kernel's software walk under each strategy on x86_64, with the exact VA of every step, and walks that fail on
 * purpose. Tables come from a pool in allocation order, so their physical addresses are known: the root first, then
 * each map's new tables, top level first.
 */
class SoftwareWalkTest {

    private static final X86Format F = X86Format.x86_64();
    private static final long POOL = 0x200_0000L;
    private static final long HIGH_POOL = 0x1_0000_0000L;
    private static final long PHYSMAP = 0xFFFF_8880_0000_0000L;
    private static final long TABLES = 0xFFFF_C000_0000_0000L;
    private static final long WINDOW = 0xFFFF_FE00_0000_0000L;
    private static final long GIB = 1L << 30;
    private static final long USER = 0x40_0000L;
    private static final Attributes RW = Attributes.KERNEL_RW;

    private static Simulation sim(long pool) {
        return simulation(F, pool, 4L << 20, 1 << 12);
    }

    private static void map(AddressSpace s, long va, long size, long pa, Attributes a) {
        applied(s.map(va, size, pa, a, PageSizePolicy.LARGEST, false));
    }

    /** {@code PML4[0] 0x200_0000 at 0xffff_...: lands on the entry}, one line per step. */
    private static List<String> render(SoftwareWalk.Result r) {
        List<String> out = new ArrayList<>();
        for (SoftwareWalk.Step s : r.steps()) {
            long va = Location.vaOf(s.location());
            String line = s.name() + " " + Unsigned.hex(s.entryPa()) + (va == -1 ? "" : " at " + Unsigned.hex(va)) + ": "
                    + Messages.landing(s.landing(), r.kernel());
            if (s.location() instanceof Location.Windowed w) {
                line += " (window on " + Unsigned.hex(w.frame()) + ", entry " + Unsigned.hex(w.ptePa()) + " written at "
                        + Unsigned.hex(Location.vaOf(w.pte())) + ": " + Messages.landing(s.pteLanding(), r.kernel()) + ")";
            }
            out.add(line);
        }
        return out;
    }

    @Test
    void recursiveSlot510ReadsEachLevelThroughTheSlot() {
        Simulation sim = sim(POOL);
        AddressSpace k = space(sim, "kernel");
        Recursive r = Recursive.topLevel(F, F.halves().get(0), 510, OptionalInt.empty(), "self");
        applied(k.setRootEntry(0, 510, r.entryFor(k.root(0))));
        map(k, USER, 4096, 0x80_0000L, RW);
        SoftwareWalk.Result res = SoftwareWalk.run(k, r, k, USER);
        assertEquals(List.of(
                "PML4[0] 0x200_0000 at 0xffff_ff7f_bfdf_e000: lands on the entry",
                "PDPT[0] 0x200_1000 at 0xffff_ff7f_bfc0_0000: lands on the entry",
                "PD[2] 0x200_2010 at 0xffff_ff7f_8000_0010: lands on the entry",
                "PT[0] 0x200_3000 at 0xffff_ff00_0000_2000: lands on the entry"), render(res));
        assertEquals(4, res.reads());
        assertEquals(0, res.remaps());
        assertTrue(res.ok());
    }

    @Test
    void directMapReadsEachEntryAtOffsetPlusPa() {
        Simulation sim = sim(POOL);
        AddressSpace k = space(sim, "kernel");
        map(k, PHYSMAP, GIB, 0, RW);
        map(k, USER, 4096, 0x80_0000L, RW);
        SoftwareWalk.Result res = SoftwareWalk.run(k, new DirectMap("physmap", AddressRange.ofSize(PHYSMAP, 64L << 40)), k, USER);
        assertEquals(List.of(
                "PML4[0] 0x200_0000 at 0xffff_8880_0200_0000: lands on the entry",
                "PDPT[0] 0x200_2000 at 0xffff_8880_0200_2000: lands on the entry",
                "PD[2] 0x200_3010 at 0xffff_8880_0200_3010: lands on the entry",
                "PT[0] 0x200_4000 at 0xffff_8880_0200_4000: lands on the entry"), render(res));
    }

    @Test
    void identityReadsEachEntryAtItsPa() {
        Simulation sim = sim(POOL);
        AddressSpace k = space(sim, "kernel");
        map(k, POOL, 4L << 20, POOL, RW);
        map(k, USER, 4096, 0x80_0000L, RW);
        SoftwareWalk.Result res = SoftwareWalk.run(k, new Identity(List.of(AddressRange.ofSize(POOL, 4L << 20))), k, USER);
        assertEquals(List.of(
                "PML4[0] 0x200_0000 at 0x200_0000: lands on the entry",
                "PDPT[0] 0x200_1000 at 0x200_1000: lands on the entry",
                "PD[2] 0x200_2010 at 0x200_2010: lands on the entry",
                "PT[0] 0x200_3000 at 0x200_3000: lands on the entry"), render(res));
    }

    @Test
    void tableOffsetReadsEachEntryAtRegionPlusOffsetInThePool() {
        Simulation sim = sim(POOL);
        AddressSpace k = space(sim, "kernel");
        map(k, TABLES, 4L << 20, POOL, RW);
        map(k, USER, 4096, 0x80_0000L, RW);
        SoftwareWalk.Result res = SoftwareWalk.run(k, new TableOffset("tables", AddressRange.ofSize(TABLES, 4L << 20), POOL),
                k, USER);
        assertEquals(List.of(
                "PML4[0] 0x200_0000 at 0xffff_c000_0000_0000: lands on the entry",
                "PDPT[0] 0x200_3000 at 0xffff_c000_0000_3000: lands on the entry",
                "PD[2] 0x200_4010 at 0xffff_c000_0000_4010: lands on the entry",
                "PT[0] 0x200_5000 at 0xffff_c000_0000_5000: lands on the entry"), render(res));
    }

    @Test
    void windowRemapsItsPageOntoEachTableAndRestoresIt() {
        Simulation sim = sim(POOL);
        AddressSpace k = space(sim, "kernel");
        map(k, PHYSMAP, GIB, 0, RW);
        Window w = new Window(F, "win", AddressRange.ofSize(WINDOW, 4096), false, 4,
                new DirectMap("physmap", AddressRange.ofSize(PHYSMAP, 64L << 40)));
        applied(k.ensureTables(0, WINDOW, 3));
        map(k, USER, 4096, 0x80_0000L, RW);
        SoftwareWalk.Result res = SoftwareWalk.run(k, w, k, USER);
        assertEquals(List.of(
                "PML4[0] 0x200_0000 at 0xffff_fe00_0000_0000: lands on the entry (window on 0x200_0000, entry 0x200_4000 "
                        + "written at 0xffff_8880_0200_4000: lands on the entry)",
                "PDPT[0] 0x200_5000 at 0xffff_fe00_0000_0000: lands on the entry (window on 0x200_5000, entry 0x200_4000 "
                        + "written at 0xffff_8880_0200_4000: lands on the entry)",
                "PD[2] 0x200_6010 at 0xffff_fe00_0000_0010: lands on the entry (window on 0x200_6000, entry 0x200_4000 "
                        + "written at 0xffff_8880_0200_4000: lands on the entry)",
                "PT[0] 0x200_7000 at 0xffff_fe00_0000_0000: lands on the entry (window on 0x200_7000, entry 0x200_4000 "
                        + "written at 0xffff_8880_0200_4000: lands on the entry)"), render(res));
        assertEquals(4, res.remaps());
        assertEquals(0L, sim.memory().read(0x200_4000L), "the window entry is restored");
        assertEquals(new AccessCost(1, 1, "INVLPG", 3), w.cost());
    }

    @Test
    void foreignSlotReachesAnotherSpaceAndIsRestored() {
        Simulation sim = sim(POOL);
        AddressSpace k = space(sim, "kernel");
        Recursive r = Recursive.topLevel(F, F.halves().get(0), 510, OptionalInt.of(509), "self");
        applied(k.setRootEntry(0, 510, r.entryFor(k.root(0))));
        AddressSpace init = space(sim, "init");
        map(init, USER, 4096, 0x80_0000L, Attributes.of("rw").withUser(true));
        SoftwareWalk.Result res = SoftwareWalk.run(k, r, init, USER);
        assertEquals(List.of(
                "PML4[0] 0x200_1000 at 0xffff_ff7f_bfdf_d000: lands on the entry",
                "PDPT[0] 0x200_2000 at 0xffff_ff7f_bfa0_0000: lands on the entry",
                "PD[2] 0x200_3010 at 0xffff_ff7f_4000_0010: lands on the entry",
                "PT[0] 0x200_4000 at 0xffff_fe80_0000_2000: lands on the entry"), render(res));
        Location.Foreign fo = res.foreignSlot().orElseThrow();
        assertEquals("PML4[509]", fo.slotName());
        assertEquals(0x200_0000L + 509 * 8, fo.slotPa());
        assertEquals(0x8000_0000_0200_1063L, fo.raw());
        assertEquals(0L, sim.memory().read(0x200_0000L + 509 * 8), "the foreign slot is emptied again");
    }

    @Test
    void withoutAForeignSlotAnotherSpaceIsNotReached() {
        Simulation sim = sim(POOL);
        AddressSpace k = space(sim, "kernel");
        Recursive r = Recursive.topLevel(F, F.halves().get(0), 510, OptionalInt.empty(), "self");
        applied(k.setRootEntry(0, 510, r.entryFor(k.root(0))));
        AddressSpace init = space(sim, "init");
        map(init, USER, 4096, 0x80_0000L, RW);
        assertEquals(List.of("PML4[0] 0x200_1000: recursive slot PML4[510] reaches only the tables under the CR3 root of "
                + "'kernel'"), render(SoftwareWalk.run(k, r, init, USER)));
    }

    @Test
    void aForeignSlotInUseStopsTheWalk() {
        Simulation sim = sim(POOL);
        AddressSpace k = space(sim, "kernel");
        Recursive r = Recursive.topLevel(F, F.halves().get(0), 510, OptionalInt.of(509), "self");
        applied(k.setRootEntry(0, 510, r.entryFor(k.root(0))));
        map(k, 0xFFFF_FE80_0000_0000L, 4096, 0x80_0000L, RW); // PML4[509] now holds a PDPT at 0x200_1000
        AddressSpace init = space(sim, "init");
        map(init, USER, 4096, 0x80_0000L, RW);
        assertEquals(List.of("PML4[0] 0x200_4000 at 0xffff_ff7f_bfdf_d000: foreign slot PML4[509] of 'kernel' is in use "
                + "(0x2001027)"), render(SoftwareWalk.run(k, r, init, USER)));
    }

    @Test
    void directMapSmallerThanRamMissesTablesAboveIt() {
        Simulation sim = sim(HIGH_POOL);
        AddressSpace k = space(sim, "kernel");
        map(k, PHYSMAP, GIB, 0, RW);
        map(k, USER, 4096, 0x80_0000L, RW);
        SoftwareWalk.Result res = SoftwareWalk.run(k, new DirectMap("physmap", AddressRange.ofSize(PHYSMAP, 64L << 40)), k, USER);
        assertEquals(List.of("PML4[0] 0x1_0000_0000 at 0xffff_8881_0000_0000: is not mapped in 'kernel' (no present entry "
                + "at PDPT)"), render(res));
        assertEquals(Optional.of(res.steps().get(0)), res.failed());
    }

    @Test
    void windowWhoseOwnTableIsUnreachableFailsBeforeRemapping() {
        Simulation sim = sim(HIGH_POOL);
        AddressSpace k = space(sim, "kernel");
        map(k, PHYSMAP, GIB, 0, RW);
        Window w = new Window(F, "win", AddressRange.ofSize(WINDOW, 4096), true, 1,
                new DirectMap("physmap", AddressRange.ofSize(PHYSMAP, 64L << 40)));
        applied(k.ensureTables(0, WINDOW, 3));
        map(k, USER, 4096, 0x80_0000L, RW);
        SoftwareWalk.Result res = SoftwareWalk.run(k, w, k, USER);
        assertEquals(List.of("PML4[0] 0x1_0000_0000 at 0xffff_fe00_0000_0000: the window entry is not reached (window on "
                + "0x1_0000_0000, entry 0x1_0000_4000 written at 0xffff_8881_0000_4000: is not mapped in 'kernel' (no "
                + "present entry at PDPT))"), render(res));
        assertEquals(0, res.remaps());
    }

    @Test
    void aDereferenceLandingOnAnotherTableNamesItsEntry() {
        Simulation sim = sim(POOL);
        AddressSpace k = space(sim, "kernel");
        map(k, USER, 4096, 0x80_0000L, RW);
        map(k, POOL, 4096, POOL + 0x1000, RW); // "identity" of the root frame, off by one page
        SoftwareWalk.Result res = SoftwareWalk.run(k, new Identity(List.of()), k, USER);
        assertEquals(List.of("PML4[0] 0x200_0000 at 0x200_0000: lands on 0x200_1000 (entry 0 of the PDPT at 0x200_1000)"),
                render(res));
    }

    @Test
    void aDereferenceOutsideEveryTableSaysSo() {
        Simulation sim = sim(POOL);
        AddressSpace k = space(sim, "kernel");
        map(k, PHYSMAP, GIB, GIB, RW); // the "direct map" starts at 1 GiB of RAM instead of 0
        map(k, USER, 4096, 0x80_0000L, RW);
        SoftwareWalk.Result res = SoftwareWalk.run(k, new DirectMap("physmap", AddressRange.ofSize(PHYSMAP, 64L << 40)), k, USER);
        assertEquals(List.of("PML4[0] 0x200_0000 at 0xffff_8880_0200_0000: lands on 0x4200_0000 in no table"), render(res));
    }

    @Test
    void aReadOnlyMappingOfTheTablesIsReportedAsSuch() {
        Simulation sim = sim(POOL);
        AddressSpace k = space(sim, "kernel");
        map(k, PHYSMAP, GIB, 0, Attributes.of("r"));
        map(k, USER, 4096, 0x80_0000L, RW);
        SoftwareWalk.Result res = SoftwareWalk.run(k, new DirectMap("physmap", AddressRange.ofSize(PHYSMAP, 64L << 40)), k, USER);
        assertEquals(List.of("PML4[0] 0x200_0000 at 0xffff_8880_0200_0000: is read-only in 'kernel': permission at PDPT "
                + "(entry 0x80000000000000e1): kernel write not allowed (k:r-- u:---)"), render(res));
    }

    @Test
    void anUnmappedTargetShowsTheStepHoldingTheEmptyEntry() {
        Simulation sim = sim(POOL);
        AddressSpace k = space(sim, "kernel");
        Recursive r = Recursive.topLevel(F, F.halves().get(0), 510, OptionalInt.empty(), "self");
        applied(k.setRootEntry(0, 510, r.entryFor(k.root(0))));
        map(k, USER, 4096, 0x80_0000L, RW);
        SoftwareWalk.Result res = SoftwareWalk.run(k, r, k, 0x4000_0000L);
        assertEquals(List.of(
                "PML4[0] 0x200_0000 at 0xffff_ff7f_bfdf_e000: lands on the entry",
                "PDPT[1] 0x200_1008 at 0xffff_ff7f_bfc0_0008: lands on the entry"), render(res));
        assertEquals("0x4000_0000 not mapped (no present entry at PDPT)", res.target().toString());
    }

    @Test
    void aTargetWalkThatFaultsEndsTheStepsAtTheFaultingEntry() {
        Simulation sim = sim(POOL);
        AddressSpace k = space(sim, "kernel");
        Recursive r = Recursive.topLevel(F, F.halves().get(0), 510, OptionalInt.empty(), "self");
        applied(k.setRootEntry(0, 510, r.entryFor(k.root(0))));
        map(k, USER, 4096, 0x80_0000L, RW);
        long pde = 0x200_2010L;
        sim.memory().write(pde, sim.memory().read(pde) | 1L << 50); // beyond the 46-bit physical width
        SoftwareWalk.Result res = SoftwareWalk.run(k, r, k, USER);
        assertEquals(List.of(
                "PML4[0] 0x200_0000 at 0xffff_ff7f_bfdf_e000: lands on the entry",
                "PDPT[0] 0x200_1000 at 0xffff_ff7f_bfc0_0000: lands on the entry",
                "PD[2] 0x200_2010 at 0xffff_ff7f_8000_0010: lands on the entry"), render(res));
        assertEquals("0x40_0000 faults: reserved bit set at PD (entry 0x4000002003027): bit 50 is beyond the 46-bit "
                + "physical address width", res.target().toString());
    }
}
