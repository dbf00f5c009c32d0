package org.pt.engine.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pt.engine.TestSpaces.applied;
import static org.pt.engine.TestSpaces.simulation;
import static org.pt.engine.TestSpaces.space;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.ArmV7ShortFormat;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Half;
import org.pt.engine.format.X86Format;

/** The one traversal: exact calls on known x86_64 and ARMv7 trees, ranges, self-maps, sharing, counts. */
class TableTreeTest {

    private static final long POOL = 0x0200_0000L;
    private static final long K = 0xFFFF_8880_0000_0000L;
    private static final long GIB = 1L << 30;
    private static final long MIB2 = 2L << 20;
    private static final long NX = 1L << 63;
    private static final Attributes RW = Attributes.KERNEL_RW;
    private static final Attributes RX = Attributes.KERNEL_RX;

    private static Simulation sim() {
        return simulation(X86Format.x86_64(), POOL, 64L << 20, 1 << 16);
    }

    /** Every call of a traversal, one line each. */
    private static final class Calls implements TableTree.Visitor {
        final List<String> lines = new ArrayList<>();

        @Override
        public boolean table(Half half, int depth, long pa, long va, long last, int references) {
            lines.add("table " + half.geometry().level(depth).name() + " " + Unsigned.hex(pa) + " " + Unsigned.hex(va)
                    + ".." + Unsigned.hex(last) + " refs " + references);
            return true;
        }

        @Override
        public void leaves(Half half, int depth, long table, int index, int count, long raw, long increment, long va,
                long pageSize) {
            lines.add("leaves " + half.geometry().level(depth).name() + " " + Unsigned.hex(table) + "[" + index + "] x"
                    + count + " " + Unsigned.rawHex(raw) + " +" + Unsigned.rawHex(increment) + " " + Unsigned.hex(va)
                    + " " + pageSize);
        }

        @Override
        public void selfMap(Half half, int depth, long table, int index, long raw, long va) {
            lines.add("self " + half.geometry().level(depth).name() + " " + Unsigned.hex(table) + "[" + index + "] "
                    + Unsigned.rawHex(raw) + " " + Unsigned.hex(va));
        }
    }

    /**
     * PT[0..2] rw from 0x10_0000, PT[3] r-x, PT[5] rw; a 2 MiB page at PD[1]; a 1 GiB page at PDPT[1]. Tables: the root
     * at POOL, then PDPT, PD and PT in the order the first map needs them.
     */
    private static AddressSpace mixed(Simulation sim) {
        AddressSpace s = space(sim, "k");
        applied(s.map(K, 0x3000, 0x10_0000L, RW, PageSizePolicy.LARGEST, false));
        applied(s.map(K + 0x3000, 0x1000, 0x10_3000L, RX, PageSizePolicy.LARGEST, false));
        applied(s.map(K + 0x5000, 0x1000, 0x10_5000L, RW, PageSizePolicy.LARGEST, false));
        applied(s.map(K + MIB2, MIB2, MIB2, RW, PageSizePolicy.LARGEST, false));
        applied(s.map(K + GIB, GIB, GIB, RW, PageSizePolicy.LARGEST, false));
        return s;
    }

    @Test
    void aWholeSpaceIsEveryTableRootFirstAndLinearLeavesInGroups() {
        Simulation sim = sim();
        AddressSpace s = mixed(sim);
        Calls c = new Calls();
        sim.tree().visit(s, c);
        assertEquals(List.of(
                "table PML4 0x200_0000 0x0..0xffff_ffff_ffff_ffff refs 1",
                "table PDPT 0x200_1000 0xffff_8880_0000_0000..0xffff_88ff_ffff_ffff refs 1",
                "table PD 0x200_2000 0xffff_8880_0000_0000..0xffff_8880_3fff_ffff refs 1",
                "table PT 0x200_3000 0xffff_8880_0000_0000..0xffff_8880_001f_ffff refs 1",
                "leaves PT 0x200_3000[0] x3 0x8000000000100063 +0x1000 0xffff_8880_0000_0000 4096",
                "leaves PT 0x200_3000[3] x1 0x103061 +0x0 0xffff_8880_0000_3000 4096",
                "leaves PT 0x200_3000[5] x1 0x8000000000105063 +0x0 0xffff_8880_0000_5000 4096",
                "leaves PD 0x200_2000[1] x1 0x80000000002000e3 +0x0 0xffff_8880_0020_0000 2097152",
                "leaves PDPT 0x200_1000[1] x1 0x80000000400000e3 +0x0 0xffff_8880_4000_0000 1073741824"), c.lines);
    }

