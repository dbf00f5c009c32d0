package org.pt.engine.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.pt.engine.TestSpaces.applied;
import static org.pt.engine.TestSpaces.rejection;
import static org.pt.engine.TestSpaces.simulation;
import static org.pt.engine.TestSpaces.space;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Access;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.X86Format;
import org.pt.engine.model.Machine;
import org.pt.engine.walk.Translation;

/** Map, unmap, protect, compact and share on x86_64: ordering, splitting, freeing, atomicity, budgets. */
class AddressSpaceTest {

    private static final long POOL = 0x0200_0000L;
    private static final long K = 0xFFFF_8880_0000_0000L;
    private static final Attributes RW = Attributes.KERNEL_RW;
    private static final Attributes RX = Attributes.KERNEL_RX;

    private static Simulation sim() {
        return simulation(X86Format.x86_64(), POOL, 64L << 20, 1 << 16);
    }

    private static long pa(AddressSpace s, long va) {
        return assertInstanceOf(Translation.Mapped.class, s.translate(va, Access.KERNEL_READ)).pa();
    }

    private static void notMapped(AddressSpace s, long va) {
        assertInstanceOf(Translation.NotMapped.class, s.translate(va, Access.KERNEL_READ));
    }

    @Test
    void fourGibNeeds2053TablesWith4KiB5With2MiBAnd1With1GiB() {
        long[][] cases = {{4096, 2053}, {2L << 20, 5}, {1L << 30, 1}};
        for (long[] c : cases) {
            Simulation sim = sim();
            AddressSpace s = space(sim, "k");
            applied(s.map(0xFFFF_8000_0000_0000L, 4L << 30, 0, RW, PageSizePolicy.cap(c[0]), false));
            assertEquals(c[1], sim.memory().tableCount() - 1, "tables besides the root with pages of " + c[0]);
            assertEquals((c[1] + 1) * 4096, sim.memory().tableBytesInUse());
        }
    }

    @Test
    void largestPageRespectsBothVirtualAndPhysicalAlignment() {
        Simulation sim = sim();
        AddressSpace s = space(sim, "k");
        // VA 2 MiB aligned but PA only 4 KiB aligned: no 2 MiB page may be used
        applied(s.map(K, 4L << 20, 0x1000, RW, PageSizePolicy.LARGEST, false));
        assertEquals(4096, s.runs(AddressRange.ofSize(K, 4L << 20)).get(0).pageSize());
        // VA and PA 2 MiB aligned: two 2 MiB pages, no PT
        applied(s.map(K + (1L << 30), 4L << 20, 0x20_0000L, RW, PageSizePolicy.LARGEST, false));
        List<Run> runs = s.runs(AddressRange.ofSize(K + (1L << 30), 4L << 20));
        assertEquals(1, runs.size());
        assertEquals(2L << 20, runs.get(0).pageSize());
        assertEquals(2, runs.get(0).pages());
    }

