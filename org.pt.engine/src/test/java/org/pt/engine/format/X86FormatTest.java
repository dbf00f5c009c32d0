package org.pt.engine.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.pt.engine.TestSpaces.applied;
import static org.pt.engine.TestSpaces.rejection;
import static org.pt.engine.TestSpaces.simulation;
import static org.pt.engine.TestSpaces.space;

import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.space.MappingError;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.MappingError;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;
import org.pt.engine.walk.FaultKind;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkResult;
import org.pt.engine.walk.WalkTrace;

/**
 * Bit-exact x86 entries (Intel SDM vol. 3A, 4.3 32-bit paging tables 4-4..4-6, 4.4 PAE tables 4-8..4-11,
 * 4.5 4-level/5-level tables 4-15..4-20) and the walk's faults (4.7).
 */
class X86FormatTest {

    private static final long POOL = 0x0200_0000L;
    private static final Attributes KRW = Attributes.KERNEL_RW;

    private static X86Format x64() {
        return X86Format.x86_64();
    }

    private static Translation.Faulted faulted(Translation t) {
        return assertInstanceOf(Translation.Faulted.class, t);
    }

    @Test
    void kernelDataPageHasPresentWritableAccessedDirtyAndExecuteDisable() {
        Simulation sim = simulation(x64(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0xFFFF_8880_1234_5000L, 4096, 0x1234_5000L, KRW, PageSizePolicy.LARGEST, false));
        // PML4 index 273, tables at POOL+0x1000 (PDPT), +0x2000 (PD), +0x3000 (PT)
        PhysicalMemory m = sim.memory();
        // table entries: address | P | RW | US | A = 0x27
        assertEquals(0x0200_1027L, m.read(POOL + 273 * 8));
        assertEquals(0x0200_2027L, m.read(POOL + 0x1000));
        assertEquals(0x0200_3027L, m.read(POOL + 0x2000 + 145 * 8));
        // leaf: XD(63) | addr | D(6) | A(5) | RW(1) | P(0)
        assertEquals(0x8000_0000_1234_5063L, m.read(POOL + 0x3000 + 325 * 8));
    }