    /**
     * A page table written whole by one linear run is one group read from its first entry alone
     * ({@link org.pt.engine.memory.PhysicalMemory#isLinearFrame}); any later write of the frame (here one entry
     * written directly, then the table freed and allocated again) makes the traversal read its entries again.
     */
    @Test
    void aTableWrittenByOneRunIsOneGroupUntilAnyWriteOfItsFrame() {
        Simulation sim = sim();
        AddressSpace s = space(sim, "k");
        applied(s.map(K, MIB2, 0x40_0000L, RW, PageSizePolicy.SMALLEST, false));
        long pt = POOL + 0x3000;
        assertEquals(true, sim.memory().isLinearFrame(pt, 0x1000));
        Calls c = new Calls();
        sim.tree().visit(s, AddressRange.ofSize(K, MIB2), c);
        assertEquals(List.of("leaves PT 0x200_3000[0] x512 0x8000000000400063 +0x1000 0xffff_8880_0000_0000 4096"),
                c.lines.subList(4, c.lines.size()));
        sim.memory().write(pt + 8 * 7, sim.memory().read(pt + 8 * 7) + 0x1000); // PT[7] maps what PT[8] maps
        assertEquals(false, sim.memory().isLinearFrame(pt, 0x1000));
        Calls after = new Calls();
        sim.tree().visit(s, AddressRange.ofSize(K, MIB2), after);
        assertEquals(List.of("leaves PT 0x200_3000[0] x7 0x8000000000400063 +0x1000 0xffff_8880_0000_0000 4096",
                "leaves PT 0x200_3000[7] x1 0x8000000000408063 +0x0 0xffff_8880_0000_7000 4096",
                "leaves PT 0x200_3000[8] x504 0x8000000000408063 +0x1000 0xffff_8880_0000_8000 4096"),
                after.lines.subList(4, after.lines.size()));
        applied(s.unmap(K, MIB2));
        applied(s.map(K, MIB2, 0x40_0000L, RW, PageSizePolicy.SMALLEST, false));
        assertEquals(true, sim.memory().isLinearFrame(pt, 0x1000), "the same run wrote the same table again");
        applied(s.protect(K + 0x1000, 0x1000, RX));
        assertEquals(false, sim.memory().isLinearFrame(pt, 0x1000));
    }

    @Test
    void aRangeReadsOnlyTheEntriesOverlappingItAndReportsEdgeEntriesWhole() {
        Simulation sim = sim();
        AddressSpace s = mixed(sim);
        Calls c = new Calls();
        // from the middle of PT[2] to the first 4 KiB of the 2 MiB page: PDPT[1] (the 1 GiB page) is never read
        sim.tree().visit(s, AddressRange.inclusive(K + 0x2800, K + MIB2 + 0xfff), c);
        assertEquals(List.of(
                "table PML4 0x200_0000 0x0..0xffff_ffff_ffff_ffff refs 1",
                "table PDPT 0x200_1000 0xffff_8880_0000_0000..0xffff_88ff_ffff_ffff refs 1",
                "table PD 0x200_2000 0xffff_8880_0000_0000..0xffff_8880_3fff_ffff refs 1",
                "table PT 0x200_3000 0xffff_8880_0000_0000..0xffff_8880_001f_ffff refs 1",
                "leaves PT 0x200_3000[2] x1 0x8000000000102063 +0x0 0xffff_8880_0000_2000 4096",
                "leaves PT 0x200_3000[3] x1 0x103061 +0x0 0xffff_8880_0000_3000 4096",
                "leaves PT 0x200_3000[5] x1 0x8000000000105063 +0x0 0xffff_8880_0000_5000 4096",
                "leaves PD 0x200_2000[1] x1 0x80000000002000e3 +0x0 0xffff_8880_0020_0000 2097152"), c.lines);
        Calls none = new Calls();
        sim.tree().visit(s, AddressRange.ofSize(0x1000, 0x1000), none);
        assertEquals(List.of("table PML4 0x200_0000 0x0..0xffff_ffff_ffff_ffff refs 1"), none.lines);
    }