    @Test
    void mapIsRejectedWithExactErrorsForBadRanges() {
        AddressSpace s = space(sim(), "k");
        assertEquals(new MappingError.Misaligned("virtual address", 0x1001, 4096),
                rejection(s.map(0x1001, 4096, 0, RW, PageSizePolicy.LARGEST, false)));
        assertEquals(new MappingError.Misaligned("size", 0x1001, 4096),
                rejection(s.map(0x1000, 0x1001, 0, RW, PageSizePolicy.LARGEST, false)));
        assertEquals(new MappingError.Misaligned("physical address", 0x800, 4096),
                rejection(s.map(0x1000, 4096, 0x800, RW, PageSizePolicy.LARGEST, false)));
        assertEquals(new MappingError.InvalidRange(0x1000, 0, false),
                rejection(s.map(0x1000, 0, 0, RW, PageSizePolicy.LARGEST, false)));
        assertEquals(new MappingError.InvalidRange(0xFFFF_FFFF_FFFF_F000L, 0x2000, false),
                rejection(s.map(0xFFFF_FFFF_FFFF_F000L, 0x2000, 0, RW, PageSizePolicy.LARGEST, false)));
        assertEquals(new MappingError.InvalidRange(0xFFFF_FFFF_FFFF_F000L, 0x2000, true),
                rejection(s.map(0x1000, 0x2000, 0xFFFF_FFFF_FFFF_F000L, RW, PageSizePolicy.LARGEST, false)));
        assertEquals(new MappingError.PhysicalBeyondWidth(1L << 46, 46),
                rejection(s.map(0x1000, 4096, 1L << 46, RW, PageSizePolicy.LARGEST, false)));
        assertEquals(new MappingError.PhysicalBeyondWidth((1L << 46) + 0xFFF, 46),
                rejection(s.map(0x1000, 0x2000, (1L << 46) - 0x1000, RW, PageSizePolicy.LARGEST, false)));
        assertEquals(new MappingError.Untranslatable(0x8000_0000_0000L, s.simulation().format()),
                rejection(s.map(0x8000_0000_0000L, 4096, 0, RW, PageSizePolicy.LARGEST, false)));
        assertEquals(new MappingError.UnsupportedPageSize("x86_64", 8192, List.of(1L << 30, 2L << 20, 4096L)),
                rejection(s.map(0x1000, 4096, 0, RW, PageSizePolicy.cap(8192), false)));
        assertEquals(new MappingError.CrossesHalves(AddressRange.inclusive(0x7FFF_FFFF_F000L, 0xFFFF_8000_0000_0FFFL)),
                rejection(s.map(0x7FFF_FFFF_F000L, 0xFFFF_8000_0000_1000L - 0x7FFF_FFFF_F000L, 0, RW,
                        PageSizePolicy.LARGEST, false)));
    }

    @Test
    void mappingTheSamePageTwiceIsANoOpButAnotherAddressIsAConflict() {
        Simulation sim = sim();
        AddressSpace s = space(sim, "k");
        applied(s.map(K, 2L << 20, 0, RW, PageSizePolicy.LARGEST, false));
        assertEquals(List.of(), applied(s.map(K + 0x1000, 0x1000, 0x1000, RW, PageSizePolicy.LARGEST, false)).events());
        AddressRange page = AddressRange.ofSize(K + 0x1000, 0x1000);
        assertEquals(new MappingError.AlreadyMapped(page, 0x1000, RW, 0x9000, RW),
                rejection(s.map(K + 0x1000, 0x1000, 0x9000, RW, PageSizePolicy.LARGEST, false)));
        assertEquals(new MappingError.AlreadyMapped(page, 0x1000, RW, 0x1000, RX),
                rejection(s.map(K + 0x1000, 0x1000, 0x1000, RX, PageSizePolicy.LARGEST, false)));
    }

    @Test
    void remapInsideAHugePageSplitsItAndPreservesTheRest() {
        Simulation sim = sim();
        AddressSpace s = space(sim, "k");
        applied(s.map(K, 1L << 30, 0, RW, PageSizePolicy.LARGEST, false));
        OpResult.Applied r = applied(s.map(K + 0x20_3000L, 0x1000, 0x7777_7000L, RW, PageSizePolicy.LARGEST, true));
        assertEquals(List.of(
                new Event.TableAllocated("PD", POOL + 0x2000, AddressRange.ofSize(K, 1L << 30)),
                new Event.Split("PDPT", POOL + 0x1000, 0, K, 1L << 30, "PD", 512, 2L << 20),
                new Event.TableAllocated("PT", POOL + 0x3000, AddressRange.ofSize(K + 0x20_0000L, 2L << 20)),
                new Event.Split("PD", POOL + 0x2000, 1, K + 0x20_0000L, 2L << 20, "PT", 512, 4096)), r.events());
        assertEquals(0x7777_7123L, pa(s, K + 0x20_3123L));
        assertEquals(0x20_2FFFL, pa(s, K + 0x20_2FFFL));
        assertEquals(0x20_4000L, pa(s, K + 0x20_4000L));
        assertEquals(0x3FFF_FFFFL, pa(s, K + 0x3FFF_FFFFL));
        assertEquals(0x1F_FFFFL, pa(s, K + 0x1F_FFFFL));
    }

