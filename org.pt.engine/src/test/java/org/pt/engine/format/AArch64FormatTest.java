package org.pt.engine.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pt.engine.TestSpaces.applied;
import static org.pt.engine.TestSpaces.rejection;
import static org.pt.engine.TestSpaces.simulation;
import static org.pt.engine.TestSpaces.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.AArch64Format.Granule;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.space.MappingError;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.Event;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Run;
import org.pt.engine.space.Simulation;
import org.pt.engine.walk.Fault;
import org.pt.engine.walk.FaultKind;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkStep;
import org.pt.engine.walk.WalkTrace;

/**
 * Bit-exact AArch64 stage-1 descriptors and walks (Arm ARM DDI 0487 chapter D8: D8.2 translation process and initial
 * lookup level, D8.3 descriptor formats, D8.4 memory access control, D8.5 the Access flag, D8.6 MAIR memory
 * attributes) and the published google/aarch64-paging {@code target.rs} test {@code map_one_page}.
 */
class AArch64FormatTest {

    private static final long POOL = 0x4000_0000L;
    private static final Attributes KRW = Attributes.KERNEL_RW;
    private static final Attributes KRX = Attributes.KERNEL_RX;
    private static final Set<Feature> NONE = EnumSet.noneOf(Feature.class);

    // descriptor pieces as D8.3 draws them, to spell out the expected values
    private static final long BLOCK = 0b01;
    private static final long TABLE_OR_PAGE = 0b11;
    private static final long AP_EL0 = 1L << 6;      // AP[1]
    private static final long AP_RO = 1L << 7;       // AP[2]
    private static final long SH_INNER = 0b11L << 8;
    private static final long SH_OUTER = 0b10L << 8;
    private static final long AF = 1L << 10;
    private static final long NG = 1L << 11;
    private static final long PXN = 1L << 53;
    private static final long UXN = 1L << 54;

    private static AArch64Format f4k() {
        return AArch64Format.linux4k48();
    }

    private static AArch64Format of(Granule g, int va, int pa) {
        return AArch64Format.of(g, va, va, pa, NONE, AArch64Format.DEFAULT_MAIR);
    }

    private static Attributes attrs(String rwx, boolean user, boolean global, CacheType c, Shareability s, boolean af) {
        Attributes a = Attributes.of(rwx);
        return new Attributes(a.read(), a.write(), a.execute(), user, global, c, s, af, false);
    }

    private static Translation.Faulted faulted(Translation t) {
        return assertInstanceOf(Translation.Faulted.class, t);
    }

    private static Translation.Mapped mapped(Translation t) {
        return assertInstanceOf(Translation.Mapped.class, t);
    }

    private static List<String> steps(WalkTrace t) {
        return t.steps().stream().map(s -> s.level() + "[" + s.index() + "]").collect(Collectors.toList());
    }

    // ---- google/aarch64-paging ------------------------------------------------------------------

