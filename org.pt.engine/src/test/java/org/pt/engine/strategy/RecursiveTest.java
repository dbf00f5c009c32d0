package org.pt.engine.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.pt.engine.TestSpaces.applied;
import static org.pt.engine.TestSpaces.simulation;
import static org.pt.engine.TestSpaces.space;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.AArch64Format;
import org.pt.engine.format.Access;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.X86Format;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;
import org.pt.engine.walk.Translation;

/** The recursive slot's arithmetic against public facts, its entries, and its refusals. */
class RecursiveTest {

    private static final long POOL = 0x200_0000L;

    private static PagingFormat format(String name) {
        return Formats.standard(name).orElseThrow();
    }

    private static Recursive slot(PagingFormat f, int half, int slot) {
        return Recursive.topLevel(f, f.halves().get(half), slot, OptionalInt.empty(), "self");
    }

    @Test
    void x86_64Slot511PutsThePml4AtTheTopAndThePdptsBelowIt() {
        Recursive r = slot(format("x86_64"), 0, 511);
        assertEquals(0xFFFF_FFFF_FFFF_F000L, r.tableVa(0, 0));
        assertEquals(0xFFFF_FFFF_FFE0_0000L, r.tableVa(1, 0));
        // the PDPT of PML4 slot k is at 0xffff_ffff_ffe0_0000 + k * 4096
        assertEquals(0xFFFF_FFFF_FFE0_0000L + 273 * 4096, r.tableVa(1, 0xFFFF_8880_0000_0000L));
        assertEquals(0xFFFF_FFFF_FFE0_0000L + 511 * 4096, r.tableVa(1, 0xFFFF_FFFF_8000_0000L));
        // page directories from 0xffff_ffff_c000_0000, page tables from 0xffff_ff80_0000_0000
        assertEquals(0xFFFF_FFFF_C000_0000L, r.tableVa(2, 0));
        assertEquals(0xFFFF_FF80_0000_0000L, r.tableVa(3, 0));
        assertEquals(0xFFFF_FF80_0000_0000L + 2 * 4096, r.tableVa(3, 0x40_0000L));
        assertEquals(AddressRange.inclusive(0xFFFF_FF80_0000_0000L, -1L), r.slotRange());
    }

    @Test
    void installWritesTheSlotAndVerifyChecksEveryTableThroughIt() {
        PagingFormat f = format("x86_64");
        Simulation sim = simulation(f, POOL, 4L << 20, 1 << 12);
        AddressSpace k = space(sim, "kernel");
        Recursive r = slot(f, 0, 510);
        assertEquals(List.of(new Miss.NotInstalled()), r.verify(k));
        assertEquals(List.of(), r.install(k, java.util.Optional.empty()));
        assertEquals(r.entryFor(k.root(0)), sim.memory().read(k.root(0) + 510 * 8));
        applied(k.map(0x40_0000L, 4096, 0x80_0000L, Attributes.KERNEL_RW, PageSizePolicy.LARGEST, false));
        assertEquals(List.of(), r.verify(k));
        // a second install finds the slot taken: refused with the space's reason, nothing written
        List<InstallRefusal> again = slot(f, 0, 0).install(k, java.util.Optional.empty());
        assertEquals(1, again.size());
        assertEquals(InstallRefusal.Part.SLOT, again.get(0).part());
        // the tables are reached only while the slot is writable: make it read-only and verify names every table
        sim.memory().write(k.root(0) + 510 * 8, r.entryFor(k.root(0)) & ~2L);
        List<Miss> misses = r.verify(k);
        assertEquals(4, misses.size());
        Miss.Table root = (Miss.Table) misses.get(0);
        assertEquals(k.root(0), root.pa());
        assertEquals("PML4", root.level());
        assertEquals(new Location.At(0xFFFF_FF7F_BFDF_E000L), root.location());
        assertInstanceOf(SoftwareWalk.Landing.ReadOnly.class, root.landing().orElseThrow());
    }

    @Test
    void x86_64Slot510PutsThePml4At0xffffff7fbfdfe000() {
        Recursive r = slot(format("x86_64"), 0, 510);
        assertEquals(0xFFFF_FF7F_BFDF_E000L, r.tableVa(0, 0));
        assertEquals(0xFFFF_FF7F_BFC0_0000L, r.tableVa(1, 0));
        assertEquals(0xFFFF_FF7F_8000_0000L, r.tableVa(2, 0));
        assertEquals(0xFFFF_FF00_0000_2000L, r.tableVa(3, 0x40_0000L));
        assertEquals("recursive slot PML4[510]", r.describe());
    }