    @Test
    void unmapInsideAHugePageSplitsAndEmptiedTablesAreFreed() {
        Simulation sim = sim();
        AddressSpace s = space(sim, "k");
        applied(s.map(K, 2L << 20, 0, RW, PageSizePolicy.LARGEST, false));
        OpResult.Applied r = applied(s.unmap(K + 0x1000, 0x1000));
        assertEquals(List.of(new Event.TableAllocated("PT", POOL + 0x3000, AddressRange.ofSize(K, 2L << 20)),
                new Event.Split("PD", POOL + 0x2000, 0, K, 2L << 20, "PT", 512, 4096)), r.events());
        notMapped(s, K + 0x1000);
        assertEquals(0, pa(s, K));
        assertEquals(0x2000, pa(s, K + 0x2000));
        // unmapping the rest empties the PT, then the PD, then the PDPT: all freed, root kept
        OpResult.Applied rest = applied(s.unmap(K, 2L << 20));
        assertEquals(List.of(new Event.TableFreed("PT", POOL + 0x3000, AddressRange.ofSize(K, 2L << 20)),
                new Event.TableFreed("PD", POOL + 0x2000, AddressRange.ofSize(K, 1L << 30)),
                new Event.TableFreed("PDPT", POOL + 0x1000, AddressRange.ofSize(K, 1L << 39))), rest.events());
        assertEquals(1, sim.memory().tableCount());
        assertEquals(1, sim.memory().framesInUse());
        notMapped(s, K);
    }

    @Test
    void unmappingAWholeTableRangeFreesTheSubtreeAtOnce() {
        Simulation sim = sim();
        AddressSpace s = space(sim, "k");
        applied(s.map(K, 4L << 20, 0, RW, PageSizePolicy.SMALLEST, false));
        assertEquals(5, sim.memory().tableCount());
        OpResult.Applied r = applied(s.unmap(K, 1L << 30));
        assertEquals(4, r.events().size());
        assertEquals(1, sim.memory().tableCount());
    }

    @Test
    void protectKeepsEveryPhysicalAddressAndSplitsOnlyWhereNeeded() {
        Simulation sim = sim();
        AddressSpace s = space(sim, "k");
        applied(s.map(K, 4L << 20, 0x40_0000L, RW, PageSizePolicy.LARGEST, false));
        OpResult.Applied r = applied(s.protect(K + 0x20_0000L, 0x1000, RX));
        assertEquals(List.of(new Event.TableAllocated("PT", POOL + 0x3000, AddressRange.ofSize(K + 0x20_0000L, 2L << 20)),
                new Event.Split("PD", POOL + 0x2000, 1, K + 0x20_0000L, 2L << 20, "PT", 512, 4096)), r.events());
        assertInstanceOf(Translation.Mapped.class, s.translate(K + 0x20_0000L, Access.KERNEL_EXECUTE));
        assertInstanceOf(Translation.Faulted.class, s.translate(K + 0x20_1000L, Access.KERNEL_EXECUTE));
        for (long off = 0; off < (4L << 20); off += 0x1000) {
            assertEquals(0x40_0000L + off, pa(s, K + off));
        }
        // protecting the whole first 2 MiB page needs no split
        assertEquals(List.of(), applied(s.protect(K, 2L << 20, RX)).events());
    }

    @Test
    void protectOverAHoleIsRejectedAndChangesNothing() {
        Simulation sim = sim();
        AddressSpace s = space(sim, "k");
        applied(s.map(K, 0x1000, 0, RW, PageSizePolicy.LARGEST, false));
        applied(s.map(K + 0x2000, 0x1000, 0x2000, RW, PageSizePolicy.LARGEST, false));
        assertEquals(new MappingError.NotMapped(AddressRange.ofSize(K + 0x1000, 0x1000)), rejection(s.protect(K, 0x3000, RX)));
        assertInstanceOf(Translation.Faulted.class, s.translate(K, Access.KERNEL_EXECUTE));
    }