    @Test
    void reproducesGoogleAarch64PagingMapOnePageBitForBit() {
        // google/aarch64-paging src/target.rs, test map_one_page: 4 KiB granule, root level 1 (39-bit VA),
        // TargetAllocator at 0x1_0000, VA [0, 0x1000) -> PA 0x4_2000 with VALID | ATTRIBUTE_INDEX_0 |
        // INNER_SHAREABLE | UXN; three 4 KiB tables whose first entries are 0x1_1003, 0x1_2003 and
        // 0x0040_0000_0004_2303 (bytes 03 23 04 00 00 00 40 00).
        // That library builds only the TTBR0 tree: TTBR1 walks disabled (TCR_EL1.EPD1=1, vaBits1 = 0).
        AArch64Format f = AArch64Format.of(Granule.G4K, 39, 0, 48, NONE, AArch64Format.DEFAULT_MAIR);
        Simulation sim = new Simulation(f, List.of(AddressRange.ofSize(0x1_0000, 1 << 20)), 64);
        AddressSpace s = space(sim, "google");
        assertEquals(1, f.halves().size());
        assertEquals(0x1_0000L, s.root(0));
        // kernel rwx (PXN=0, AP=00 so UXN=1), global (nG=0), MAIR index 0, inner shareable, AF clear
        Attributes a = attrs("rwx", false, true, CacheType.WRITE_BACK, Shareability.INNER, false);
        applied(s.map(0, 0x1000, 0x4_2000L, a, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        List<Long> ttbr0Tables = m.tables().stream().map(PhysicalMemory.TableInfo::pa).collect(Collectors.toList());
        assertEquals(List.of(0x1_0000L, 0x1_1000L, 0x1_2000L), ttbr0Tables);
        assertEquals(0x1_1003L, m.read(0x1_0000L));
        assertEquals(0x1_2003L, m.read(0x1_1000L));
        assertEquals(0x0040_0000_0004_2303L, m.read(0x1_2000L));
        for (long t : ttbr0Tables) {
            assertEquals(4096, m.table(t).bytes());
            for (long off = 8; off < 4096; off += 8) {
                assertEquals(0L, m.read(t + off), "byte offset " + off + " of table " + Long.toHexString(t));
            }
        }
        assertEquals("translation fault at level 0: 0xffff_ffff_ffff_f000 is outside the TTBR0 range (bits 63:39 must be "
                + "all 0, T0SZ=25; TTBR1 walks are disabled, TCR_EL1.EPD1=1)",
                ((Translation.Faulted) s.translate(0xFFFF_FFFF_FFFF_F000L, Access.KERNEL_READ)).fault().detail());
        // the codec alone gives the same descriptors
        assertEquals(0x1_1003L, f.tableEntry(0x1_1000L, 1));
        assertEquals(0x0040_0000_0004_2303L, f.withAddress(f.leafTemplate(a, 3, 4096), 0x4_2000L, 3, 4096));
    }

    // ---- geometry (D8.2) --------------------------------------------------------------------------

    @Test
    void granulesResolveNineElevenOrThirteenBitsPerLevel() {
        assertEquals(List.of(1L << 39, 1L << 30, 1L << 21, 1L << 12), sizes(Granule.G4K));
        assertEquals(List.of(1L << 47, 1L << 36, 1L << 25, 1L << 14), sizes(Granule.G16K));
        assertEquals(List.of(1L << 55, 1L << 42, 1L << 29, 1L << 16), sizes(Granule.G64K));
        assertEquals(List.of(12, 9, 14, 11, 16, 13), List.of(Granule.G4K.pageShift(), Granule.G4K.bitsPerLevel(),
                Granule.G16K.pageShift(), Granule.G16K.bitsPerLevel(), Granule.G64K.pageShift(), Granule.G64K.bitsPerLevel()));
        assertEquals(Granule.G16K, Granule.ofBytes(16384).orElseThrow());
        assertTrue(Granule.ofBytes(8192).isEmpty());
        assertEquals("aarch64-4k", f4k().name());
        assertEquals("aarch64-16k", of(Granule.G16K, 48, 48).name());
        assertEquals("aarch64-64k", AArch64Format.linux64k52().name());
        assertEquals(PagingFormat.Family.AARCH64, f4k().family());
        assertEquals(8, f4k().entryBytes());
        assertEquals(List.of(12, 14, 16), List.of(f4k().frameShift(), of(Granule.G16K, 48, 48).frameShift(),
                of(Granule.G64K, 48, 48).frameShift()));
    }

    private static List<Long> sizes(Granule g) {
        List<Long> out = new ArrayList<>();
        for (int l = 0; l <= 3; l++) {
            out.add(g.sizeAtLevel(l));
        }
        return out;
    }

    @Test
    void initialLookupLevelAndRootSizeFollowTheVaSize() {
        // D8.2: levels = ceil((vaBits - pageShift) / bitsPerLevel), start = 4 - levels,
        // root entries = 2^(vaBits - shift(start)); root aligned to its size, at least 64 bytes
        assertEquals("L0 512 4096 4096", root(Granule.G4K, 48));
        assertEquals("L0 2 16 64", root(Granule.G4K, 40));
        assertEquals("L1 512 4096 4096", root(Granule.G4K, 39));
        assertEquals("L1 8 64 64", root(Granule.G4K, 33));
        assertEquals("L2 16 128 128", root(Granule.G4K, 25));
        assertEquals("L0 2 16 64", root(Granule.G16K, 48));
        assertEquals("L1 2048 16384 16384", root(Granule.G16K, 47));
        assertEquals("L2 2048 16384 16384", root(Granule.G16K, 36));
        assertEquals("L3 2048 16384 16384", root(Granule.G16K, 25));
        assertEquals("L1 64 512 512", root(Granule.G64K, 48));
        assertEquals("L1 1024 8192 8192", root(Granule.G64K, 52));
        assertEquals("L2 8192 65536 65536", root(Granule.G64K, 42));
        assertEquals("L3 512 4096 4096", root(Granule.G64K, 25));
    }

    private static String root(Granule g, int va) {
        Geometry.Level l = AArch64Format.of(g, va, va, 48, NONE, AArch64Format.DEFAULT_MAIR).halves().get(1).geometry().level(0);
        return l.name() + " " + l.entries() + " " + l.tableBytes() + " " + l.tableAlign();
    }

    @Test
    void halvesAreTtbr0FromZeroAndTtbr1AtTheTopOfTheAddressSpace() {
        AArch64Format f = AArch64Format.of(Granule.G4K, 39, 48, 48, NONE, AArch64Format.DEFAULT_MAIR);
        assertEquals("TTBR0_EL1", f.halves().get(0).rootRegister());
        assertEquals(List.of(AddressRange.inclusive(0, 0x7F_FFFF_FFFFL)), f.halves().get(0).ranges());
        assertEquals("TTBR1_EL1", f.halves().get(1).rootRegister());
        assertEquals(List.of(AddressRange.inclusive(0xFFFF_0000_0000_0000L, -1L)), f.halves().get(1).ranges());
        assertEquals(List.of("L1", "L2", "L3"), names(f.halves().get(0).geometry()));
        assertEquals(List.of("L0", "L1", "L2", "L3"), names(f.halves().get(1).geometry()));
        assertEquals(39, f.vaBits(0));
        assertEquals(48, f.vaBits(1));
    }

    private static List<String> names(Geometry g) {
        return g.levels().stream().map(Geometry.Level::name).collect(Collectors.toList());
    }

    @Test
    void leafSizesPerGranuleWithFourTibBlocksOnlyWithA52BitPa() {
        // D8.3: 4K blocks at L1 and L2; 16K at L2; 64K at L2, and at L1 only with FEAT_LPA (52-bit OA)
        assertEquals(List.of(1L << 30, 2L << 20, 4096L), f4k().pageSizes());
        assertEquals(List.of(32L << 20, 16384L), of(Granule.G16K, 48, 48).pageSizes());
        assertEquals(List.of(512L << 20, 65536L), of(Granule.G64K, 48, 48).pageSizes());
        assertEquals(List.of(4L << 40, 512L << 20, 65536L), AArch64Format.linux64k52().pageSizes());
        assertFalse(of(Granule.G64K, 48, 48).leafAllowed(1, 4L << 40));
        assertTrue(AArch64Format.of(Granule.G64K, 48, 48, 52, NONE, AArch64Format.DEFAULT_MAIR).leafAllowed(1, 4L << 40));
        assertFalse(f4k().leafAllowed(0, 1L << 39));
        assertFalse(of(Granule.G16K, 48, 48).leafAllowed(1, 1L << 36));
    }

    // ---- descriptors (D8.3, D8.4, D8.6) ------------------------------------------------------------

    @Test
    void fourKibGranuleBlocksAtL1AndL2AndPagesAtL3() {
        Simulation sim = simulation(f4k(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        assertEquals(POOL, s.root(0));
        assertEquals(POOL + 0x1000, s.root(1));
        applied(s.map(0x4000_0000L, 1L << 30, 0x8000_0000L, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0x20_0000L, 2L << 20, 0x20_0000L, KRX.withGlobal(true), PageSizePolicy.LARGEST, false));
        applied(s.map(0x40_1000L, 4096, 0x1_2345_6000L, attrs("rw", true, false, CacheType.WRITE_BACK, Shareability.INNER,
                true), PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        // table descriptors: next-level address | 0b11, no APTable/XNTable restriction
        assertEquals(POOL + 0x2000 + TABLE_OR_PAGE, m.read(POOL));
        assertEquals(POOL + 0x3000 + TABLE_OR_PAGE, m.read(POOL + 0x2000));
        assertEquals(POOL + 0x4000 + TABLE_OR_PAGE, m.read(POOL + 0x3000 + 2 * 8));
        // 1 GiB block, kernel rw-: UXN | PXN | addr | nG | AF | SH=11 | AP=00 | AttrIndx=0 | 0b01
        assertEquals(0x0060_0000_8000_0F01L, m.read(POOL + 0x2000 + 8));
        assertEquals(UXN | PXN | 0x8000_0000L | NG | AF | SH_INNER | BLOCK, m.read(POOL + 0x2000 + 8));
        // 2 MiB block, kernel r-x global: UXN | addr | AF | SH | AP=10
        assertEquals(0x0040_0000_0020_0781L, m.read(POOL + 0x3000 + 8));
        assertEquals(UXN | 0x20_0000L | AF | SH_INNER | AP_RO | BLOCK, m.read(POOL + 0x3000 + 8));
        // 4 KiB page, user rw-: UXN | PXN | addr | nG | AF | SH | AP=01 | 0b11
        assertEquals(0x0060_0001_2345_6F43L, m.read(POOL + 0x4000 + 8));
        assertEquals(UXN | PXN | 0x1_2345_6000L | NG | AF | SH_INNER | AP_EL0 | TABLE_OR_PAGE, m.read(POOL + 0x4000 + 8));

        WalkTrace t = s.walk(0x40_1ABCL, Access.USER_WRITE);
        assertEquals("TTBR0_EL1", t.half());
        assertEquals(List.of("L0[0]", "L1[0]", "L2[2]", "L3[1]"), steps(t));
        assertEquals(List.of(POOL, POOL + 0x2000, POOL + 0x3000, POOL + 0x4000),
                t.steps().stream().map(WalkStep::tablePa).collect(Collectors.toList()));
        assertEquals(POOL + 0x4008, t.steps().get(3).entryPa());
        assertEquals(0x0060_0001_2345_6F43L, t.steps().get(3).entry().raw());
        Translation.Mapped page = mapped(t.result());
        assertEquals(0x1_2345_6ABCL, page.pa());
        assertEquals(4096, page.pageSize());
        assertEquals("L3", page.level());
        assertEquals("k:rw- u:rw-", page.permissions().toString());

        Translation.Mapped gib = mapped(s.translate(0x7FFF_FFFFL, Access.KERNEL_WRITE));
        assertEquals(0xBFFF_FFFFL, gib.pa());
        assertEquals(1L << 30, gib.pageSize());
        assertEquals("L1", gib.level());
        assertEquals("k:rw- u:---", gib.permissions().toString());
        Translation.Mapped mib = mapped(s.translate(0x20_0010L, Access.KERNEL_EXECUTE));
        assertEquals(0x20_0010L, mib.pa());
        assertEquals("L2", mib.level());
        assertEquals("k:r-x u:---", mib.permissions().toString());
    }

    @Test
    void sixteenKibGranuleHasATwoEntryRootAndThirtyTwoMibBlocks() {
        Simulation sim = simulation(of(Granule.G16K, 48, 48), 0x8000_0000L, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        PhysicalMemory m = sim.memory();
        // D8.2: 48-bit VA, 16 KiB granule: 4 levels, L0 resolves VA bit 47 only: 2 entries, 16 bytes, 64-byte aligned
        assertEquals(0x8000_0000L, s.root(0));
        assertEquals(0x8000_0040L, s.root(1));
        assertEquals(16, m.table(s.root(0)).bytes());
        assertEquals(16, m.table(s.root(1)).bytes());
        assertEquals(1, m.framesInUse());
        applied(s.map(0x0200_0000L, 32L << 20, 0x1_0200_0000L, attrs("rx", true, true, CacheType.WRITE_THROUGH,
                Shareability.INNER, true), PageSizePolicy.LARGEST, false));
        applied(s.map(0x0400_4000L, 16384, 0x4000, attrs("rwx", false, true, CacheType.DEVICE, Shareability.INNER, true),
                PageSizePolicy.LARGEST, false));
        assertEquals(0x8000_4003L, m.read(0x8000_0000L));
        assertEquals(0x8000_8003L, m.read(0x8000_4000L));
        assertEquals(0x8000_C003L, m.read(0x8000_8000L + 2 * 8));
        // 32 MiB block, user r-x global write-through (MAIR index 3): PXN | addr | AF | SH | AP=11 | AttrIndx=3 | 0b01
        assertEquals(0x0020_0001_0200_07CDL, m.read(0x8000_8000L + 8));
        assertEquals(PXN | 0x1_0200_0000L | AF | SH_INNER | AP_RO | AP_EL0 | (3 << 2) | BLOCK, m.read(0x8000_8008L));
        // 16 KiB page, kernel rwx global device (MAIR index 1): UXN | addr | AF | SH | AttrIndx=1 | 0b11
        assertEquals(0x0040_0000_0000_4707L, m.read(0x8000_C000L + 8));

        WalkTrace t = s.walk(0x0212_3456L, Access.USER_EXECUTE);
        assertEquals(List.of("L0[0]", "L1[0]", "L2[1]"), steps(t));
        Translation.Mapped block = mapped(t.result());
        assertEquals(0x1_0212_3456L, block.pa());
        assertEquals(32L << 20, block.pageSize());
        assertEquals("k:r-- u:r-x", block.permissions().toString());
        assertEquals(CacheType.WRITE_THROUGH, block.attributes().cache());
        Translation.Mapped dev = mapped(s.translate(0x0400_4010L, Access.KERNEL_EXECUTE));
        assertEquals(0x4010L, dev.pa());
        assertEquals(CacheType.DEVICE, dev.attributes().cache());
        // TTBR1: VA bit 47 set selects L0[1] of the 2-entry TTBR1 root
        applied(s.map(0xFFFF_8000_0000_0000L, 16384, 0x8000, KRW, PageSizePolicy.LARGEST, false));
        WalkTrace hi = s.walk(0xFFFF_8000_0000_0008L, Access.KERNEL_READ);
        assertEquals("TTBR1_EL1", hi.half());
        assertEquals(List.of("L0[1]", "L1[0]", "L2[0]", "L3[0]"), steps(hi));
        assertEquals(0x8000_0048L, hi.steps().get(0).entryPa());
        assertEquals(0x8008L, mapped(hi.result()).pa());
    }

    @Test
    void sixtyFourKibGranuleBlocksAndPagesWithA48BitPa() {
        Simulation sim = simulation(of(Granule.G64K, 48, 48), 0x10_0000L, 1 << 20, 16);
        AddressSpace s = space(sim, "k");
        PhysicalMemory m = sim.memory();
        // 48-bit VA, 64 KiB granule: 3 levels from L1 with 64 entries (512 bytes)
        assertEquals(0x10_0000L, s.root(0));
        assertEquals(0x10_0200L, s.root(1));
        applied(s.map(0x2000_0000L, 512L << 20, 0x6000_0000L, attrs("rw", false, false, CacheType.UNCACHED,
                Shareability.OUTER, true), PageSizePolicy.LARGEST, false));
        applied(s.map(0x4001_0000L, 65536, 0x7_0000L, attrs("r", false, true, CacheType.WRITE_BACK,
                Shareability.NON_SHAREABLE, false), PageSizePolicy.LARGEST, false));
        assertEquals(0x11_0003L, m.read(0x10_0000L));
        // 512 MiB block, kernel rw- non-cacheable (MAIR index 2) outer shareable
        assertEquals(0x0060_0000_6000_0E09L, m.read(0x11_0008L));
        assertEquals(UXN | PXN | 0x6000_0000L | NG | AF | SH_OUTER | (2 << 2) | BLOCK, m.read(0x11_0008L));
        // 64 KiB page, kernel r-- global non-shareable, AF clear
        assertEquals(0x12_0003L, m.read(0x11_0000L + 2 * 8));
        assertEquals(0x0060_0000_0007_0083L, m.read(0x12_0008L));
        Translation.Mapped block = mapped(s.translate(0x3FFF_FFFFL, Access.KERNEL_READ));
        assertEquals(0x7FFF_FFFFL, block.pa());
        assertEquals("L2", block.level());
        assertEquals(Shareability.OUTER, block.attributes().shareability());
        assertEquals(CacheType.UNCACHED, block.attributes().cache());
    }

    @Test
    void sixtyFourKibGranuleWithLpaPutsOutputAddressBits51To48InBits15To12() {
        // D8.3 with FEAT_LPA: OA[51:48] of tables, blocks and pages sit in descriptor bits [15:12]
        AArch64Format f = AArch64Format.linux64k52();
        long pool = 0x000F_0000_0000_0000L;
        Simulation sim = simulation(f, pool, 1 << 20, 16);
        AddressSpace s = space(sim, "k");
        PhysicalMemory m = sim.memory();
        assertEquals(pool, s.root(0));
        assertEquals(8192, m.table(pool).bytes());
        assertEquals(pool + 0x2000, s.root(1));
        // a 4 TiB L1 block at PA 0xA_0400_0000_0000: bits [47:42] = 0x400_0000_0000, OA[51:48] = 0xA at [15:12]
        applied(s.map(0x400_0000_0000L, 4L << 40, 0x000A_0400_0000_0000L, KRW, PageSizePolicy.LARGEST, false));
        assertEquals(0x0060_0400_0000_AF01L, m.read(pool + 8));
        // a 64 KiB page at PA 0xF_FFFF_FFFF_0000: bits [47:16] = 0xFFFF_FFFF_0000, OA[51:48] = 0xF at [15:12]
        applied(s.map(0x1_0000L, 65536, 0x000F_FFFF_FFFF_0000L, KRW, PageSizePolicy.LARGEST, false));
        // tables above 2^48: L2 at pool + 0x1_0000 -> 0x1_0000 | 0xF000 | 0b11
        assertEquals(0x1_F003L, m.read(pool));
        assertEquals(0x2_F003L, m.read(pool + 0x1_0000));
        assertEquals(0x0060_FFFF_FFFF_FF03L, m.read(pool + 0x2_0000 + 8));
        assertEquals(0x000F_FFFF_FFFF_0000L, f.address(m.read(pool + 0x2_0008), 3));
        assertEquals(pool + 0x1_0000, f.address(m.read(pool), 1));

        WalkTrace t = s.walk(0x1_0123L, Access.KERNEL_READ);
        assertEquals(List.of("L1[0]", "L2[0]", "L3[1]"), steps(t));
        assertEquals(pool + 0x1_0000, t.steps().get(1).tablePa());
        assertEquals(0x000F_FFFF_FFFF_0123L, mapped(t.result()).pa());
        Translation.Mapped big = mapped(s.translate(0x400_0000_1234L, Access.KERNEL_WRITE));
        assertEquals(0x000A_0400_0000_1234L, big.pa());
        assertEquals(4L << 40, big.pageSize());
        assertEquals("L1", big.level());
        // the encoding is not linear across PA bit 48, so runs of leaves are encoded one by one
        assertEquals(0, f.linearIncrement(3, 65536));
        assertEquals(4096, f4k().linearIncrement(3, 4096));
    }

    @Test
    void memoryTypesSelectTheFirstMairSlotHoldingTheirAttribute() {
        // D8.6: AttrIndx [4:2] indexes MAIR_EL1; default MAIR 0xff, 0x00, 0x44, 0xbb, 0x04, 0, 0, 0
        AArch64Format f = f4k();
        assertEquals(0L << 2, f.leafTemplate(KRW, 3, 4096) & 0x1C);
        assertEquals(1L << 2, f.leafTemplate(KRW.withCache(CacheType.DEVICE), 3, 4096) & 0x1C);
        assertEquals(2L << 2, f.leafTemplate(KRW.withCache(CacheType.UNCACHED), 3, 4096) & 0x1C);
        assertEquals(2L << 2, f.leafTemplate(KRW.withCache(CacheType.WRITE_COMBINING), 3, 4096) & 0x1C);
        assertEquals(3L << 2, f.leafTemplate(KRW.withCache(CacheType.WRITE_THROUGH), 3, 4096) & 0x1C);
        // a MAIR with 0x44 only at Attr5 and 0x00 only at Attr7
        AArch64Format custom = AArch64Format.of(Granule.G4K, 48, 48, 48, NONE,
                List.of(0xFF, 0x04, 0x0C, 0xAA, 0x4F, 0x44, 0xF0, 0x00));
        assertEquals(0x0060_0000_0000_0F17L, custom.leafTemplate(KRW.withCache(CacheType.UNCACHED), 3, 4096));
        assertEquals(0x0060_0000_0000_0F1FL, custom.leafTemplate(KRW.withCache(CacheType.DEVICE), 3, 4096));
        // reading back: any Device byte is DEVICE, mixed Normal types take the weaker cacheability, 0xf0 is tagged WB
        List<CacheType> back = new ArrayList<>();
        for (long idx = 0; idx < 8; idx++) {
            back.add(custom.leafAttributes(0x0060_0000_0000_0F03L | idx << 2, 3).cache());
        }
        assertEquals(List.of(CacheType.WRITE_BACK, CacheType.DEVICE, CacheType.DEVICE, CacheType.WRITE_THROUGH,
                CacheType.UNCACHED, CacheType.UNCACHED, CacheType.WRITE_BACK, CacheType.DEVICE), back);
    }

    @Test
    void everyExpressibleCombinationRoundTripsThroughNormalize() {
        AArch64Format f = f4k();
        int checked = 0;
        for (int bits = 0; bits < 1 << 6; bits++) {
            for (CacheType c : CacheType.values()) {
                for (Shareability sh : Shareability.values()) {
                    boolean w = (bits & 1) != 0;
                    boolean x = (bits & 2) != 0;
                    boolean u = (bits & 4) != 0;
                    boolean g = (bits & 8) != 0;
                    boolean acc = (bits & 16) != 0;
                    boolean dirty = (bits & 32) != 0;
                    Attributes a = new Attributes(true, w, x, u, g, c, sh, acc, dirty);
                    assertTrue(f.check(a).isEmpty(), a.toString());
                    // write-combining encodes as Normal Non-cacheable; the dirty state is not encoded
                    Attributes expected = new Attributes(true, w, x, u, g,
                            c == CacheType.WRITE_COMBINING ? CacheType.UNCACHED : c, sh, acc, false);
                    for (int level = 1; level <= 3; level++) {
                        long size = f.halves().get(0).geometry().level(level).leafSizes()[0];
                        Attributes n = f.normalize(a, level, size);
                        assertEquals(expected, n, a + " at L" + level);
                        assertEquals(n, f.normalize(n, level, size));
                        long e = f.withAddress(f.leafTemplate(a, level, size), 3 * size, level, size);
                        assertEquals(expected, f.leafAttributes(e, level));
                        assertEquals(3 * size, f.address(e, level));
                        assertEquals(size, f.leafSize(e, level));
                        assertEquals(EntryKind.LEAF, f.kind(e, level));
                        checked++;
                    }
                }
            }
        }
        assertEquals(64 * 5 * 3 * 3, checked);
    }

    @Test
    void tableEntryWithAccessFlagSetsOnlyBit10ForTheRecursiveSlot() {
        AArch64Format f = f4k();
        assertEquals(0x4000_2003L, f.tableEntry(0x4000_2000L, 0));
        assertEquals(0x4000_2403L, f.tableEntryWithAccessFlag(0x4000_2000L, 0));
        // as a table it still points at the same table; read one level further down as a page, AF=1
        assertEquals(EntryKind.TABLE, f.kind(0x4000_2403L, 0));
        assertEquals(0x4000_2000L, f.address(0x4000_2403L, 0));
        assertEquals(EntryKind.LEAF, f.kind(0x4000_2403L, 3));
        assertTrue(f.leafAttributes(0x4000_2403L, 3).accessed());
        assertFalse(f.leafAttributes(0x4000_2003L, 3).accessed());
    }

    @Test
    void decodeNamesEveryFieldAsTheArmArmDoes() {
        AArch64Format f = f4k();
        assertEquals("0x60000080000f01 leaf addr=0x8000_0000 UXN=1 PXN=1 Contiguous=0 DBM=0 nG=1 AF=1 SH=3 AP=0 NS=0 "
                + "AttrIndx=0 Type=0 Valid=1 memory Normal WB (MAIR_EL1 Attr0 = 0xff)",
                f.decode(0x0060_0000_8000_0F01L, 1).toString());
        // UXN | PXN | Contiguous | DBM | addr | AF | SH=11 | AP=11 | NS | AttrIndx=3 | 0b11
        assertEquals("0x7800000000c7ef leaf addr=0xc000 UXN=1 PXN=1 Contiguous=1 DBM=1 nG=0 AF=1 SH=3 AP=3 NS=1 "
                + "AttrIndx=3 Type=1 Valid=1 memory Normal WT (MAIR_EL1 Attr3 = 0xbb)",
                f.decode(0x0078_0000_0000_C7EFL, 3).toString());
        assertEquals("0xf800000040002003 table addr=0x4000_2000 NSTable=1 APTable=3 UXNTable=1 PXNTable=1 Type=1 Valid=1",
                f.decode(0xF800_0000_4000_2003L, 0).toString());
        assertEquals("0x0 invalid Type=0 Valid=0", f.decode(0, 2).toString());
        // 0b01 at L3 and at L0 (4 KiB granule) are reserved: invalid
        assertEquals("0x1001 invalid Type=0 Valid=1", f.decode(0x1001L, 3).toString());
        assertEquals(EntryKind.INVALID, f.kind(0x8000_0001L, 0));
        DecodedEntry d = f.decode(0x0060_0001_2345_6F43L, 3);
        assertEquals(1, d.field("AP"));
        assertEquals(6, d.fields().stream().filter(x -> x.name().equals("AP")).findFirst().orElseThrow().lowBit());
        assertEquals(3, d.field("SH"));
    }

    // ---- walks (D8.2, D8.4, D8.5) ------------------------------------------------------------------

    @Test
    void ttbr1WalksIndexTheHighHalfFromItsOwnRoot() {
        Simulation sim = simulation(f4k(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0xFFFF_0000_0000_0000L, 4096, 0x1000, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0xFFFF_FFFF_FFFF_F000L, 4096, 0x2000, KRX, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        assertEquals(POOL + 0x2003, m.read(POOL + 0x1000));
        assertEquals(POOL + 0x5003, m.read(POOL + 0x1000 + 511 * 8));
        WalkTrace low = s.walk(0xFFFF_0000_0000_0FFFL, Access.KERNEL_WRITE);
        assertEquals("TTBR1_EL1", low.half());
        assertEquals(POOL + 0x1000, low.rootPa());
        assertEquals(List.of("L0[0]", "L1[0]", "L2[0]", "L3[0]"), steps(low));
        assertEquals(0x1FFFL, mapped(low.result()).pa());
        WalkTrace top = s.walk(0xFFFF_FFFF_FFFF_FFFFL, Access.KERNEL_EXECUTE);
        assertEquals(List.of("L0[511]", "L1[511]", "L2[511]", "L3[511]"), steps(top));
        assertEquals(List.of(POOL + 0x1FF8, POOL + 0x5FF8, POOL + 0x6FF8, POOL + 0x7FF8),
                top.steps().stream().map(WalkStep::entryPa).collect(Collectors.toList()));
        assertEquals(0x0040_0000_0000_2F83L, top.steps().get(3).entry().raw());
        assertEquals(0x2FFFL, mapped(top.result()).pa());
        // TTBR0's root is untouched
        assertEquals(0L, m.read(POOL));
        List<Run> runs = s.runs(AddressRange.inclusive(0xFFFF_0000_0000_0000L, -1L));
        assertEquals(2, runs.size());
        assertEquals(0xFFFF_FFFF_FFFF_F000L, runs.get(1).va().start());
    }

    @Test
    void addressOutsideBothHalvesFaultsAtLevelZeroBeforeAnyRead() {
        AArch64Format f = AArch64Format.of(Granule.G4K, 39, 48, 48, NONE, AArch64Format.DEFAULT_MAIR);
        AddressSpace s = space(simulation(f, POOL, 1 << 20, 64), "k");
        WalkTrace t = s.walk(0x80_0000_0000L, Access.KERNEL_READ);
        assertEquals(0, t.steps().size());
        Fault fault = faulted(t.result()).fault();
        assertEquals(FaultKind.OUTSIDE_ADDRESS_SPACE, fault.kind());
        assertEquals("", fault.level());
        String expected = "translation fault at level 0: 0x80_0000_0000 is outside TTBR0 and TTBR1 ranges (bits 63:39 must "
                + "be all 0 for TTBR0_EL1, T0SZ=25, or bits 63:48 all 1 for TTBR1_EL1, T1SZ=16)";
        assertEquals(expected, fault.detail());
        assertEquals(expected, f.untranslatableReason(0x80_0000_0000L));
        assertEquals(new MappingError.Untranslatable(0x80_0000_0000L, f),
                rejection(s.map(0x80_0000_0000L, 4096, 0, KRW, PageSizePolicy.LARGEST, false)));
        assertEquals(FaultKind.OUTSIDE_ADDRESS_SPACE,
                faulted(s.translate(0xFFFE_FFFF_FFFF_F000L, Access.KERNEL_READ)).fault().kind());
        // the walk of one half refuses a VA of the other half
        Translation wrongHalf = f.walk(s.simulation().memory(), s.root(0), f.halves().get(0), 0xFFFF_0000_0000_0000L,
                Access.KERNEL_READ, null);
        assertEquals("0xffff_0000_0000_0000 is translated by TTBR1_EL1, not TTBR0_EL1", faulted(wrongHalf).fault().detail());
    }

    @Test
    void invalidAndReservedDescriptorsAreTranslationFaults() {
        Simulation sim = simulation(f4k(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        Translation.NotMapped empty = assertInstanceOf(Translation.NotMapped.class, s.translate(0x1000, Access.KERNEL_READ));
        assertEquals("L0", empty.level());
        applied(s.map(0x1000, 4096, 0x1000, KRW, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        // 0b01 at L3 is reserved and behaves as invalid
        m.write(POOL + 0x4008, 0x0060_0000_0000_1F01L);
        Translation.NotMapped l3 = assertInstanceOf(Translation.NotMapped.class, s.translate(0x1000, Access.KERNEL_READ));
        assertEquals("L3", l3.level());
        assertEquals(0x0060_0000_0000_1F01L, l3.entry());
        // 0b01 at L0 with the 4 KiB granule (no L0 blocks) likewise
        m.write(POOL, 0x0060_0000_0000_0F01L);
        assertEquals("L0", assertInstanceOf(Translation.NotMapped.class, s.translate(0x1000, Access.KERNEL_READ)).level());
        // 16 KiB granule: no L1 blocks
        Simulation sim16 = simulation(of(Granule.G16K, 48, 48), POOL, 1 << 20, 64);
        AddressSpace s16 = space(sim16, "k");
        applied(s16.map(0, 32L << 20, 0, KRW, PageSizePolicy.LARGEST, false));
        sim16.memory().write(POOL + 0x4000, 0x0060_0000_0000_0F01L);
        assertEquals("L1", assertInstanceOf(Translation.NotMapped.class, s16.translate(0, Access.KERNEL_READ)).level());
    }

    @Test
    void addressesBeyondThePhysicalAddressSizeAreAddressSizeFaults() {
        AArch64Format f = AArch64Format.of(Granule.G4K, 48, 48, 40, NONE, AArch64Format.DEFAULT_MAIR);
        Simulation sim = simulation(f, POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x1000, 4096, 0x1000, KRW, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        m.write(POOL + 0x4008, 0x0060_0100_0000_1F03L);
        Fault out = faulted(s.translate(0x1000, Access.KERNEL_READ)).fault();
        assertEquals(FaultKind.ADDRESS_SIZE, out.kind());
        assertEquals("L3", out.level());
        assertEquals("output address 0x100_0000_1000 is beyond the 40-bit physical address size", out.detail());
        m.write(POOL + 0x3000, 0x0000_8000_4000_4003L);
        Fault table = faulted(s.translate(0x1000, Access.KERNEL_READ)).fault();
        assertEquals(FaultKind.ADDRESS_SIZE, table.kind());
        assertEquals("L2", table.level());
        assertEquals(0x0000_8000_4000_4003L, table.entry());
        assertEquals("next-level table address 0x8000_4000_4000 is beyond the 40-bit physical address size",
                table.detail());
        // a root beyond the PA size faults before any read
        Translation.Faulted root = faulted(f.walk(m, 0x100_0000_0000L, f.halves().get(0), 0x1000, Access.KERNEL_READ, null));
        assertEquals("TTBR0_EL1 table address 0x100_0000_0000 is beyond the 40-bit physical address size (address size "
                + "fault at level 0)", root.fault().detail());
        assertEquals(new MappingError.PhysicalBeyondWidth(0x100_0000_0000L, 40),
                rejection(s.map(0x2000, 4096, 0x100_0000_0000L, KRW, PageSizePolicy.LARGEST, false)));
    }

    @Test
    void blockWithAddressBitsBelowItsSizeIsAMisalignedBlock() {
        Simulation sim = simulation(f4k(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x20_0000L, 2L << 20, 0x20_0000L, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0x4000_0000L, 1L << 30, 0x4000_0000L, KRW, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        m.write(POOL + 0x3008, 0x0060_0000_0020_1F01L);
        Fault f2 = faulted(s.translate(0x20_0000L, Access.KERNEL_READ)).fault();
        assertEquals(FaultKind.RESERVED_BIT, f2.kind());
        assertEquals("L2", f2.level());
        assertEquals("misaligned block: output address 0x20_1000 is not aligned to the 2 MiB block (bits 20:12 are RES0)",
                f2.detail());
        m.write(POOL + 0x2008, 0x0060_0000_6000_0F01L);
        assertEquals("misaligned block: output address 0x6000_0000 is not aligned to the 1 GiB block (bits 29:12 are RES0)",
                faulted(s.translate(0x4000_0000L, Access.KERNEL_READ)).fault().detail());
    }

    @Test
    void clearAccessFlagFaultsEveryAccessButTheMappingIsStillListed() {
        Simulation sim = simulation(f4k(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x1000, 4096, 0x5000, KRW.withAccessed(false), PageSizePolicy.LARGEST, false));
        assertEquals(0x0060_0000_0000_5B03L, sim.memory().read(POOL + 0x4008));
        Fault f = faulted(s.translate(0x1000, Access.KERNEL_READ)).fault();
        assertEquals(FaultKind.ACCESS_FLAG, f.kind());
        assertEquals("L3", f.level());
        assertEquals("AF=0 and hardware access flag management is off: the first access faults (kernel read)", f.detail());
        // AF is checked before permissions (an Access flag fault has priority over a Permission fault)
        assertEquals(FaultKind.ACCESS_FLAG, faulted(s.translate(0x1000, Access.USER_WRITE)).fault().kind());
        assertEquals(0x5010L, mapped(s.translate(0x1010, null)).pa());
        List<Run> runs = s.runs(AddressRange.ofSize(0, 1L << 30));
        assertEquals(1, runs.size());
        assertFalse(runs.get(0).attributes().accessed());
    }

    @Test
    void leafPermissionFaultsNameTheRuleThatDenied() {
        Simulation sim = simulation(f4k(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        PhysicalMemory m = sim.memory();
        applied(s.map(0x1000, 4096, 0x1000, KRX, PageSizePolicy.LARGEST, false));
        applied(s.map(0x2000, 4096, 0x2000, Attributes.of("rw").withUser(true), PageSizePolicy.LARGEST, false));
        Fault w = faulted(s.translate(0x1000, Access.KERNEL_WRITE)).fault();
        assertEquals(FaultKind.PERMISSION, w.kind());
        assertEquals("L3", w.level());
        assertEquals("kernel write not allowed (k:r-x u:---): AP[2]=1, read-only", w.detail());
        assertEquals("user read not allowed (k:r-x u:---): AP[1]=0, no EL0 access",
                faulted(s.translate(0x1000, Access.USER_READ)).fault().detail());
        assertEquals("user execute not allowed (k:r-x u:---): UXN=1",
                faulted(s.translate(0x1000, Access.USER_EXECUTE)).fault().detail());
        assertEquals("kernel execute not allowed (k:rw- u:rw-): PXN=1",
                faulted(s.translate(0x2000, Access.KERNEL_EXECUTE)).fault().detail());
        // D8.4: memory writable at EL0 is never executable at EL1, even with PXN=0
        m.write(POOL + 0x4010, 0x0040_0000_0000_2F43L);
        assertEquals("kernel execute not allowed (k:rw- u:rw-): memory writable at EL0 is never executable at EL1 "
                + "(implicit PXN)", faulted(s.translate(0x2000, Access.KERNEL_EXECUTE)).fault().detail());
        // read-only at EL0 (AP=11) with PXN=0: EL1 may execute
        m.write(POOL + 0x4010, 0x0040_0000_0000_2FC3L);
        assertEquals("k:r-x u:r--", mapped(s.translate(0x2000, Access.KERNEL_EXECUTE)).permissions().toString());
        // user r-x read-only
        applied(s.map(0x3000, 4096, 0x3000, Attributes.of("rx").withUser(true), PageSizePolicy.LARGEST, false));
        assertEquals(0x0020_0000_0000_3FC3L, m.read(POOL + 0x4018));
        assertEquals("user write not allowed (k:r-- u:r-x): AP[2]=1, read-only",
                faulted(s.translate(0x3000, Access.USER_WRITE)).fault().detail());
    }

    @Test
    void tableRestrictionsApplyToEverythingBelowTheirLevel() {
        Simulation sim = simulation(f4k(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        PhysicalMemory m = sim.memory();
        applied(s.map(0x1000, 4096, 0x1000, Attributes.of("rwx").withUser(true), PageSizePolicy.LARGEST, false));
        applied(s.map(0x2000, 4096, 0x2000, Attributes.of("rwx"), PageSizePolicy.LARGEST, false));
        long l0 = POOL;
        long l1 = POOL + 0x2000;
        long l2 = POOL + 0x3000;
        long l0e = m.read(l0);
        long l1e = m.read(l1);
        long l2e = m.read(l2);
        assertEquals("k:rw- u:rwx", mapped(s.translate(0x1000, Access.USER_EXECUTE)).permissions().toString());
        // UXNTable (bit 60) at L1
        m.write(l1, l1e | 1L << 60);
        assertEquals("user execute not allowed (k:rw- u:rw-): UXNTable=1 at L1",
                faulted(s.translate(0x1000, Access.USER_EXECUTE)).fault().detail());
        m.write(l1, l1e);
        // PXNTable (bit 59) at L2
        m.write(l2, l2e | 1L << 59);
        assertEquals("kernel execute not allowed (k:rw- u:---): PXNTable=1 at L2",
                faulted(s.translate(0x2000, Access.KERNEL_EXECUTE)).fault().detail());
        m.write(l2, l2e);
        // APTable[1] (bit 62) at L0: no writes below, at any exception level
        m.write(l0, l0e | 1L << 62);
        assertEquals("kernel write not allowed (k:r-x u:---): APTable[1]=1 at L0 forbids writes below",
                faulted(s.translate(0x2000, Access.KERNEL_WRITE)).fault().detail());
        assertEquals("user write not allowed (k:r-- u:r-x): APTable[1]=1 at L0 forbids writes below",
                faulted(s.translate(0x1000, Access.USER_WRITE)).fault().detail());
        // APTable[0] (bit 61) at L0: no EL0 access below
        m.write(l0, l0e | 1L << 61);
        assertEquals("user read not allowed (k:rw- u:--x): APTable[0]=1 at L0 forbids EL0 access below",
                faulted(s.translate(0x1000, Access.USER_READ)).fault().detail());
        WalkTrace t = s.walk(0x1000, Access.KERNEL_WRITE);
        assertEquals(1, t.steps().get(0).entry().field("APTable"));
        assertEquals("k:rw- u:--x", mapped(t.result()).permissions().toString());
    }

    @Test
    void panStopsKernelDataAccessToUserAccessibleMemory() {
        AArch64Format f = AArch64Format.of(Granule.G4K, 48, 48, 48, EnumSet.of(Feature.PAN), AArch64Format.DEFAULT_MAIR);
        AddressSpace s = space(simulation(f, POOL, 1 << 20, 64), "k");
        applied(s.map(0x1000, 4096, 0x1000, Attributes.of("rw").withUser(true), PageSizePolicy.LARGEST, false));
        applied(s.map(0x2000, 4096, 0x2000, Attributes.of("rx").withUser(true), PageSizePolicy.LARGEST, false));
        applied(s.map(0x3000, 4096, 0x3000, KRW, PageSizePolicy.LARGEST, false));
        assertEquals("kernel write not allowed (k:--- u:rw-): PSTATE.PAN forbids EL1 data access to EL0-accessible memory",
                faulted(s.translate(0x1000, Access.KERNEL_WRITE)).fault().detail());
        assertEquals("kernel read not allowed (k:--- u:r-x): PSTATE.PAN forbids EL1 data access to EL0-accessible memory",
                faulted(s.translate(0x2000, Access.KERNEL_READ)).fault().detail());
        assertEquals("k:rw- u:---", mapped(s.translate(0x3000, Access.KERNEL_WRITE)).permissions().toString());
        assertEquals("k:--- u:rw-", mapped(s.translate(0x1000, Access.USER_WRITE)).permissions().toString());
    }

    // ---- attribute errors and factory validation ---------------------------------------------------

    @Test
    void unexpressibleCombinationsNameFormatAndCombination() {
        AArch64Format f = f4k();
        assertEquals("aarch64-4k cannot express '-w- kernel wb': write without read (every valid AArch64 descriptor grants "
                + "EL1 read; AP[2:1] has no write-only encoding)", f.check(Attributes.of("w")).orElseThrow().message());
        assertEquals("aarch64-4k cannot express '--x kernel wb': execute-only pages (every valid AArch64 descriptor grants "
                + "EL1 read)", f.check(Attributes.of("x")).orElseThrow().message());
        assertEquals("aarch64-4k cannot express '--x user wb': execute-only pages (every valid AArch64 descriptor grants EL1 "
                + "read; EL0 execute-only, AP[2:1]=00 with UXN=0, would leave the page readable and writable at EL1)",
                f.check(Attributes.of("x").withUser(true)).orElseThrow().message());
        assertEquals("aarch64-4k cannot express '--- kernel wb': a valid page that cannot be read (every valid AArch64 "
                + "descriptor grants EL1 read; unmap the range instead)", f.check(Attributes.of("-")).orElseThrow().message());
        AArch64Format noWt = AArch64Format.of(Granule.G16K, 48, 48, 48, NONE, List.of(0xFF, 0x00, 0x44, 0x04, 0, 0, 0, 0));
        assertEquals("aarch64-16k cannot express 'rw- kernel wt': memory type wt (no MAIR_EL1 attribute is 0xbb, Normal "
                + "write-through; MAIR_EL1 is [0xff, 0x00, 0x44, 0x04, 0x00, 0x00, 0x00, 0x00])",
                noWt.check(KRW.withCache(CacheType.WRITE_THROUGH)).orElseThrow().message());
        AArch64Format allWb = AArch64Format.of(Granule.G64K, 48, 48, 48, NONE, List.of(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF));
        assertEquals("aarch64-64k cannot express 'rw- kernel device': memory type device (no MAIR_EL1 attribute is 0x00, "
                + "Device-nGnRnE; MAIR_EL1 is [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])",
                allWb.check(KRW.withCache(CacheType.DEVICE)).orElseThrow().message());
        assertEquals("aarch64-64k cannot express 'rw- kernel wc': memory type wc (no MAIR_EL1 attribute is 0x44, Normal "
                + "Non-cacheable; MAIR_EL1 is [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])",
                allWb.check(KRW.withCache(CacheType.WRITE_COMBINING)).orElseThrow().message());
        assertTrue(f.check(Attributes.of("r")).isEmpty());
    }

    @Test
    void mapRejectsUnexpressibleAttributesWithoutTouchingTables() {
        Simulation sim = simulation(f4k(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        assertEquals(new MappingError.UnsupportedAttributes(new AttributeError("aarch64-4k", Attributes.of("x"),
                "execute-only pages (every valid AArch64 descriptor grants EL1 read)")),
                rejection(s.map(0x1000, 4096, 0x1000, Attributes.of("x"), PageSizePolicy.LARGEST, false)));
        assertEquals(2, sim.memory().tableCount());
        assertThrows(IllegalArgumentException.class, () -> AArch64Format.of(Granule.G4K, 48, 48, 48, NONE,
                List.of(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)).leafTemplate(KRW.withCache(CacheType.DEVICE), 3, 4096));
    }

    @Test
    void factoryRejectsEveryInvalidArgumentWithItsReason() {
        List<Integer> mair = AArch64Format.DEFAULT_MAIR;
        assertEquals("an AArch64 format needs a granule (4 KiB, 16 KiB or 64 KiB)",
                refused(() -> AArch64Format.of(null, 48, 48, 48, NONE, mair)));
        assertEquals("the TTBR0_EL1 VA size must be 25 to 48 bits with the 4 KiB granule (T0SZ 16 to 39), not 49; VAs "
                + "wider than 48 bits need the 64 KiB granule (FEAT_LVA)",
                refused(() -> AArch64Format.of(Granule.G4K, 49, 48, 48, NONE, mair)));
        assertEquals("the TTBR1_EL1 VA size must be 25 to 48 bits with the 16 KiB granule (T1SZ 16 to 39), not 24",
                refused(() -> AArch64Format.of(Granule.G16K, 48, 24, 48, NONE, mair)));
        assertEquals("the TTBR1_EL1 VA size must be 25 to 52 bits with the 64 KiB granule (T1SZ 12 to 39), not 53",
                refused(() -> AArch64Format.of(Granule.G64K, 48, 53, 48, NONE, mair)));
        assertEquals("the AArch64 physical address size (TCR_EL1.IPS) is one of 32, 36, 40, 42, 44, 48 or 52 bits, not 46",
                refused(() -> AArch64Format.of(Granule.G4K, 48, 48, 46, NONE, mair)));
        assertEquals("a 52-bit physical address size needs the 64 KiB granule (FEAT_LPA); aarch64-16k supports up to 48 bits",
                refused(() -> AArch64Format.of(Granule.G16K, 48, 48, 52, NONE, mair)));
        assertEquals("the feature set is required (use an empty set for none)",
                refused(() -> AArch64Format.of(Granule.G4K, 48, 48, 48, null, mair)));
        assertEquals("feature NX does not apply to AArch64 (supported: PAN)",
                refused(() -> AArch64Format.of(Granule.G4K, 48, 48, 48, EnumSet.of(Feature.NX), mair)));
        assertEquals("MAIR_EL1 holds 8 attribute bytes, not 7",
                refused(() -> AArch64Format.of(Granule.G4K, 48, 48, 48, NONE, mair.subList(0, 7))));
        assertEquals("MAIR_EL1 holds 8 attribute bytes, not 0",
                refused(() -> AArch64Format.of(Granule.G4K, 48, 48, 48, NONE, null)));
        assertEquals("MAIR_EL1 Attr3 must be a byte (0 to 0xff), not 256",
                refused(() -> AArch64Format.of(Granule.G4K, 48, 48, 48, NONE, List.of(0xFF, 0, 0x44, 256, 4, 0, 0, 0))));
        assertEquals("MAIR_EL1 Attr0 must be a byte (0 to 0xff), not null",
                refused(() -> AArch64Format.of(Granule.G4K, 48, 48, 48, NONE, Arrays.asList(null, 0, 0, 0, 0, 0, 0, 0))));
        assertEquals("AArch64 has halves 0 (TTBR0_EL1) and 1 (TTBR1_EL1), not 2", refused(() -> f4k().vaBits(2)));
        // the limits themselves are accepted
        assertEquals(52, AArch64Format.of(Granule.G64K, 52, 25, 52, NONE, mair).vaBits(0));
        assertEquals(32, AArch64Format.of(Granule.G4K, 25, 48, 32, NONE, mair).physicalBits());
    }

    private static String refused(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void linuxFactoriesDescribeTheUsualArm64Configurations() {
        AArch64Format k4 = AArch64Format.linux4k48();
        assertEquals(Granule.G4K, k4.granule());
        assertEquals(48, k4.physicalBits());
        assertEquals(List.of(48, 48), List.of(k4.vaBits(0), k4.vaBits(1)));
        assertEquals(AArch64Format.DEFAULT_MAIR, k4.mair());
        assertEquals(List.of(0xFF, 0x00, 0x44, 0xBB, 0x04, 0, 0, 0), k4.mair());
        assertTrue(k4.features().isEmpty());
        AArch64Format k64 = AArch64Format.linux64k52();
        assertEquals(Granule.G64K, k64.granule());
        assertEquals(52, k64.physicalBits());
        assertEquals(List.of(AddressRange.inclusive(0xFFF0_0000_0000_0000L, -1L)), k64.halves().get(1).ranges());
        assertEquals(List.of(AddressRange.inclusive(0, 0x000F_FFFF_FFFF_FFFFL)), k64.halves().get(0).ranges());
        // sub-frame roots: allocation unit of 16 bytes for the 16-byte 16 KiB root, 512 bytes for the 64 KiB / 48-bit root
        assertEquals(12, k4.allocationUnitShift());
        assertEquals(4, of(Granule.G16K, 48, 48).allocationUnitShift());
        assertEquals(9, of(Granule.G64K, 48, 48).allocationUnitShift());
    }

    // ---- editing inside blocks ---------------------------------------------------------------------

    @Test
    void unmappingOnePageOfAGibBlockSplitsTwiceAndCompactMergesBack() {
        Simulation sim = simulation(f4k(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        PhysicalMemory m = sim.memory();
        long va = 0xFFFF_0000_4000_0000L;
        assertEquals(List.of(new Event.TableAllocated("L1", POOL + 0x2000, AddressRange.ofSize(0xFFFF_0000_0000_0000L, 512L << 30))),
                applied(s.map(va, 1L << 30, 0x8000_0000L, KRW, PageSizePolicy.LARGEST, false)).events());
        assertEquals(0x0060_0000_8000_0F01L, m.read(POOL + 0x2008));
        assertEquals(List.of(new Event.TableAllocated("L2", POOL + 0x3000, AddressRange.ofSize(va, 1L << 30)),
                new Event.Split("L1", POOL + 0x2000, 1, va, 1L << 30, "L2", 512, 2L << 20),
                new Event.TableAllocated("L3", POOL + 0x4000, AddressRange.ofSize(va, 2L << 20)),
                new Event.Split("L2", POOL + 0x3000, 0, va, 2L << 20, "L3", 512, 4096)),
                applied(s.unmap(va + 0x1000, 4096)).events());
        // L1[1] -> L2 table; L2[0] -> L3 table; L2[1..511] are 2 MiB blocks; L3[1] is gone, the rest preserved
        assertEquals(POOL + 0x3003, m.read(POOL + 0x2008));
        assertEquals(POOL + 0x4003, m.read(POOL + 0x3000));
        assertEquals(0x0060_0000_8020_0F01L, m.read(POOL + 0x3008));
        assertEquals(0x0060_0000_BFE0_0F01L, m.read(POOL + 0x3000 + 511 * 8));
        assertEquals(0x0060_0000_8000_0F03L, m.read(POOL + 0x4000));
        assertEquals(0L, m.read(POOL + 0x4008));
        assertEquals(0x0060_0000_8000_2F03L, m.read(POOL + 0x4010));
        assertEquals(0x0060_0000_801F_FF03L, m.read(POOL + 0x4000 + 511 * 8));
        assertEquals("L3", assertInstanceOf(Translation.NotMapped.class, s.translate(va + 0x1000, Access.KERNEL_READ)).level());
        assertEquals(0x8000_2000L, mapped(s.translate(va + 0x2000, Access.KERNEL_READ)).pa());

        assertEquals(List.of(), applied(s.map(va + 0x1000, 4096, 0x8000_1000L, KRW, PageSizePolicy.LARGEST, false)).events());
        assertEquals(List.of(new Event.Merged("L2", POOL + 0x3000, 0, va, 2L << 20, "L3", 512, 4096),
                new Event.TableFreed("L3", POOL + 0x4000, AddressRange.ofSize(va, 2L << 20)),
                new Event.Merged("L1", POOL + 0x2000, 1, va, 1L << 30, "L2", 512, 2L << 20),
                new Event.TableFreed("L2", POOL + 0x3000, AddressRange.ofSize(va, 1L << 30))),
                applied(s.compact()).events());
        assertEquals(0x0060_0000_8000_0F01L, m.read(POOL + 0x2008));
        Translation.Mapped back = mapped(s.translate(va + 0x1234, Access.KERNEL_WRITE));
        assertEquals(0x8000_1234L, back.pa());
        assertEquals(1L << 30, back.pageSize());
    }

    @Test
    void protectingOnePageOfABlockSplitsItAndKeepsTheRest() {
        Simulation sim = simulation(f4k(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        PhysicalMemory m = sim.memory();
        applied(s.map(0x20_0000L, 2L << 20, 0x20_0000L, KRW, PageSizePolicy.LARGEST, false));
        assertEquals(List.of(new Event.TableAllocated("L3", POOL + 0x4000, AddressRange.ofSize(0x20_0000L, 2L << 20)),
                new Event.Split("L2", POOL + 0x3000, 1, 0x20_0000L, 2L << 20, "L3", 512, 4096)),
                applied(s.protect(0x20_5000L, 4096, KRX)).events());
        assertEquals(POOL + 0x4003, m.read(POOL + 0x3008));
        // L3[5] kernel r-x: UXN | addr | nG | AF | SH | AP=10 | 0b11; its neighbours keep kernel rw-
        assertEquals(0x0040_0000_0020_5F83L, m.read(POOL + 0x4000 + 5 * 8));
        assertEquals(0x0060_0000_0020_4F03L, m.read(POOL + 0x4000 + 4 * 8));
        assertEquals(0x0060_0000_0020_6F03L, m.read(POOL + 0x4000 + 6 * 8));
        assertEquals("kernel write not allowed (k:r-x u:---): AP[2]=1, read-only",
                faulted(s.translate(0x20_5000L, Access.KERNEL_WRITE)).fault().detail());
        applied(s.protect(0x20_5000L, 4096, KRW));
        assertEquals(List.of(new Event.Merged("L2", POOL + 0x3000, 1, 0x20_0000L, 2L << 20, "L3", 512, 4096),
                new Event.TableFreed("L3", POOL + 0x4000, AddressRange.ofSize(0x20_0000L, 2L << 20))),
                applied(s.compact()).events());
        assertEquals(0x0060_0000_0020_0F01L, m.read(POOL + 0x3008));
    }

    @Test
    void sixteenKibBlockSplitsIntoTwoThousandFortyEightPages() {
        Simulation sim = simulation(of(Granule.G16K, 48, 48), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0, 32L << 20, 0x200_0000L, KRW, PageSizePolicy.LARGEST, false));
        // 16 KiB tables: the root's frame, L1 at +0x4000, L2 at +0x8000, the new L3 at +0xC000
        assertEquals(List.of(new Event.TableAllocated("L3", POOL + 0xC000, AddressRange.ofSize(0, 32L << 20)),
                new Event.Split("L2", POOL + 0x8000, 0, 0, 32L << 20, "L3", 2048, 16384)),
                applied(s.unmap(0x4000, 16384)).events());
        PhysicalMemory m = sim.memory();
        assertEquals(0x0060_0000_0200_0F03L, m.read(POOL + 0xC000));
        assertEquals(0L, m.read(POOL + 0xC008));
        assertEquals(0x0060_0000_03FF_CF03L, m.read(POOL + 0xC000 + 2047 * 8));
    }
}