    @Test
    void largePagesSetPageSizeBitAtPdAndPdpt() {
        Simulation sim = simulation(x64(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0xFFFF_8880_0000_0000L, 1L << 30, 0, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0xFFFF_8880_4000_0000L, 2L << 20, 0x4000_0000L, KRW, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        // 1 GiB page: XD | PS(7) | D | A | RW | P = 0x8000_0000_0000_00e3
        assertEquals(0x8000_0000_0000_00E3L, m.read(POOL + 0x1000));
        // PDPT[1] -> new PD at POOL+0x2000, PD[0] = 2 MiB page at 0x4000_0000
        assertEquals(0x0200_2027L, m.read(POOL + 0x1000 + 8));
        assertEquals(0x8000_0000_4000_00E3L, m.read(POOL + 0x2000));
    }

    @Test
    void userGlobalExecutablePageHasUserAndGlobalAndNoExecuteDisable() {
        Simulation sim = simulation(x64(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        Attributes a = Attributes.of("rx").withUser(true).withGlobal(true);
        applied(s.map(0x40_0000L, 4096, 0x5000, a, PageSizePolicy.LARGEST, false));
        // G(8) | D | A | US(2) | P = 0x165
        assertEquals(0x5165L, sim.memory().read(POOL + 0x3000));
        WalkTrace t = s.walk(0x40_0123L, Access.USER_EXECUTE);
        Translation.Mapped mapped = assertInstanceOf(Translation.Mapped.class, t.result());
        assertEquals(0x5123L, mapped.pa());
        assertEquals("k:r-x u:r-x", mapped.permissions().toString());
        assertEquals(List.of("PML4[0]", "PDPT[0]", "PD[2]", "PT[0]"),
                t.steps().stream().map(x -> x.level() + "[" + x.index() + "]").collect(Collectors.toList()));
        assertEquals(0x5165L, t.steps().get(3).entry().raw());
    }

    @Test
    void patBitMovesFromBit7InSmallPagesToBit12InLargePages() {
        X86Format f = X86Format.of(X86Format.Mode.LONG_4, 46, EnumSet.of(Feature.NX), X86Format.LINUX_PAT);
        Simulation sim = simulation(f, POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        Attributes wt = KRW.withCache(CacheType.WRITE_THROUGH);
        // Linux PAT: WT is entry 7 = PAT:PCD:PWT = 1:1:1
        applied(s.map(0x20_0000L, 2L << 20, 0x20_0000L, wt, PageSizePolicy.LARGEST, false));
        applied(s.map(0x40_0000L, 4096, 0x3000, wt, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        // 2 MiB: XD | PAT(12) | PS | D | A | PCD | PWT | RW | P
        assertEquals(0x8000_0000_0020_10FBL, m.read(POOL + 0x2000 + 8));
        // 4 KiB: XD | PAT(7) | D | A | PCD | PWT | RW | P, in the PT allocated for PD[2]
        assertEquals(0x8000_0000_0000_30FBL, m.read(POOL + 0x3000));
        assertEquals(CacheType.WRITE_THROUGH, f.leafAttributes(m.read(POOL + 0x3000), 1).cache());
        assertEquals(CacheType.WRITE_THROUGH, f.leafAttributes(m.read(POOL + 0x2000 + 8), 2).cache());
        // Linux PAT: WC is entry 1 = PWT only
        applied(s.map(0x40_1000L, 4096, 0x4000, KRW.withCache(CacheType.WRITE_COMBINING), PageSizePolicy.LARGEST, false));
        assertEquals(0x8000_0000_0000_406BL, m.read(POOL + 0x3008));
    }

    @Test
    void unexpressibleCombinationsNameFormatAndCombination() {
        assertEquals("x86_64 cannot express '-w- kernel wb': write without read (every present x86 page is readable)",
                x64().check(Attributes.of("w")).orElseThrow().message());
        assertEquals("x86_64 cannot express '--x kernel wb': execute-only pages (every present x86 page is readable)",
                x64().check(Attributes.of("x")).orElseThrow().message());
        assertEquals("x86_64 cannot express 'rw- kernel wc': memory type wc (no PAT entry is programmed as WC; the PAT is "
                + "[WB, WT, UC_MINUS, UC, WB, WT, UC_MINUS, UC])",
                x64().check(KRW.withCache(CacheType.WRITE_COMBINING)).orElseThrow().message());
        X86Format i386 = X86Format.of(X86Format.Mode.LEGACY_32, 32, EnumSet.of(Feature.PSE), X86Format.POWER_ON_PAT);
        assertEquals("x86-32 cannot express 'rw- kernel wb': no-execute (32-bit paging has no XD bit; use PAE or x86_64 with NX)",
                i386.check(KRW).orElseThrow().message());
        X86Format noNx = X86Format.of(X86Format.Mode.LONG_4, 46, EnumSet.noneOf(Feature.class), X86Format.POWER_ON_PAT);
        assertEquals("x86_64 cannot express 'rw- kernel wb': no-execute without the NX feature (EFER.NXE)",
                noNx.check(KRW).orElseThrow().message());
        assertEquals("x86_64 cannot express 'rwx kernel global wb': global pages without the global-pages feature (CR4.PGE)",
                noNx.check(Attributes.of("rwx").withGlobal(true)).orElseThrow().message());
    }

    @Test
    void featuresThatAreNotX86OrNotOfThisModeAreRefused() {
        assertEquals("x86_64 has no feature pan (x86 features: nx, page_1g, pse, pse36, global_pages, smep, smap)",
                assertThrows(IllegalArgumentException.class, () -> X86Format.of(X86Format.Mode.LONG_4, 46,
                        EnumSet.of(Feature.PAN), X86Format.POWER_ON_PAT)).getMessage());
        assertEquals("x86-32 has no nx: the execute-disable bit needs PAE or long mode",
                assertThrows(IllegalArgumentException.class, () -> X86Format.of(X86Format.Mode.LEGACY_32, 32,
                        EnumSet.of(Feature.NX), X86Format.POWER_ON_PAT)).getMessage());
        assertEquals("x86-pae has no page_1g: 1 GiB pages exist only in 4- and 5-level paging",
                assertThrows(IllegalArgumentException.class, () -> X86Format.of(X86Format.Mode.PAE, 36,
                        EnumSet.of(Feature.PAGE_1G), X86Format.POWER_ON_PAT)).getMessage());
        assertEquals("x86_64 has no pse: 4 MiB pages exist only in 32-bit paging (x86_64 has 2 MiB pages)",
                assertThrows(IllegalArgumentException.class, () -> X86Format.of(X86Format.Mode.LONG_4, 46,
                        EnumSet.of(Feature.PSE), X86Format.POWER_ON_PAT)).getMessage());
        assertEquals("pse36 needs pse: it widens the addresses of 4 MiB pages",
                assertThrows(IllegalArgumentException.class, () -> X86Format.of(X86Format.Mode.LEGACY_32, 36,
                        EnumSet.of(Feature.PSE36), X86Format.POWER_ON_PAT)).getMessage());
    }

    @Test
    void mapRejectsUnexpressibleAttributesWithoutTouchingTables() {
        Simulation sim = simulation(x64(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        assertEquals(new MappingError.UnsupportedAttributes(new AttributeError("x86_64", Attributes.of("w"),
                "write without read (every present x86 page is readable)")),
                rejection(s.map(0x1000, 4096, 0x1000, Attributes.of("w"), PageSizePolicy.LARGEST, false)));
        assertEquals(1, sim.memory().tableCount());
    }

    @Test
    void paeHas32BytePdptWhoseEntriesHoldOnlyPresentAndCacheBits() {
        X86Format pae = X86Format.of(X86Format.Mode.PAE, 36, EnumSet.of(Feature.NX), X86Format.POWER_ON_PAT);
        Simulation sim = simulation(pae, 0x10_0000L, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        assertEquals(0x10_0000L, s.root(0));
        assertEquals(32, sim.memory().table(0x10_0000L).bytes());
        applied(s.map(0, 2L << 20, 0, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0xC000_0000L, 4096, 0x7000, Attributes.of("rwx"), PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        assertEquals(0x10_1001L, m.read(0x10_0000L));
        assertEquals(0x8000_0000_0000_00E3L, m.read(0x10_1000L));
        assertEquals(0x10_2001L, m.read(0x10_0000L + 3 * 8));
        assertEquals(0x10_3027L, m.read(0x10_2000L));
        assertEquals(0x7063L, m.read(0x10_3000L));
        WalkTrace t = s.walk(0xC000_0ABCL, Access.KERNEL_WRITE);
        assertEquals(List.of("PDPT", "PD", "PT"), t.steps().stream().map(x -> x.level()).collect(Collectors.toList()));
        assertEquals(0x7ABCL, assertInstanceOf(Translation.Mapped.class, t.result()).pa());
    }

    @Test
    void legacy32BitUsesFourByteEntriesAndPse36PutsHighAddressBitsAt13() {
        X86Format i386 = X86Format.of(X86Format.Mode.LEGACY_32, 36, EnumSet.of(Feature.PSE, Feature.PSE36),
                X86Format.POWER_ON_PAT);
        Simulation sim = simulation(i386, 0x10_0000L, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        Attributes rwx = Attributes.of("rwx");
        applied(s.map(0xC000_0000L, 4L << 20, 0x1_0040_0000L, rwx, PageSizePolicy.LARGEST, false));
        applied(s.map(0x1000, 4096, 0x5000, rwx, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        // PDE 768: PA[31:22]=0x004 at 31:22, PA[35:32]=1 at bit 13, PS | D | A | RW | P
        assertEquals(0x0040_20E3L, m.read(0x10_0000L + 768 * 4));
        assertEquals(0x10_1027L, m.read(0x10_0000L));
        assertEquals(0x5063L, m.read(0x10_1000L + 4));
        Translation.Mapped big = assertInstanceOf(Translation.Mapped.class, s.translate(0xC012_3456L, Access.KERNEL_READ));
        assertEquals(0x1_0052_3456L, big.pa());
        assertEquals(4L << 20, big.pageSize());
    }

    @Test
    void fiveLevelWalkStartsAtPml5() {
        X86Format la57 = X86Format.of(X86Format.Mode.LONG_5, 52, EnumSet.of(Feature.NX, Feature.PAGE_1G), X86Format.POWER_ON_PAT);
        Simulation sim = simulation(la57, POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0xFF11_0000_0000_0000L, 4096, 0xF_0000_0000_0000L, KRW, PageSizePolicy.LARGEST, false));
        WalkTrace t = s.walk(0xFF11_0000_0000_0010L, Access.KERNEL_READ);
        assertEquals(List.of("PML5[273]", "PML4[0]", "PDPT[0]", "PD[0]", "PT[0]"),
                t.steps().stream().map(x -> x.level() + "[" + x.index() + "]").collect(Collectors.toList()));
        assertEquals(0xF_0000_0000_0010L, assertInstanceOf(Translation.Mapped.class, t.result()).pa());
        assertEquals(0x800F_0000_0000_0063L, t.steps().get(4).entry().raw());
        // the translation-only walk (five levels read in its loop) finds the same page
        assertEquals(0xF_0000_0000_0010L,
                assertInstanceOf(Translation.Mapped.class, s.translate(0xFF11_0000_0000_0010L, Access.KERNEL_READ)).pa());
        WalkResult r = new WalkResult();
        assertEquals(true, s.translate(0xFF11_0000_0000_0FF8L, Access.KERNEL_WRITE, r));
        assertEquals(0xF_0000_0000_0FF8L, r.pa());
        assertEquals(false, s.translate(0xFF11_0000_0000_1000L, Access.KERNEL_READ, r));
        assertEquals("PT", r.translation() instanceof Translation.NotMapped n ? n.level() : r.translation().toString());
        assertEquals("0x100_0000_0000_0000 is non-canonical: bits 63:56 must all equal bit 56",
                faulted(s.translate(0x0100_0000_0000_0000L, Access.KERNEL_READ)).fault().detail());
    }

    @Test
    void nonCanonicalAddressFaultsBeforeAnyRead() {
        AddressSpace s = space(simulation(x64(), POOL, 1 << 20, 64), "k");
        WalkTrace t = s.walk(0x8000_0000_0000L, Access.KERNEL_READ);
        assertEquals(0, t.steps().size());
        Translation.Faulted f = faulted(t.result());
        assertEquals(FaultKind.NON_CANONICAL, f.fault().kind());
        assertEquals("0x8000_0000_0000 is non-canonical: bits 63:47 must all equal bit 47", f.fault().detail());
    }

    @Test
    void absentEntryIsNotMappedAtItsLevel() {
        AddressSpace s = space(simulation(x64(), POOL, 1 << 20, 64), "k");
        Translation.NotMapped n = assertInstanceOf(Translation.NotMapped.class, s.translate(0x1000, Access.KERNEL_READ));
        assertEquals("PML4", n.level());
    }

    @Test
    void reservedBitsFaultWithTheBitNamed() {
        Simulation sim = simulation(x64(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x20_0000L, 2L << 20, 0x20_0000L, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0x1000, 4096, 0x1000, KRW, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        long pd1 = POOL + 0x2000 + 8;
        long pt1 = POOL + 0x3000 + 8;
        // PA bit 50 beyond MAXPHYADDR 46
        m.write(pt1, 0x8004_0000_0000_1063L);
        Translation.Faulted f = faulted(s.translate(0x1000, Access.KERNEL_READ));
        assertEquals(FaultKind.RESERVED_BIT, f.fault().kind());
        assertEquals("PT", f.fault().level());
        assertEquals("bit 50 is beyond the 46-bit physical address width", f.fault().detail());
        // 2 MiB page whose address has bit 13 set
        m.write(pd1, 0x8000_0000_0020_20E3L);
        assertEquals("bit 13: the 2 MiB page address is misaligned",
                faulted(s.translate(0x20_0000L, Access.KERNEL_READ)).fault().detail());
        // PS at the PML4
        m.write(POOL, m.read(POOL) | 0x80);
        Translation.Faulted ps = faulted(s.translate(0x1000, Access.KERNEL_READ));
        assertEquals("PML4", ps.fault().level());
        assertEquals("bit 7 (PS) is reserved at this level", ps.fault().detail());
    }

    /** A reserved bit in an entry that points at a table, not only in a leaf, stops every walk with RSVD there. */
    @Test
    void reservedBitInATableEntryFaultsAtItsLevel() {
        Simulation sim = simulation(x64(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x1000, 4096, 0x1000, KRW, PageSizePolicy.LARGEST, false));
        long pde = POOL + 0x2000;
        sim.memory().write(pde, sim.memory().read(pde) | 1L << 48);
        Translation.Faulted f = faulted(s.translate(0x1000, Access.KERNEL_READ));
        assertEquals(FaultKind.RESERVED_BIT, f.fault().kind());
        assertEquals("PD", f.fault().level());
        assertEquals("bit 48 is beyond the 46-bit physical address width", f.fault().detail());
        WalkResult r = new WalkResult();
        assertEquals(false, s.translate(0x1000, Access.KERNEL_READ, r));
        assertEquals(FaultKind.RESERVED_BIT, r.fault());
    }

    @Test
    void executeDisableBitIsReservedWithoutNx() {
        X86Format noNx = X86Format.of(X86Format.Mode.LONG_4, 46, EnumSet.noneOf(Feature.class), X86Format.POWER_ON_PAT);
        Simulation sim = simulation(noNx, POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x1000, 4096, 0x1000, Attributes.of("rwx"), PageSizePolicy.LARGEST, false));
        sim.memory().write(POOL + 0x3000 + 8, 0x8000_0000_0000_1063L);
        assertEquals("bit 63 (XD) is reserved without NX (EFER.NXE)",
                faulted(s.translate(0x1000, Access.KERNEL_READ)).fault().detail());
    }

    @Test
    void gibPageWithoutPage1GFeatureIsReserved() {
        X86Format no1g = X86Format.of(X86Format.Mode.LONG_4, 46, EnumSet.of(Feature.NX), X86Format.POWER_ON_PAT);
        Simulation sim = simulation(no1g, POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0, 1L << 30, 0, KRW, PageSizePolicy.LARGEST, false));
        // without 1 GiB pages the largest page is 2 MiB: one PDPT, one PD
        assertEquals(3, sim.memory().tableCount());
        sim.memory().write(POOL + 0x1000, 0x8000_0000_0000_00E3L);
        Translation.Faulted f = faulted(s.translate(0, Access.KERNEL_READ));
        assertEquals("PDPT", f.fault().level());
        assertEquals("bit 7 (PS) is reserved at this level", f.fault().detail());
    }

    @Test
    void permissionsAreTheAndOfEveryLevelAndExecuteDisableIsTheOr() {
        Simulation sim = simulation(x64(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x1000, 4096, 0x1000, Attributes.of("rwx").withUser(true), PageSizePolicy.LARGEST, false));
        assertInstanceOf(Translation.Mapped.class, s.translate(0x1000, Access.USER_WRITE));
        // clear RW in the PD entry: writes fault at the leaf for everyone
        sim.memory().write(POOL + 0x2000, sim.memory().read(POOL + 0x2000) & ~2L);
        Translation.Faulted w = faulted(s.translate(0x1000, Access.KERNEL_WRITE));
        assertEquals(FaultKind.PERMISSION, w.fault().kind());
        assertEquals("kernel write not allowed (k:r-x u:r-x)", w.fault().detail());
        // the translation-only walk, which answers from the leaf alone only below table entries that restrict nothing
        WalkResult r = new WalkResult();
        assertEquals(false, s.translate(0x1000, Access.KERNEL_WRITE, r));
        assertEquals(FaultKind.PERMISSION, r.fault());
        assertEquals(true, s.translate(0x1000, Access.USER_READ, r));
        assertEquals("k:r-x u:r-x", r.permissions().toString());
        // set XD in the PDPT entry: nothing below executes
        sim.memory().write(POOL + 0x1000, sim.memory().read(POOL + 0x1000) | (1L << 63));
        assertEquals("user execute not allowed (k:r-- u:r--)",
                faulted(s.translate(0x1000, Access.USER_EXECUTE)).fault().detail());
        // clear US in the PML4 entry: user access faults
        sim.memory().write(POOL, sim.memory().read(POOL) & ~4L);
        assertEquals("user read not allowed (k:r-- u:---)", faulted(s.translate(0x1000, Access.USER_READ)).fault().detail());
    }

    @Test
    void smepAndSmapStopTheKernelAtUserPages() {
        X86Format f = X86Format.of(X86Format.Mode.LONG_4, 46, EnumSet.of(Feature.NX, Feature.SMEP, Feature.SMAP),
                X86Format.POWER_ON_PAT);
        AddressSpace s = space(simulation(f, POOL, 1 << 20, 64), "k");
        applied(s.map(0x1000, 4096, 0x1000, Attributes.of("rwx").withUser(true), PageSizePolicy.LARGEST, false));
        assertEquals("kernel execute not allowed (k:--- u:rwx)",
                faulted(s.translate(0x1000, Access.KERNEL_EXECUTE)).fault().detail());
        assertEquals("kernel read not allowed (k:--- u:rwx)", faulted(s.translate(0x1000, Access.KERNEL_READ)).fault().detail());
    }

    @Test
    void addressAboveFourGibIsOutsideThe32BitSpace() {
        X86Format i386 = X86Format.of(X86Format.Mode.LEGACY_32, 32, EnumSet.of(Feature.PSE), X86Format.POWER_ON_PAT);
        AddressSpace s = space(simulation(i386, 0x10_0000L, 1 << 20, 64), "k");
        Translation.Faulted f = faulted(s.translate(0x1_0000_0000L, Access.KERNEL_READ));
        assertEquals(FaultKind.OUTSIDE_ADDRESS_SPACE, f.fault().kind());
        assertEquals("0x1_0000_0000 is above the 32-bit address space of x86-32", f.fault().detail());
    }

    @Test
    void decodeNamesEveryFieldOfALargePage() {
        DecodedEntry d = x64().decode(0x8000_0000_4000_10E3L, 2);
        assertEquals("0x80000000400010e3 leaf addr=0x4000_0000 XD=1 PK=0 PAT=1 G=0 PS=1 D=1 A=1 PCD=0 PWT=0 US=0 RW=1 P=1 "
                + "memory WB (PAT entry 4)", d.toString());
    }

    // ---- PSE-36: only 4 MiB PDEs hold PA bits 39:32 (SDM Vol. 3A table 4-4); a 4 KiB PTE holds 31:12 (table 4-6) ----

    private static final String ABOVE_4G = " is above 4 GiB, which only 4 MiB pages reach (a 4 KiB PTE holds physical "
            + "address bits 31:12 only; VA, PA and size must be 4 MiB aligned)";

    private static X86Format pse36() {
        return X86Format.of(X86Format.Mode.LEGACY_32, 40, EnumSet.of(Feature.PSE, Feature.PSE36), X86Format.POWER_ON_PAT);
    }

    @Test
    void pse36RefusesA4KibPageAbove4GibInsteadOfDroppingBits39To32() {
        Simulation sim = simulation(pse36(), 0x10_0000L, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        Attributes rwx = Attributes.of("rwx");
        assertEquals(new MappingError.UnreachablePhysical(0x1000, 0x1_0000_0000L, "physical address 0x1_0000_0000" + ABOVE_4G),
                rejection(s.map(0x1000, 4096, 0x1_0000_0000L, rwx, PageSizePolicy.LARGEST, false)));
        // 4 MiB aligned, but the policy allows 4 KiB pages only
        assertEquals(new MappingError.UnreachablePhysical(0xC000_0000L, 0x1_0040_0000L,
                "physical address 0x1_0040_0000" + ABOVE_4G),
                rejection(s.map(0xC000_0000L, 4L << 20, 0x1_0040_0000L, rwx, PageSizePolicy.cap(4096), false)));
        // two 4 MiB pages fit, the 4 KiB tail does not: nothing of it is mapped
        assertEquals(new MappingError.UnreachablePhysical(0x8080_0000L, 0x1_0080_0000L,
                "physical address 0x1_0080_0000" + ABOVE_4G),
                rejection(s.map(0x8000_0000L, (8L << 20) + 4096, 0x1_0000_0000L, rwx, PageSizePolicy.LARGEST, false)));
        assertInstanceOf(Translation.NotMapped.class, s.translate(0x8000_0000L, Access.KERNEL_READ));
        assertEquals(1, sim.memory().tableCount());
        assertEquals("x86-32 cannot map physical address 0x1_0000_0000 with a 4 KiB page: a 4 KiB PTE holds physical "
                + "address bits 31:12 only", assertThrows(IllegalArgumentException.class,
                        () -> pse36().withAddress(0x63, 0x1_0000_0000L, 1, 4096)).getMessage());
        // below 4 GiB a 4 KiB page is fine; the top of the 40-bit space needs a 4 MiB page: PA[31:22] at 31:22,
        // PA[39:32] = 0xff at 20:13, PS | D | A | RW | P
        applied(s.map(0x2000, 4096, 0xFFFF_F000L, rwx, PageSizePolicy.LARGEST, false));
        applied(s.map(0xC000_0000L, 4L << 20, 0xFF_FFC0_0000L, rwx, PageSizePolicy.LARGEST, false));
        assertEquals(0xFFDF_E0E3L, sim.memory().read(0x10_0000L + 768 * 4));
        assertEquals(0xFF_FFD2_3456L, assertInstanceOf(Translation.Mapped.class,
                s.translate(0xC012_3456L, Access.KERNEL_READ)).pa());
    }

    @Test
    void pse36RefusesARunOf4KibPagesThatCrosses4Gib() {
        // found by MappingPropertiesTest: the second PTE of the run silently mapped PA 0
        Simulation sim = simulation(pse36(), 0x10_0000L, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        assertEquals(new MappingError.UnreachablePhysical(0x1000, 0x1_0000_0000L, "physical address 0x1_0000_0000" + ABOVE_4G),
                rejection(s.map(0, 0x2000, 0xFFFF_F000L, Attributes.of("rx"), PageSizePolicy.LARGEST, false)));
        assertEquals(1, sim.memory().tableCount());
        assertInstanceOf(Translation.NotMapped.class, s.translate(0, Access.KERNEL_READ));
    }

    @Test
    void pse36RefusesToSplitA4MibPageAbove4Gib() {
        Simulation sim = simulation(pse36(), 0x10_0000L, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        Attributes rwx = Attributes.of("rwx");
        applied(s.map(0xC000_0000L, 4L << 20, 0x1_0040_0000L, rwx, PageSizePolicy.LARGEST, false));
        applied(s.map(0x8000_0000L, 4L << 20, 0xFFC0_0000L, rwx, PageSizePolicy.LARGEST, false));
        long pde = sim.memory().read(0x10_0000L + 768 * 4);
        MappingError split = new MappingError.UnreachablePhysical(0xC000_0000L, 0x1_0040_0000L,
                "splitting this 4 MiB leaf would need smaller leaves; physical address 0x1_0040_0000" + ABOVE_4G);
        assertEquals(split, rejection(s.protect(0xC000_1000L, 4096, Attributes.of("rx"))));
        assertEquals(split, rejection(s.unmap(0xC000_1000L, 4096)));
        assertEquals(split, rejection(s.map(0xC000_1000L, 4096, 0x5000, rwx, PageSizePolicy.LARGEST, true)));
        assertEquals(pde, sim.memory().read(0x10_0000L + 768 * 4));
        assertEquals(1, sim.memory().tableCount());
        assertEquals(0x1_0040_1234L, assertInstanceOf(Translation.Mapped.class,
                s.translate(0xC000_1234L, Access.KERNEL_READ)).pa());
        // the same split below 4 GiB works: a PT of 4 KiB pages, one of them remapped
        applied(s.map(0x8000_1000L, 4096, 0x5000, rwx, PageSizePolicy.LARGEST, true));
        assertEquals(0x5234L, assertInstanceOf(Translation.Mapped.class, s.translate(0x8000_1234L, Access.KERNEL_READ)).pa());
        assertEquals(0xFFC0_2234L, assertInstanceOf(Translation.Mapped.class,
                s.translate(0x8000_2234L, Access.KERNEL_READ)).pa());
    }

    @Test
    void tablesLieBelow4GibWhereTheirPointerHoldsAddressBits31To12Only() {
        // x86-32: CR3 and PDEs hold table address bits 31:12 (SDM 4.3); the pool above 4 GiB has no room for them
        Simulation high = new Simulation(pse36(), List.of(AddressRange.ofSize(0x1_0000_0000L, 1 << 20)), 64);
        assertEquals(new MappingError.PoolExhausted(1, 4096, 0),
                assertInstanceOf(Simulation.Created.Refused.class, high.createSpace("k")).error());
        // PAE: CR3 holds the PDPT's bits 31:5 (SDM 4.4.1), the PDs and PTs may lie anywhere below MAXPHYADDR
        X86Format pae = X86Format.of(X86Format.Mode.PAE, 40, EnumSet.of(Feature.NX), X86Format.POWER_ON_PAT);
        Simulation split = new Simulation(pae, List.of(AddressRange.ofSize(0xFFFF_F000L, 4096),
                AddressRange.ofSize(0x1_0000_0000L, 1 << 20)), 64);
        AddressSpace s = space(split, "k");
        assertEquals(0xFFFF_F000L, s.root(0));
        applied(s.map(0x1000, 4096, 0x7000, KRW, PageSizePolicy.LARGEST, false));
        assertEquals(0x1_0000_0001L, split.memory().read(0xFFFF_F000L));
        // x86_64: tables anywhere below MAXPHYADDR
        Simulation wide = new Simulation(x64(), List.of(AddressRange.ofSize(0x1_0000_0000L, 1 << 20)), 64);
        assertEquals(0x1_0000_0000L, space(wide, "k").root(0));
    }
}