    @Test
    void budgetExhaustionSaysHowManyFramesAndLeavesTheSpaceAsBefore() {
        Simulation sim = simulation(X86Format.x86_64(), POOL, 64L << 20, 3);
        AddressSpace s = space(sim, "k");
        assertEquals(new MappingError.BudgetExceeded(3, 1, 3), rejection(s.map(K, 0x1000, 0, RW, PageSizePolicy.LARGEST, false)));
        assertEquals(1, sim.memory().framesInUse());
        assertEquals(0, sim.memory().read(POOL + 273 * 8));
        notMapped(s, K);
        // 4 GiB with 4 KiB pages under a budget of 3: 2053 frames needed
        assertEquals(new MappingError.BudgetExceeded(2053, 1, 3),
                rejection(s.map(K, 4L << 30, 0, RW, PageSizePolicy.SMALLEST, false)));
        // 64 TiB with 4 KiB pages is refused by arithmetic, not by running out of heap:
        // 128 PDPTs + 65 536 PDs + 33 554 432 PTs
        assertEquals(new MappingError.BudgetExceeded(33_620_096, 1, 3),
                rejection(s.map(0xFFFF_8000_0000_0000L, 1L << 46, 0, RW, PageSizePolicy.SMALLEST, false)));
    }

    @Test
    void theDefaultBudgetIsAFixedNumberOfFramesAndRefusesByArithmetic() {
        List<AddressRange> gib = List.of(AddressRange.ofSize(POOL, 1L << 30));
        assertEquals(65_536, Machine.defaultFrameBudget(gib, 12), "256 MiB of 4 KiB frames");
        assertEquals(4_096, Machine.defaultFrameBudget(gib, 16), "256 MiB of 64 KiB frames");
        assertEquals(256, Machine.defaultFrameBudget(List.of(AddressRange.ofSize(POOL, 1L << 20)), 12), "the pool's frames");
        assertEquals(65_536, Machine.defaultFrameBudget(List.of(AddressRange.inclusive(0, -2L),
                AddressRange.inclusive(0, -2L)), 12), "pools near 2^64 do not overflow");
        Simulation sim = new Simulation(X86Format.x86_64(), gib, Machine.defaultFrameBudget(gib, 12));
        AddressSpace s = space(sim, "k");
        // 256 GiB of 4 KiB pages: 1 PDPT + 256 PDs + 131 072 PTs
        assertEquals(new MappingError.BudgetExceeded(131_329, 1, 65_536),
                rejection(s.map(K, 256L << 30, 0, RW, PageSizePolicy.SMALLEST, false)));
        assertEquals(1, sim.memory().framesInUse());
        assertEquals(1, sim.memory().tableCount());
    }

    @Test
    void exhaustedPoolIsReportedWithTheBytesNeeded() {
        Simulation sim = simulation(X86Format.x86_64(), POOL, 0x2000, 1 << 20);
        AddressSpace s = space(sim, "k");
        assertEquals(new MappingError.PoolExhausted(3, 12 << 10, 4 << 10),
                rejection(s.map(K, 0x1000, 0, RW, PageSizePolicy.LARGEST, false)));
        assertEquals(1, sim.memory().tableCount());
    }

    @Test
    void aConflictAnywhereRejectsTheWholeMapping() {
        Simulation sim = sim();
        AddressSpace s = space(sim, "k");
        applied(s.map(K + (3L << 30), 0x1000, 0x5000, RW, PageSizePolicy.LARGEST, false));
        int tables = sim.memory().tableCount();
        assertEquals(new MappingError.AlreadyMapped(AddressRange.ofSize(K + (3L << 30), 0x1000), 0x5000, RW, 3L << 30, RW),
                rejection(s.map(K, 4L << 30, 0, RW, PageSizePolicy.LARGEST, false)));
        assertEquals(tables, sim.memory().tableCount());
        notMapped(s, K);
        assertEquals(0x5000, pa(s, K + (3L << 30)));
    }

    @Test
    void splitRangesAreNeverMergedBackUntilCompact() {
        Simulation sim = sim();
        AddressSpace s = space(sim, "k");
        applied(s.map(K, 2L << 20, 0, RW, PageSizePolicy.LARGEST, false));
        applied(s.protect(K, 0x1000, RX));
        applied(s.protect(K, 0x1000, RW));
        assertEquals(4096, s.runs(AddressRange.ofSize(K, 2L << 20)).get(0).pageSize());
        OpResult.Applied c = applied(s.compact());
        assertEquals(List.of(new Event.Merged("PD", POOL + 0x2000, 0, K, 2L << 20, "PT", 512, 4096),
                new Event.TableFreed("PT", POOL + 0x3000, AddressRange.ofSize(K, 2L << 20))), c.events());
        assertEquals(2L << 20, s.runs(AddressRange.ofSize(K, 2L << 20)).get(0).pageSize());
        assertEquals(0x1234, pa(s, K + 0x1234));
    }