    @Test
    void runsAreClippedToTheRangeAndMergedAcrossGroupsAndTables() {
        Simulation sim = sim();
        AddressSpace s = mixed(sim);
        assertEquals(List.of(
                "0xffff_8880_0000_2800-0xffff_8880_0000_2fff -> 0x10_2800 2 KiB (0 x 4 KiB) k:rw- u:--- rw- kernel wb",
                "0xffff_8880_0000_3000-0xffff_8880_0000_3fff -> 0x10_3000 4 KiB (1 x 4 KiB) k:r-x u:--- r-x kernel wb",
                "0xffff_8880_0000_5000-0xffff_8880_0000_5fff -> 0x10_5000 4 KiB (1 x 4 KiB) k:rw- u:--- rw- kernel wb",
                "0xffff_8880_0020_0000-0xffff_8880_0020_0fff -> 0x20_0000 4 KiB (0 x 2 MiB) k:rw- u:--- rw- kernel wb"),
                s.runs(AddressRange.inclusive(K + 0x2800, K + MIB2 + 0xfff)).stream().map(Run::toString).toList());
        // 4 KiB pages of two PTs, contiguous in VA and PA, are one run
        AddressSpace t = space(sim, "t");
        applied(t.map(K + MIB2 - 0x2000, 0x4000, 0x80_0000L, RW, PageSizePolicy.SMALLEST, false));
        assertEquals(List.of(new Run(AddressRange.ofSize(K + MIB2 - 0x2000, 0x4000), 0x80_0000L, 4096,
                t.runs(AddressRange.ofSize(K, GIB)).get(0).permissions(), RW)), t.runs(AddressRange.ofSize(K, GIB)));
    }

    @Test
    void tablesPerLevelCountEveryLevelAndReadNoPageTable() {
        Simulation sim = sim();
        AddressSpace s = space(sim, "k");
        applied(s.map(0xFFFF_8000_0000_0000L, 4 * GIB, 0, RW, PageSizePolicy.SMALLEST, false));
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("PML4", 1L);
        expected.put("PDPT", 1L);
        expected.put("PD", 4L);
        expected.put("PT", 2048L);
        assertEquals(expected, s.tablesPerLevel());
        assertEquals(2054, sim.tree().tables(s).size());
        assertEquals(sim.memory().tableCount(), sim.tree().tables(s).size());
    }

    @Test
    void aRecursiveSlotAndAnEntryPointingAtATableOfItsOwnLevelAreReportedNotFollowed() {
        Simulation sim = sim();
        AddressSpace s = space(sim, "k");
        applied(s.map(K, 0x1000, 0x40_0000L, RW, PageSizePolicy.LARGEST, false));
        applied(s.setRootEntry(0, 510, POOL | 0x63 | NX));
        // PD[7] points at the PD itself: a table of its own level where a PT belongs
        sim.memory().write(POOL + 0x2000 + 7 * 8, (POOL + 0x2000) | 0x63);
        Calls c = new Calls();
        sim.tree().visit(s, c);
        assertEquals(List.of(
                "table PML4 0x200_0000 0x0..0xffff_ffff_ffff_ffff refs 2",
                "table PDPT 0x200_1000 0xffff_8880_0000_0000..0xffff_88ff_ffff_ffff refs 1",
                "table PD 0x200_2000 0xffff_8880_0000_0000..0xffff_8880_3fff_ffff refs 1",
                "table PT 0x200_3000 0xffff_8880_0000_0000..0xffff_8880_001f_ffff refs 1",
                "leaves PT 0x200_3000[0] x1 0x8000000000400063 +0x0 0xffff_8880_0000_0000 4096",
                "self PD 0x200_2000[7] 0x2002063 0xffff_8880_00e0_0000",
                "self PML4 0x200_0000[510] 0x8000000002000063 0xffff_ff00_0000_0000"), c.lines);
        assertEquals(4, sim.tree().tables(s).size());
        assertEquals(1, s.runs(AddressRange.inclusive(0xFFFF_8000_0000_0000L, -1L)).size());
    }

    @Test
    void sharedTablesShowTheirReferencesAndEverySpaceHoldingThem() {
        Simulation sim = sim();
        AddressSpace kernel = space(sim, "kernel");
        AddressSpace init = space(sim, "init");
        applied(kernel.map(K, 0x1000, 0, RW, PageSizePolicy.LARGEST, false));
        applied(init.share(kernel, AddressRange.inclusive(0xFFFF_8000_0000_0000L, -1L)));
        applied(init.map(0x40_0000L, 0x1000, 0x1000, Attributes.of("rw").withUser(true), PageSizePolicy.LARGEST, false));
        Calls c = new Calls();
        sim.tree().visit(init, c);
        assertEquals(List.of(
                "table PML4 0x200_1000 0x0..0xffff_ffff_ffff_ffff refs 1",
                "table PDPT 0x200_5000 0x0..0x7f_ffff_ffff refs 1",
                "table PD 0x200_6000 0x0..0x3fff_ffff refs 1",
                "table PT 0x200_7000 0x40_0000..0x5f_ffff refs 1",
                "leaves PT 0x200_7000[0] x1 0x8000000000001067 +0x0 0x40_0000 4096",
                "table PDPT 0x200_2000 0xffff_8880_0000_0000..0xffff_88ff_ffff_ffff refs 2",
                "table PD 0x200_3000 0xffff_8880_0000_0000..0xffff_8880_3fff_ffff refs 1",
                "table PT 0x200_4000 0xffff_8880_0000_0000..0xffff_8880_001f_ffff refs 1",
                "leaves PT 0x200_4000[0] x1 0x8000000000000063 +0x0 0xffff_8880_0000_0000 4096"), c.lines);
        Map<Long, Set<String>> holders = sim.tree().holders(sim.spaces());
        assertEquals(Set.of("kernel"), holders.get(POOL));
        assertEquals(Set.of("init"), holders.get(POOL + 0x1000));
        for (long shared : new long[] {POOL + 0x2000, POOL + 0x3000, POOL + 0x4000}) {
            assertEquals(Set.of("init", "kernel"), holders.get(shared), Unsigned.hex(shared));
        }
        assertEquals(Set.of("init"), holders.get(POOL + 0x7000));
        assertEquals(8, holders.size());
    }