    @Test
    void la57Slot511TakesOnePml5EntryOf256TiB() {
        Recursive r = slot(format("x86_64-la57"), 0, 511);
        assertEquals(0xFFFF_FFFF_FFFF_F000L, r.tableVa(0, 0));
        assertEquals(0xFFFF_0000_0000_0000L, r.slotRange().start());
        assertEquals(256L << 40, r.slotRange().size());
    }

    @Test
    void i386Slot1023PutsThePageDirectoryAt0xfffff000AndPageTablesFrom0xffc00000() {
        Recursive r = slot(format("x86-32"), 0, 1023);
        assertEquals(0xFFFF_F000L, r.tableVa(0, 0));
        assertEquals(0xFFC0_0000L, r.tableVa(1, 0));
        assertEquals(0xFFC0_0000L + 768 * 4096, r.tableVa(1, 0xC000_0000L));
        assertEquals(AddressRange.inclusive(0xFFC0_0000L, 0xFFFF_FFFFL), r.slotRange());
    }

    @Test
    void aarch64Ttbr1Slot511PutsTheRootAtTheTopOfTheHalf() {
        AArch64Format f = AArch64Format.linux4k48();
        Recursive r = slot(f, 1, 511);
        assertEquals(0xFFFF_FFFF_FFFF_F000L, r.tableVa(0, 0xFFFF_0000_0000_0000L));
        assertEquals(0xFFFF_FFFF_FFE0_0000L, r.tableVa(1, 0xFFFF_0000_0000_0000L));
        assertEquals(0xFFFF_FFFF_FFE0_0000L + 256 * 4096, r.tableVa(1, 0xFFFF_8000_0000_0000L));
        assertEquals("recursive slot L0[511] of TTBR1_EL1", r.describe());
        // the self entry: table descriptor 0b11, AttrIndx 0 (Normal WB), SH=0b11, AF, nG, PXN, UXN (ignored in a
        // table descriptor, read when it is a page), PXNTable, UXNTable, APTable[0]
        assertEquals(0x3860_0000_0000_0F03L | 0x4000_0000L, r.entryFor(0x4000_0000L));
        assertEquals(0x0060_0000_0000_0F00L, f.recursiveTableBits());
    }

    @Test
    void paeUsesFourPageDirectoryEntriesOfTheTopPageDirectory() {
        PagingFormat f = format("x86-pae");
        Recursive r = Recursive.paeDirectories(f, 3, 508, "self");
        assertEquals(AddressRange.inclusive(0xFF80_0000L, 0xFFFF_FFFFL), r.slotRange());
        assertEquals("recursive entries PD[508..511] of PDPT[3]", r.describe());
        // page directories at 0xffff_c000 + i * 4096
        for (int i = 0; i < 4; i++) {
            assertEquals(0xFFFF_C000L + i * 4096L, r.tableVa(1, (long) i << 30));
        }
        // page tables from 0xff80_0000: PT (i, j) at 0xff80_0000 + (i * 512 + j) * 4096
        assertEquals(0xFF80_0000L, r.tableVa(2, 0));
        assertEquals(0xFF80_0000L + (2 * 512 + 5) * 4096L, r.tableVa(2, (2L << 30) + (5L << 21)));
        assertEquals(-1L, r.tableVa(0, 0));
        assertEquals(new VaUse(List.of(AddressRange.inclusive(0xFF80_0000L, 0xFFFF_FFFFL)),
                "recursive entries PD[508..511] of PDPT[3]", "a recursive PDPT entry would take 1 GiB, a quarter of the 4 GiB VA"),
                r.vaUse());
    }

    @Test
    void paeRefusesARecursivePdptEntryWithBothCosts() {
        Recursive r = Recursive.topLevel(format("x86-pae"), format("x86-pae").halves().get(0), 3, OptionalInt.empty(), "self");
        assertEquals(new Feasibility.Infeasible("a recursive PDPT entry would take 1 GiB, a quarter of the 4 GiB VA, read the "
                + "32-byte PDPT as a page directory whose entries 4 to 511 are the memory after it, and give read access only "
                + "(RW is reserved in PDPTEs); use four page-directory entries instead: 8 MiB such as 0xff80_0000 ..= "
                + "0xffff_ffff (8 MiB)"), r.feasibility());
    }