    @Test
    void sharedKernelHalfMakesAChangeReachEverySpace() {
        Simulation sim = sim();
        AddressSpace kernel = space(sim, "kernel");
        AddressSpace init = space(sim, "init");
        applied(kernel.map(K, 2L << 20, 0, RW, PageSizePolicy.LARGEST, false));
        AddressRange upper = AddressRange.inclusive(0xFFFF_8000_0000_0000L, -1L);
        OpResult.Applied shared = applied(init.share(kernel, upper));
        // both roots come first (POOL, POOL+0x1000): the kernel's PDPT is at POOL+0x2000
        assertEquals(List.of(new Event.Shared("PML4", 273, POOL + 0x2000, "kernel")), shared.events());
        assertEquals(0x1234, pa(init, K + 0x1234));
        // a change inside the shared PDPT reaches both spaces
        OpResult.Applied both = applied(kernel.map(K + (1L << 30), 0x1000, 0x9000, RW, PageSizePolicy.LARGEST, false));
        assertEquals(Set.of("kernel", "init"), both.affectedSpaces());
        assertEquals(0x9000, pa(init, K + (1L << 30)));
        // a new top-level entry is the kernel's alone: it would need syncing
        OpResult.Applied one = applied(kernel.map(0xFFFF_C000_0000_0000L, 0x1000, 0xA000, RW, PageSizePolicy.LARGEST, false));
        assertEquals(Set.of("kernel"), one.affectedSpaces());
        notMapped(init, 0xFFFF_C000_0000_0000L);
        // user mappings stay private
        applied(init.map(0x40_0000L, 0x1000, 0xB000, Attributes.of("rw").withUser(true), PageSizePolicy.LARGEST, false));
        notMapped(kernel, 0x40_0000L);
        // unmapping a shared range from one space keeps the tables the other still uses
        applied(init.unmap(K, 1L << 39));
        notMapped(init, K);
        assertEquals(0x1234, pa(kernel, K + 0x1234));
        assertEquals(1, sim.memory().table(POOL + 0x2000).references());
    }

    @Test
    void sharingOverAnEntryAlreadyInUseIsRefused() {
        Simulation sim = sim();
        AddressSpace kernel = space(sim, "kernel");
        AddressSpace init = space(sim, "init");
        applied(kernel.map(K, 0x1000, 0, RW, PageSizePolicy.LARGEST, false));
        applied(init.map(K, 0x1000, 0x1000, RW, PageSizePolicy.LARGEST, false));
        assertEquals(new MappingError.ShareAfterMapping("init", AddressRange.ofSize(0xFFFF_8880_0000_0000L, 1L << 39)),
                rejection(init.share(kernel, AddressRange.inclusive(0xFFFF_8000_0000_0000L, -1L))));
    }

    @Test
    void runsDoNotExpandARecursiveSlot() {
        Simulation sim = sim();
        AddressSpace s = space(sim, "k");
        applied(s.map(K, 8L << 20, 0x40_0000L, RW, PageSizePolicy.SMALLEST, false));
        applied(s.setRootEntry(0, 510, POOL | 0x63 | (1L << 63)));
        List<Run> runs = s.runs(AddressRange.inclusive(0xFFFF_8000_0000_0000L, -1L));
        assertEquals(List.of(new Run(AddressRange.ofSize(K, 8L << 20), 0x40_0000L, 4096, runs.get(0).permissions(),
                RW)), runs);
        assertEquals("k:rw- u:---", runs.get(0).permissions().toString());
    }

    @Test
    void setRootEntryRefusesABadIndexARawEntryThatIsNoTableAndAnEntryInUse() {
        AddressSpace s = space(sim(), "k");
        long self = POOL | 0x63 | (1L << 63);
        assertEquals(new MappingError.NoSuchEntry("PML4", 512, 512), rejection(s.setRootEntry(0, 512, self)));
        assertEquals(new MappingError.NoSuchEntry("PML4", -1, 512), rejection(s.setRootEntry(0, -1, self)));
        assertEquals(new MappingError.NotATableEntry("x86_64", 0x7000_0063L), rejection(s.setRootEntry(0, 510, 0x7000_0063L)));
        applied(s.setRootEntry(0, 510, self));
        assertEquals(new MappingError.EntryInUse("k", "PML4", 510, self), rejection(s.setRootEntry(0, 510, self | 0x4)));
    }