    @Test
    void armV7LargePageEntriesAreEachReportedWithTheSpanAndListedAsOneRun() {
        Simulation sim = simulation(ArmV7ShortFormat.standard(), POOL, 1L << 20, 64);
        AddressSpace s = space(sim, "k");
        Attributes r = Attributes.of("r");
        applied(s.map(0x0020_0000L, 64 << 10, 0x1C01_0000L, r, PageSizePolicy.LARGEST, false));
        applied(s.map(0x0021_0000L, 0x2000, 0x1C02_0000L, r, PageSizePolicy.SMALLEST, false));
        Calls c = new Calls();
        sim.tree().visit(s, AddressRange.ofSize(0x0020_0000L, 0x1_2000L), c);
        List<String> expected = new ArrayList<>(List.of("table L1 0x200_0000 0x0..0xffff_ffff refs 1",
                "table L2 0x200_4000 0x20_0000..0x2f_ffff refs 1"));
        for (int i = 0; i < 16; i++) {
            // a large page is sixteen identical entries (B3.5.1), each translating its own 4 KiB of the 64 KiB
            expected.add("leaves L2 0x200_4000[" + i + "] x1 0x1c019e1d +0x0 " + Unsigned.hex(0x20_0000L + i * 0x1000L)
                    + " 65536");
        }
        expected.add("leaves L2 0x200_4000[16] x2 0x1c020e5f +0x1000 0x21_0000 4096");
        assertEquals(expected, c.lines);
        List<Run> runs = s.runs(AddressRange.ofSize(0x0020_0000L, 1L << 20));
        assertEquals(List.of("0x20_0000-0x20_ffff -> 0x1c01_0000 64 KiB (1 x 64 KiB)",
                "0x21_0000-0x21_1fff -> 0x1c02_0000 8 KiB (2 x 4 KiB)"),
                runs.stream().map(x -> x.toString().substring(0, x.toString().indexOf(')') + 1)).toList());
    }

    @Test
    void aRangeInsideTtbr1NeverReportsTheTtbr0Root() {
        Simulation sim = simulation(org.pt.engine.format.AArch64Format.linux4k48(), POOL, 1L << 20, 64);
        AddressSpace s = space(sim, "k");
        long high = 0xFFFF_0000_0000_0000L;
        applied(s.map(high, 0x2000, 0x8000_0000L, RW, PageSizePolicy.SMALLEST, false));
        applied(s.map(0x1000, 0x1000, 0x9000_0000L, RW, PageSizePolicy.SMALLEST, false));
        Calls c = new Calls();
        sim.tree().visit(s, AddressRange.ofSize(high, 1L << 30), c);
        assertEquals(List.of("table L0 " + Unsigned.hex(s.root(1)) + " 0xffff_0000_0000_0000..0xffff_ffff_ffff_ffff refs 1",
                "table L1 " + Unsigned.hex(POOL + 0x2000) + " 0xffff_0000_0000_0000..0xffff_007f_ffff_ffff refs 1",
                "table L2 " + Unsigned.hex(POOL + 0x3000) + " 0xffff_0000_0000_0000..0xffff_0000_3fff_ffff refs 1",
                "table L3 " + Unsigned.hex(POOL + 0x4000) + " 0xffff_0000_0000_0000..0xffff_0000_001f_ffff refs 1"),
                c.lines.subList(0, 4));
        assertEquals(5, c.lines.size());
        assertEquals(List.of(0x1000L), s.runs(AddressRange.ofSize(0, 1L << 30)).stream().map(r -> r.va().start()).toList());
    }
}