    @Test
    void riscVRefusesWithTheTranslationStep() {
        assertEquals(new Feasibility.Infeasible("a non-leaf PTE reached at the last level is a page fault (RISC-V "
                + "privileged spec, Sv39 translation step 4)"), slot(format("sv39"), 0, 511).feasibility());
        assertEquals(new Feasibility.Infeasible("a non-leaf PTE reached at the last level is a page fault (RISC-V "
                + "privileged spec, Sv48 translation step 4)"), slot(format("sv48"), 0, 511).feasibility());
        assertEquals(java.util.OptionalLong.empty(), format("sv39").selfMapEntry(POOL, 2));
    }

    @Test
    void armV7RefusesBecauseL1AndL2Differ() {
        assertEquals(new Feasibility.Infeasible("L1 and L2 descriptors differ in format and size (16 KiB L1 of 4096 "
                + "entries, 1 KiB L2 of 256 entries): an L1 table cannot serve as an L2 table"),
                slot(format("armv7"), 0, 4095).feasibility());
    }

    @Test
    void aarch64RootSmallerThanAPageIsRefused() {
        PagingFormat f = format("aarch64-16k");
        assertEquals(new Feasibility.Infeasible("the TTBR1_EL1 root of aarch64-16k has 2 entries (16 B), less than a "
                + "16 KiB page, and a table entry addresses whole pages"), slot(f, 1, 1).feasibility());
        assertEquals(Feasibility.FEASIBLE, slot(AArch64Format.linux4k48(), 1, 511).feasibility());
    }

    @Test
    void x86SelfEntryIsSupervisorWritableAccessedDirtyAndNotExecutable() {
        assertEquals(0x8000_0000_0200_0063L, format("x86_64").selfMapEntry(POOL, 4).getAsLong());
        assertEquals(0x8000_0000_0200_0063L, format("x86-pae").selfMapEntry(POOL, 2).getAsLong());
        assertEquals(0x0200_0063L, format("x86-32").selfMapEntry(POOL, 2).getAsLong());
    }

    /** Every table of a built x86_64 space is at the VA the arithmetic gives, kernel-writable and not executable. */
    @Test
    void everyTableOfAnX86_64SpaceLandsWhereTheArithmeticSays() {
        X86Format f = X86Format.x86_64();
        Simulation sim = simulation(f, POOL, 4L << 20, 1 << 12);
        AddressSpace k = space(sim, "kernel");
        Half h = f.halves().get(0);
        Recursive r = slot(f, 0, 510);
        applied(k.setRootEntry(0, 510, r.entryFor(k.root(0))));
        applied(k.map(0x40_0000L, 4096, 0x80_0000L, Attributes.KERNEL_RW, PageSizePolicy.LARGEST, false));
        applied(k.map(0xFFFF_FFFF_8000_0000L, 4096, 0x100_0000L, Attributes.KERNEL_RX, PageSizePolicy.LARGEST, false));
        long[][] expected = {
            // depth, target VA, table PA
            {0, 0x40_0000L, 0x200_0000L}, {1, 0x40_0000L, 0x200_1000L}, {2, 0x40_0000L, 0x200_2000L},
            {3, 0x40_0000L, 0x200_3000L}, {1, 0xFFFF_FFFF_8000_0000L, 0x200_4000L},
            {2, 0xFFFF_FFFF_8000_0000L, 0x200_5000L}, {3, 0xFFFF_FFFF_8000_0000L, 0x200_6000L},
        };
        for (long[] e : expected) {
            Location loc = r.locate(k, k, h, (int) e[0], e[1], e[2]);
            long va = assertInstanceOf(Location.At.class, loc).va();
            Translation t = k.translate(va, Access.KERNEL_WRITE);
            assertEquals(e[2], assertInstanceOf(Translation.Mapped.class, t).pa(), Unsigned.hex(va));
            assertEquals("k:rw- u:---", assertInstanceOf(Translation.Mapped.class, t).permissions().toString(),
                    Unsigned.hex(va));
        }
        assertInstanceOf(Translation.Faulted.class, k.translate(r.tableVa(3, 0x40_0000L), Access.USER_READ));
    }
}