    @Test
    void sharingWithItselfOrAnotherMachineIsRefused() {
        AddressSpace kernel = space(sim(), "kernel");
        AddressSpace init = space(sim(), "init");
        AddressRange high = AddressRange.inclusive(0xFFFF_8000_0000_0000L, -1L);
        assertEquals(new MappingError.ShareWithSelf("kernel"), rejection(kernel.share(kernel, high)));
        assertEquals(new MappingError.ShareAcrossMachines("init", "kernel"), rejection(init.share(kernel, high)));
    }

    @Test
    void sharingCopiesTopLevelPagesThatHaveNoTableToShare() {
        Simulation sim = simulation(org.pt.engine.format.Formats.standard("x86-32").orElseThrow(), POOL, 1L << 20, 64);
        AddressSpace kernel = space(sim, "kernel");
        AddressSpace init = space(sim, "init");
        applied(kernel.map(0xC000_0000L, 8L << 20, 0, Attributes.of("rwx"), PageSizePolicy.LARGEST, false));
        OpResult.Applied r = applied(init.share(kernel, AddressRange.inclusive(0xC000_0000L, 0xFFFF_FFFFL)));
        assertEquals(List.of(new Event.Shared("PD", 768, 0, "kernel"), new Event.Shared("PD", 769, 0x40_0000L, "kernel")),
                r.events());
        assertEquals(0x40_1234L, pa(init, 0xC040_1234L));
    }

    @Test
    void runsCoalesceContiguousPagesWithEqualPermissions() {
        AddressSpace s = space(sim(), "k");
        applied(s.map(K, 0x3000, 0x10_0000L, RW, PageSizePolicy.LARGEST, false));
        applied(s.map(K + 0x3000, 0x1000, 0x10_3000L, RX, PageSizePolicy.LARGEST, false));
        applied(s.map(K + 0x5000, 0x1000, 0x10_4000L, RX, PageSizePolicy.LARGEST, false));
        List<Run> runs = s.runs(AddressRange.ofSize(K, 1L << 30));
        assertEquals(3, runs.size());
        assertEquals("0xffff_8880_0000_0000-0xffff_8880_0000_2fff -> 0x10_0000 12 KiB (3 x 4 KiB) k:rw- u:--- rw- kernel wb",
                runs.get(0).toString());
        assertEquals("0xffff_8880_0000_3000-0xffff_8880_0000_3fff -> 0x10_3000 4 KiB (1 x 4 KiB) k:r-x u:--- r-x kernel wb",
                runs.get(1).toString());
        assertEquals(0x10_4000L, runs.get(2).pa());
    }

    @Test
    void aHandWrittenEntryThatPointsAtNoTableIsRejectedNotFollowed() {
        Simulation sim = sim();
        AddressSpace s = space(sim, "k");
        applied(s.map(K, 0x1000, 0, RW, PageSizePolicy.LARGEST, false));
        // PD[0] now points at 0x7000_0000, which holds no table
        sim.memory().write(POOL + 0x2000, 0x7000_0027L);
        String why = "points at 0x7000_0000, which holds no table";
        assertEquals(new MappingError.MalformedEntry("PD", K, 0x7000_0027L, why), rejection(s.unmap(K, 0x1000)));
        assertEquals(new MappingError.MalformedEntry("PD", K + 0x1000, 0x7000_0027L, why),
                rejection(s.map(K + 0x1000, 0x1000, 0x1000, RW, PageSizePolicy.LARGEST, false)));
        assertEquals(List.of(), s.runs(AddressRange.ofSize(K, 1L << 30)));
    }

    @Test
    void aSecondSpaceWithTheSameNameIsRefused() {
        Simulation sim = sim();
        space(sim, "k");
        Simulation.Created again = sim.createSpace("k");
        assertEquals(new Simulation.Created.Refused(new MappingError.DuplicateSpace("k")), again);
    }
}
