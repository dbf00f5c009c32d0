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

import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.space.MappingError;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.Event;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;
import org.pt.engine.walk.Fault;
import org.pt.engine.walk.FaultKind;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkStep;
import org.pt.engine.walk.WalkTrace;

/**
 * Bit-exact RISC-V PTEs and walks. Sections cited are from the RISC-V Privileged Architecture, "Supervisor-Level
 * ISA": Sv32 (PTE figure: PPN[1] 31:20, PPN[0] 19:10, RSW 9:8, D A G U X W R V), Sv39/Sv48/Sv57 (PTE figures: N 63,
 * PBMT 62:61, Reserved 60:54, PPN 53:10), "Virtual Address Translation Process" (steps 1-8) and the Svpbmt chapter
 * (PBMT 0 PMA, 1 NC, 2 IO, 3 reserved).
 *
 * <p>Every raw PTE is {@code (PA >> 12) << 10 | flags} = {@code PA >> 2 | flags} with V=0x1 R=0x2 W=0x4 X=0x8 U=0x10
 * G=0x20 A=0x40 D=0x80. Tables come from the pool lowest address first, the root first.
 */
class RiscVFormatTest {

    private static final long POOL = 0x8100_0000L;
    private static final long POOL32 = 0x8040_0000L;
    private static final Attributes KRW = Attributes.KERNEL_RW;
    private static final long MIB2 = 2L << 20;
    private static final long GIB = 1L << 30;

    private static Translation.Faulted faulted(Translation t) {
        return assertInstanceOf(Translation.Faulted.class, t);
    }

    private static Translation.Mapped mapped(Translation t) {
        return assertInstanceOf(Translation.Mapped.class, t);
    }

    private static void assertFault(FaultKind kind, String level, String detail, Translation t) {
        Fault f = faulted(t).fault();
        assertEquals(kind, f.kind());
        assertEquals(level, f.level());
        assertEquals(detail, f.detail());
    }

    private static List<String> steps(WalkTrace t) {
        return t.steps().stream().map(s -> s.level() + "[" + s.index() + "]").collect(Collectors.toList());
    }

    // ---- Sv39 -------------------------------------------------------------------------------------

    @Test
    void sv39KernelGlobalMegapageInTheHighHalfIsOnePointerAndOneLeaf() {
        Simulation sim = simulation(RiscVFormat.sv39(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        long va = 0xFFFF_FFC0_0020_0000L;
        List<Event> events = applied(s.map(va, MIB2, 0x8020_0000L, KRW.withGlobal(true), PageSizePolicy.LARGEST, false))
                .events();
        // VPN[2] = va[38:30] = 0x100 = 256 (0xFFFF_FFC0_0000_0000 is 2^64 - 2^38), VPN[1] = va[29:21] = 1
        assertEquals(List.of(new Event.TableAllocated("L1", POOL + 0x1000, AddressRange.ofSize(0xFFFF_FFC0_0000_0000L, GIB))), events);
        PhysicalMemory m = sim.memory();
        // pointer: (0x8100_1000 >> 12) << 10 | V = 0x81001 << 10 | 1 = 0x2040_0401
        assertEquals(0x2040_0401L, m.read(POOL + 256 * 8));
        // 2 MiB leaf: 0x8020_0000 >> 2 = 0x2008_0000 | D A G W R V (0x80+0x40+0x20+0x4+0x2+0x1 = 0xE7)
        assertEquals(0x2008_00E7L, m.read(POOL + 0x1000 + 8));

        WalkTrace t = s.walk(0xFFFF_FFC0_0023_4567L, Access.KERNEL_WRITE);
        assertEquals("satp", t.half());
        assertEquals(List.of("L2[256]", "L1[1]"), steps(t));
        WalkStep root = t.steps().get(0);
        assertEquals(POOL, root.tablePa());
        assertEquals(POOL + 0x800, root.entryPa());
        assertEquals(0x2040_0401L, root.entry().raw());
        assertEquals(EntryKind.TABLE, root.entry().kind());
        assertEquals(POOL + 0x1000, root.entry().address().getAsLong());
        assertEquals(POOL + 0x1008, t.steps().get(1).entryPa());
        Translation.Mapped mp = mapped(t.result());
        // pa.ppn[0] = va.vpn[0] for a superpage: 0x8020_0000 + 0x3_4567
        assertEquals(0x8023_4567L, mp.pa());
        assertEquals(MIB2, mp.pageSize());
        assertEquals("L1", mp.level());
        assertEquals("k:rw- u:---", mp.permissions().toString());
        assertEquals(KRW.withGlobal(true), mp.attributes());
    }

    @Test
    void sv39GigapageAndBasePageHaveExactEntriesAtEveryLevel() {
        Simulation sim = simulation(RiscVFormat.sv39(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x4000_0000L, GIB, 0xC000_0000L, Attributes.of("rx").withUser(true), PageSizePolicy.LARGEST, false));
        applied(s.map(0x1000, 4096, 0x8000_5000L, Attributes.of("r"), PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        // 1 GiB leaf in L2[1]: 0xC000_0000 >> 2 = 0x3000_0000 | D A U X R V (0x80+0x40+0x10+0x8+0x2+0x1 = 0xDB)
        assertEquals(0x3000_00DBL, m.read(POOL + 8));
        // L2[0] -> L1 at POOL+0x1000: 0x81001 << 10 | V; L1[0] -> L0 at POOL+0x2000: 0x81002 << 10 | V
        assertEquals(0x2040_0401L, m.read(POOL));
        assertEquals(0x2040_0801L, m.read(POOL + 0x1000));
        // 4 KiB leaf in L0[1]: 0x8000_5000 >> 2 = 0x2000_1400 | D A R V (0xC3)
        assertEquals(0x2000_14C3L, m.read(POOL + 0x2000 + 8));

        WalkTrace giga = s.walk(0x4567_89ABL, Access.USER_EXECUTE);
        assertEquals(List.of("L2[1]"), steps(giga));
        Translation.Mapped g = mapped(giga.result());
        assertEquals(0xC567_89ABL, g.pa());
        assertEquals(GIB, g.pageSize());
        assertEquals("k:--- u:r-x", g.permissions().toString());

        WalkTrace small = s.walk(0x1ABCL, Access.KERNEL_READ);
        assertEquals(List.of("L2[0]", "L1[0]", "L0[1]"), steps(small));
        assertEquals(0x2000_14C3L, small.steps().get(2).entry().raw());
        Translation.Mapped p = mapped(small.result());
        assertEquals(0x8000_5ABCL, p.pa());
        assertEquals(4096, p.pageSize());
        assertEquals("L0", p.level());
        assertEquals("k:r-- u:---", p.permissions().toString());
    }

    @Test
    void tableEntriesHoldOnlyThePpnAndValid() {
        RiscVFormat f = RiscVFormat.sv39();
        // non-leaf PTEs: D, A and U are reserved and cleared; G is left clear; only V and the PPN
        assertEquals(0x2040_0401L, f.tableEntry(0x8100_1000L, 2));
        assertEquals(EntryKind.TABLE, f.kind(0x2040_0401L, 2));
        assertEquals(0x8100_1000L, f.address(0x2040_0401L, 1));
        assertEquals(0x2010_0401L, RiscVFormat.sv32().tableEntry(0x8040_1000L, 1));
        assertEquals(EntryKind.INVALID, f.kind(0x2040_0400L, 2));
        assertEquals(EntryKind.LEAF, f.kind(0x2000_04C9L, 0));
    }

    // ---- Sv32 -------------------------------------------------------------------------------------

    @Test
    void sv32MegapageAndBasePageUseFourBytePtesWithA34BitPhysicalAddress() {
        Simulation sim = simulation(RiscVFormat.sv32(), POOL32, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0xC000_0000L, 4L << 20, 0x2_0040_0000L, Attributes.of("rwx"), PageSizePolicy.LARGEST, false));
        applied(s.map(0x0040_1000L, 4096, 0x3_FFFF_F000L, Attributes.of("rw").withUser(true), PageSizePolicy.LARGEST,
                false));
        PhysicalMemory m = sim.memory();
        // VPN[1] = 0xC000_0000 >> 22 = 768; 0x2_0040_0000 >> 2 = 0x8010_0000 (PPN[1] = 0x801, PPN[0] = 0)
        // | D A X W R V (0xCF)
        assertEquals(0x8010_00CFL, m.read(POOL32 + 768 * 4));
        // L1[1] -> L0 at 0x8040_1000: 0x80401 << 10 | V
        assertEquals(0x2010_0401L, m.read(POOL32 + 4));
        // L0[1]: 0x3_FFFF_F000 >> 2 = 0xFFFF_FC00 | D A U W R V (0xD7)
        assertEquals(0xFFFF_FCD7L, m.read(POOL32 + 0x1000 + 4));

        Translation.Mapped mega = mapped(s.translate(0xC012_3456L, Access.KERNEL_EXECUTE));
        assertEquals(0x2_0052_3456L, mega.pa());
        assertEquals(4L << 20, mega.pageSize());
        assertEquals("L1", mega.level());
        assertEquals("k:rwx u:---", mega.permissions().toString());

        WalkTrace t = s.walk(0x0040_1ABCL, Access.USER_WRITE);
        assertEquals(List.of("L1[1]", "L0[1]"), steps(t));
        assertEquals(POOL32 + 0x1004, t.steps().get(1).entryPa());
        assertEquals(0xFFFF_FCD7L, t.steps().get(1).entry().raw());
        Translation.Mapped p = mapped(t.result());
        assertEquals(0x3_FFFF_FABCL, p.pa());
        assertEquals("k:--- u:rw-", p.permissions().toString());
    }

    @Test
    void sv32RunsOfBasePagesGrowByPaShiftedRightTwo() {
        RiscVFormat f = RiscVFormat.sv32();
        assertEquals(0x400, f.linearIncrement(0, 4096));
        assertEquals(0x10_0000, f.linearIncrement(1, 4L << 20));
        Simulation sim = simulation(f, POOL32, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x0080_0000L, 0x3000, 0x1000, KRW, PageSizePolicy.SMALLEST, false));
        PhysicalMemory m = sim.memory();
        // L1[2] -> L0 at 0x8040_1000; entries 0x1000 >> 2 = 0x400, 0x800, 0xC00 | D A W R V (0xC7)
        assertEquals(0x2010_0401L, m.read(POOL32 + 8));
        assertEquals(0x4C7L, m.read(POOL32 + 0x1000));
        assertEquals(0x8C7L, m.read(POOL32 + 0x1004));
        assertEquals(0xCC7L, m.read(POOL32 + 0x1008));
        assertEquals(0L, m.read(POOL32 + 0x100C));
    }

    @Test
    void sv32AddressAboveFourGibIsOutsideTheAddressSpace() {
        AddressSpace s = space(simulation(RiscVFormat.sv32(), POOL32, 1 << 20, 64), "k");
        WalkTrace t = s.walk(0x1_0000_0000L, Access.KERNEL_READ);
        assertEquals(0, t.steps().size());
        assertFault(FaultKind.OUTSIDE_ADDRESS_SPACE, "", "0x1_0000_0000 is above the 32-bit address space of sv32",
                t.result());
    }

    // ---- Sv48 and Sv57 ----------------------------------------------------------------------------

    @Test
    void sv48TerapageAndTopBasePageOfTheLowHalf() {
        Simulation sim = simulation(RiscVFormat.sv48(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0xFFFF_8000_0000_0000L, 512L << 30, 0x80_0000_0000L, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0x7FFF_FFFF_F000L, 4096, 0x1_2345_6000L, Attributes.of("rx").withUser(true),
                PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        // VPN[3] of 0xFFFF_8000_0000_0000 (2^64 - 2^47) = 256; 0x80_0000_0000 >> 2 = 0x20_0000_0000 | 0xC7
        assertEquals(0x20_0000_00C7L, m.read(POOL + 256 * 8));
        // 0x7FFF_FFFF_F000: VPN[3] = 255, VPN[2] = VPN[1] = VPN[0] = 511; tables at +0x1000, +0x2000, +0x3000
        // leaf: 0x1_2345_6000 >> 2 = 0x48D1_5800 | D A U X R V (0xDB)
        assertEquals(0x48D1_58DBL, m.read(POOL + 0x3000 + 511 * 8));

        Translation.Mapped tera = mapped(s.translate(0xFFFF_8012_3456_789AL, Access.KERNEL_READ));
        assertEquals(0x92_3456_789AL, tera.pa());
        assertEquals(512L << 30, tera.pageSize());
        assertEquals("L3", tera.level());

        WalkTrace t = s.walk(0x7FFF_FFFF_FFFFL, Access.USER_READ);
        assertEquals(List.of("L3[255]", "L2[511]", "L1[511]", "L0[511]"), steps(t));
        assertEquals(0x1_2345_6FFFL, mapped(t.result()).pa());
        assertFault(FaultKind.NON_CANONICAL, "",
                "0x8000_0000_0000 is not a valid Sv48 address: bits 63:48 must all equal bit 47",
                s.translate(0x8000_0000_0000L, Access.KERNEL_READ));
    }

    @Test
    void sv57PetapageAndFiveLevelWalkInTheHighHalf() {
        Simulation sim = simulation(RiscVFormat.sv57(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x0001_0000_0000_0000L, 256L << 40, 0x0080_0000_0000_0000L, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0xFF12_3456_789A_B000L, 4096, 0x00AB_CDEF_0123_4000L, KRW, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        // 256 TiB leaf in L4[1]: 2^55 >> 2 = 2^53 (the top PPN bit) | 0xC7
        assertEquals(0x0020_0000_0000_00C7L, m.read(POOL + 8));
        Translation.Mapped peta = mapped(s.translate(0x0001_1234_5678_9ABCL, Access.KERNEL_WRITE));
        assertEquals(0x0080_1234_5678_9ABCL, peta.pa());
        assertEquals(256L << 40, peta.pageSize());
        assertEquals("L4", peta.level());

        // 0xFF12_3456_789A_B000: VPN[4] = va[56:48] = 0x112 = 274, VPN[3] = va[47:39] = 0x68 = 104,
        // VPN[2] = va[38:30] = 0x159 = 345, VPN[1] = va[29:21] = 0x1C4 = 452, VPN[0] = va[20:12] = 0x1AB = 427
        WalkTrace t = s.walk(0xFF12_3456_789A_BCDEL, Access.KERNEL_READ);
        assertEquals(List.of("L4[274]", "L3[104]", "L2[345]", "L1[452]", "L0[427]"), steps(t));
        assertEquals(List.of(POOL, POOL + 0x1000, POOL + 0x2000, POOL + 0x3000, POOL + 0x4000),
                t.steps().stream().map(WalkStep::tablePa).collect(Collectors.toList()));
        // pointers: 0x81001 << 10 | V ...; leaf: 0xAB_CDEF_0123_4000 >> 2 = 0x2A_F37B_C048_D000 | 0xC7
        assertEquals(0x2040_0401L, t.steps().get(0).entry().raw());
        assertEquals(0x2040_1001L, t.steps().get(3).entry().raw());
        assertEquals(0x002A_F37B_C048_D0C7L, t.steps().get(4).entry().raw());
        assertEquals(POOL + 0x4000 + 427 * 8, t.steps().get(4).entryPa());
        assertEquals(0x00AB_CDEF_0123_4CDEL, mapped(t.result()).pa());
        assertFault(FaultKind.NON_CANONICAL, "",
                "0x100_0000_0000_0000 is not a valid Sv57 address: bits 63:57 must all equal bit 56",
                s.translate(0x0100_0000_0000_0000L, Access.KERNEL_READ));
    }

    // ---- attributes -------------------------------------------------------------------------------

    @Test
    void executeOnlyPagesAreExpressibleAndNotReadable() {
        RiscVFormat f = RiscVFormat.sv39();
        assertTrue(f.check(Attributes.of("x")).isEmpty());
        Simulation sim = simulation(f, POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x1000, 4096, 0x5000, Attributes.of("x"), PageSizePolicy.LARGEST, false));
        // 0x5000 >> 2 = 0x1400 | D A X V (0x80+0x40+0x8+0x1 = 0xC9)
        assertEquals(0x14C9L, sim.memory().read(POOL + 0x2000 + 8));
        Translation.Mapped x = mapped(s.translate(0x1000, Access.KERNEL_EXECUTE));
        assertEquals("k:--x u:---", x.permissions().toString());
        assertFault(FaultKind.PERMISSION, "L0", "kernel read not allowed (k:--x u:---)",
                s.translate(0x1000, Access.KERNEL_READ));
    }

    @Test
    void writeWithoutReadAndPagesWithoutRightsAreRejected() {
        RiscVFormat f = RiscVFormat.sv39();
        assertEquals("sv39 cannot express '-w- kernel wb': write without read is a reserved encoding",
                f.check(Attributes.of("w")).orElseThrow().message());
        assertEquals("sv39 cannot express '-wx kernel wb': write without read is a reserved encoding",
                f.check(Attributes.of("wx")).orElseThrow().message());
        assertEquals("sv39 cannot express '--- kernel wb': a page with no access rights (R=W=X=0 marks a pointer to "
                + "the next-level table)", f.check(Attributes.of("")).orElseThrow().message());
        assertEquals("sv32 cannot express '-w- user wb': write without read is a reserved encoding",
                RiscVFormat.sv32().check(Attributes.of("w").withUser(true)).orElseThrow().message());
        Simulation sim = simulation(f, POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        assertEquals(new MappingError.UnsupportedAttributes(new AttributeError("sv39", Attributes.of("w"),
                "write without read is a reserved encoding")),
                rejection(s.map(0x1000, 4096, 0x1000, Attributes.of("w"), PageSizePolicy.LARGEST, false)));
        assertEquals(1, sim.memory().tableCount());
    }

    @Test
    void memoryTypesOtherThanWriteBackNeedSvpbmt() {
        Attributes uc = KRW.withCache(CacheType.UNCACHED);
        assertEquals("sv39 cannot express 'rw- kernel uc': memory type uc needs Svpbmt (PBMT bits); without it the "
                + "PMAs decide", RiscVFormat.sv39().check(uc).orElseThrow().message());
        assertEquals("sv48 cannot express 'rw- kernel device': memory type device needs Svpbmt (PBMT bits); without it "
                + "the PMAs decide", RiscVFormat.sv48().check(KRW.withCache(CacheType.DEVICE)).orElseThrow().message());
        assertEquals("sv32 cannot express 'rw- kernel wc': memory type wc needs Svpbmt (PBMT bits), which Sv32 PTEs do "
                + "not have; the PMAs decide",
                RiscVFormat.sv32().check(KRW.withCache(CacheType.WRITE_COMBINING)).orElseThrow().message());
        RiscVFormat pbmt = RiscVFormat.of(RiscVFormat.Mode.SV39, 56, EnumSet.of(Feature.SVPBMT));
        assertEquals("sv39 cannot express 'rw- kernel wt': memory type wt (Svpbmt encodes only PMA, NC and IO)",
                pbmt.check(KRW.withCache(CacheType.WRITE_THROUGH)).orElseThrow().message());
        assertTrue(pbmt.check(uc).isEmpty());
        // shareability is not encoded: any is accepted and reads back as INNER
        assertTrue(RiscVFormat.sv39().check(KRW.withShareability(Shareability.OUTER)).isEmpty());
        assertEquals(KRW, RiscVFormat.sv39().normalize(KRW.withShareability(Shareability.OUTER), 0, 4096));
    }

    @Test
    void svpbmtEncodesNcAndIoInBits62And61() {
        RiscVFormat f = RiscVFormat.of(RiscVFormat.Mode.SV39, 56, EnumSet.of(Feature.SVPBMT));
        Simulation sim = simulation(f, POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x1000, 4096, 0x1000_0000L, KRW.withCache(CacheType.UNCACHED), PageSizePolicy.LARGEST, false));
        applied(s.map(0x2000, 4096, 0x1000_1000L, KRW.withCache(CacheType.DEVICE), PageSizePolicy.LARGEST, false));
        applied(s.map(0x3000, 4096, 0x1000_2000L, KRW.withCache(CacheType.WRITE_COMBINING), PageSizePolicy.LARGEST,
                false));
        applied(s.map(0x4000, 4096, 0x1000_3000L, KRW, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        long l0 = POOL + 0x2000;
        // NC = 1 << 61; 0x1000_0000 >> 2 = 0x400_0000 | 0xC7
        assertEquals(0x2000_0000_0400_00C7L, m.read(l0 + 8));
        // IO = 2 << 61
        assertEquals(0x4000_0000_0400_04C7L, m.read(l0 + 16));
        // write-combining is NC too
        assertEquals(0x2000_0000_0400_08C7L, m.read(l0 + 24));
        // PMA = 0
        assertEquals(0x0000_0000_0400_0CC7L, m.read(l0 + 32));
        assertEquals(CacheType.UNCACHED, mapped(s.translate(0x3000, Access.KERNEL_READ)).attributes().cache());
        assertEquals(CacheType.DEVICE, mapped(s.translate(0x2000, Access.KERNEL_READ)).attributes().cache());
        assertEquals(KRW.withCache(CacheType.UNCACHED), f.normalize(KRW.withCache(CacheType.WRITE_COMBINING), 0, 4096));
        assertEquals("0x20000000040000c7 leaf addr=0x1000_0000 N=0 PBMT=1 Reserved=0 PPN[2]=0 PPN[1]=0x80 PPN[0]=0 "
                + "RSW=0 D=1 A=1 G=0 U=0 X=0 W=1 R=1 V=1 memory NC (PBMT=1)", f.decode(0x2000_0000_0400_00C7L, 0).toString());
    }

    @Test
    void encodingRoundTripsAtEveryLevelAndIsLinearInTheAddress() {
        RiscVFormat f = RiscVFormat.of(RiscVFormat.Mode.SV48, 56, EnumSet.of(Feature.SVPBMT));
        List<Attributes> all = List.of(KRW, Attributes.KERNEL_RX.withGlobal(true), Attributes.of("x").withUser(true),
                Attributes.of("rwx").withUser(true).withCache(CacheType.DEVICE), Attributes.of("r").withAccessed(false)
                        .withDirty(false).withCache(CacheType.WRITE_COMBINING));
        for (int level = 0; level <= 3; level++) {
            long size = 1L << (12 + 9 * level);
            long pa = 3 * size;
            for (Attributes a : all) {
                Attributes n = f.normalize(a, level, size);
                long e = f.withAddress(f.leafTemplate(a, level, size), pa, level, size);
                assertEquals(n, f.leafAttributes(e, level));
                assertEquals(n, f.normalize(n, level, size));
                assertEquals(EntryKind.LEAF, f.kind(e, level));
                assertEquals(pa, f.address(e, level));
                assertEquals(size, f.leafSize(e, level));
                assertEquals(size >>> 2, f.withAddress(f.leafTemplate(a, level, size), pa + size, level, size) - e);
                assertEquals(size >>> 2, f.linearIncrement(level, size));
            }
        }
        assertEquals(Attributes.of("r").withAccessed(false).withDirty(false).withCache(CacheType.UNCACHED),
                f.normalize(Attributes.of("r").withAccessed(false).withDirty(false).withCache(CacheType.WRITE_COMBINING),
                        0, 4096));
    }

    @Test
    void decodeNamesThePpnPartsAsTheSpecDrawsThem() {
        assertEquals("0x200800e7 leaf addr=0x8020_0000 N=0 PBMT=0 Reserved=0 PPN[2]=2 PPN[1]=1 PPN[0]=0 RSW=0 D=1 A=1 "
                + "G=1 U=0 X=0 W=1 R=1 V=1 memory PMA (no Svpbmt)", RiscVFormat.sv39().decode(0x2008_00E7L, 1).toString());
        assertEquals("0x801000cf leaf addr=0x2_0040_0000 PPN[1]=0x801 PPN[0]=0 RSW=0 D=1 A=1 G=0 U=0 X=1 W=1 R=1 V=1 "
                + "memory PMA (no Svpbmt)",
                RiscVFormat.sv32().decode(0x8010_00CFL, 1).toString());
        // Sv57: PPN[4] is 8 bits at 53:46; 2^53 is its top bit
        DecodedEntry d = RiscVFormat.sv57().decode(0x0020_0000_0000_0301L, 4);
        assertEquals(EntryKind.TABLE, d.kind());
        assertEquals(0x80L, d.field("PPN[4]"));
        assertEquals(0L, d.field("PPN[3]"));
        assertEquals(3L, d.field("RSW"));
        assertEquals(0x0080_0000_0000_0000L, d.address().getAsLong());
        assertTrue(RiscVFormat.sv39().decode(0x2008_00E6L, 1).address().isEmpty());
    }

    // ---- faults -----------------------------------------------------------------------------------

    /** 4 KiB at 0x1000 -> 0x8000_1000 (L0[1] at POOL+0x2008), 2 MiB at 0x20_0000 (L1[1]), 1 GiB at 0x4000_0000 (L2[1]). */
    private static AddressSpace faultSpace(Simulation sim) {
        AddressSpace s = space(sim, "k");
        applied(s.map(0x1000, 4096, 0x8000_1000L, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0x20_0000L, MIB2, 0x8020_0000L, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0x4000_0000L, GIB, 0x4000_0000L, KRW, PageSizePolicy.LARGEST, false));
        return s;
    }

    @Test
    void invalidAndWriteWithoutReadEntriesFaultAtTheirLevel() {
        Simulation sim = simulation(RiscVFormat.sv39(), POOL, 1 << 20, 64);
        AddressSpace s = faultSpace(sim);
        PhysicalMemory m = sim.memory();
        long leaf = POOL + 0x2008;
        assertEquals(0x2000_04C7L, m.read(leaf));
        m.write(leaf, 0x2000_04C6L);
        Translation.NotMapped n = assertInstanceOf(Translation.NotMapped.class, s.translate(0x1000, Access.KERNEL_READ));
        assertEquals("L0", n.level());
        assertEquals(0x2000_04C6L, n.entry());
        // V W A D without R (step 2: R=0 and W=1)
        m.write(leaf, 0x2000_04C5L);
        assertFault(FaultKind.WRITE_WITHOUT_READ, "L0", "W=1 with R=0 is reserved", s.translate(0x1000, null));
        assertEquals(0x2000_04C5L, faulted(s.translate(0x1000, Access.KERNEL_READ)).fault().entry());
        Translation.NotMapped top = assertInstanceOf(Translation.NotMapped.class,
                s.translate(0x10_0000_0000L, Access.KERNEL_READ));
        assertEquals("L2", top.level());
    }

    @Test
    void reservedBitsAndEncodingsFault() {
        Simulation sim = simulation(RiscVFormat.sv39(), POOL, 1 << 20, 64);
        AddressSpace s = faultSpace(sim);
        PhysicalMemory m = sim.memory();
        long leaf = POOL + 0x2008;
        m.write(leaf, 0x0040_0000_2000_04C7L);
        assertFault(FaultKind.RESERVED_BIT, "L0", "bit 54 is reserved (bits 60:54 must be 0)",
                s.translate(0x1000, Access.KERNEL_READ));
        m.write(leaf, 0x1000_0000_2000_04C7L);
        assertFault(FaultKind.RESERVED_BIT, "L0", "bit 60 is reserved (bits 60:54 must be 0)",
                s.translate(0x1000, null));
        m.write(leaf, 0x8000_0000_2000_04C7L);
        assertFault(FaultKind.RESERVED_BIT, "L0", "bit 63 (N) is reserved without Svnapot",
                s.translate(0x1000, Access.KERNEL_READ));
        m.write(leaf, 0x2000_0000_2000_04C7L);
        assertFault(FaultKind.RESERVED_BIT, "L0", "bits 62:61 (PBMT) are reserved without Svpbmt",
                s.translate(0x1000, Access.KERNEL_READ));
        m.write(leaf, 0x2000_04C7L);
        // non-leaf L2[0] with A, then D, then U
        long ptr = m.read(POOL);
        m.write(POOL, ptr | 0x40);
        assertFault(FaultKind.RESERVED_BIT, "L2", "bit 6 (A) is reserved in a non-leaf PTE (D, A and U must be 0)",
                s.translate(0x1000, Access.KERNEL_READ));
        m.write(POOL, ptr | 0x80);
        assertFault(FaultKind.RESERVED_BIT, "L2", "bit 7 (D) is reserved in a non-leaf PTE (D, A and U must be 0)",
                s.translate(0x1000, Access.KERNEL_READ));
        m.write(POOL, ptr | 0x10);
        assertFault(FaultKind.RESERVED_BIT, "L2", "bit 4 (U) is reserved in a non-leaf PTE (D, A and U must be 0)",
                s.translate(0x1000, Access.KERNEL_READ));
        // G in a non-leaf PTE is allowed and makes every mapping below global
        m.write(POOL, ptr | 0x20);
        assertTrue(mapped(s.translate(0x1000, Access.KERNEL_READ)).attributes().global());
        m.write(POOL, ptr);
        assertFalse(mapped(s.translate(0x1000, Access.KERNEL_READ)).attributes().global());
    }

    @Test
    void svpbmtReservesEncoding3AndPbmtInNonLeafEntries() {
        RiscVFormat f = RiscVFormat.of(RiscVFormat.Mode.SV39, 56, EnumSet.of(Feature.SVPBMT));
        Simulation sim = simulation(f, POOL, 1 << 20, 64);
        AddressSpace s = faultSpace(sim);
        PhysicalMemory m = sim.memory();
        m.write(POOL + 0x2008, 0x6000_0000_2000_04C7L);
        assertFault(FaultKind.RESERVED_BIT, "L0", "PBMT=3 is a reserved encoding", s.translate(0x1000, Access.KERNEL_READ));
        m.write(POOL + 0x2008, 0x4000_0000_2000_04C7L);
        assertEquals(CacheType.DEVICE, mapped(s.translate(0x1000, Access.KERNEL_READ)).attributes().cache());
        m.write(POOL + 0x1000, m.read(POOL + 0x1000) | (1L << 61));
        assertFault(FaultKind.RESERVED_BIT, "L1", "bits 62:61 (PBMT) are reserved in a non-leaf PTE",
                s.translate(0x1000, Access.KERNEL_READ));
    }

    @Test
    void pointerAtTheLastLevelFaults() {
        Simulation sim = simulation(RiscVFormat.sv39(), POOL, 1 << 20, 64);
        AddressSpace s = faultSpace(sim);
        // L0[1] = pointer to 0x8100_1000: 0x81001 << 10 | V
        sim.memory().write(POOL + 0x2008, 0x2040_0401L);
        WalkTrace t = s.walk(0x1000, Access.KERNEL_READ);
        assertEquals(3, t.steps().size());
        assertEquals(EntryKind.TABLE, t.steps().get(2).entry().kind());
        assertFault(FaultKind.NON_LEAF_AT_LAST_LEVEL, "L0",
                "R=W=X=0 points to a next-level table, but L0 is the last level", t.result());
    }

    @Test
    void superpagesWithNonZeroLowPpnAreMisaligned() {
        Simulation sim = simulation(RiscVFormat.sv39(), POOL, 1 << 20, 64);
        AddressSpace s = faultSpace(sim);
        PhysicalMemory m = sim.memory();
        // 2 MiB leaf in L1[1]: 0x8020_0000 >> 2 = 0x2008_0000 | 0xC7; PPN[0] = 1 adds 1 << 10
        assertEquals(0x2008_00C7L, m.read(POOL + 0x1008));
        m.write(POOL + 0x1008, 0x2008_04C7L);
        assertFault(FaultKind.MISALIGNED_SUPERPAGE, "L1", "PPN[0] = 0x1 must be 0 in a 2 MiB superpage",
                s.translate(0x20_0000L, null));
        // 1 GiB leaf in L2[1]: 0x4000_0000 >> 2 = 0x1000_0000 | 0xC7; PPN[1] = 1 adds 1 << 19, PPN[1:0] = 0x200
        assertEquals(0x1000_00C7L, m.read(POOL + 8));
        m.write(POOL + 8, 0x1008_00C7L);
        assertFault(FaultKind.MISALIGNED_SUPERPAGE, "L2", "PPN[1:0] = 0x200 must be 0 in a 1 GiB superpage",
                s.translate(0x4000_0000L, Access.KERNEL_READ));
        // Sv32 4 MiB megapage: PPN[0] is 10 bits
        Simulation sim32 = simulation(RiscVFormat.sv32(), POOL32, 1 << 20, 64);
        AddressSpace s32 = space(sim32, "k");
        applied(s32.map(0x40_0000L, 4L << 20, 0x40_0000L, KRW, PageSizePolicy.LARGEST, false));
        // 0x40_0000 >> 2 = 0x10_0000 | 0xC7; PPN[0] = 0x3FF adds 0x3FF << 10 = 0xF_FC00
        sim32.memory().write(POOL32 + 4, 0x1F_FCC7L);
        assertFault(FaultKind.MISALIGNED_SUPERPAGE, "L1", "PPN[0] = 0x3ff must be 0 in a 4 MiB superpage",
                s32.translate(0x40_0000L, Access.KERNEL_READ));
    }

    @Test
    void permissionsComeFromTheLeafWithSumForLoadsAndStoresOnly() {
        Simulation sim = simulation(RiscVFormat.sv39(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x1000, 4096, 0x1000, Attributes.of("rwx").withUser(true), PageSizePolicy.LARGEST, false));
        applied(s.map(0x2000, 4096, 0x2000, Attributes.of("rx"), PageSizePolicy.LARGEST, false));
        assertFault(FaultKind.PERMISSION, "L0", "kernel read not allowed (k:--- u:rwx)",
                s.translate(0x1000, Access.KERNEL_READ));
        assertFault(FaultKind.PERMISSION, "L0", "kernel execute not allowed (k:--- u:rwx)",
                s.translate(0x1000, Access.KERNEL_EXECUTE));
        assertFault(FaultKind.PERMISSION, "L0", "user read not allowed (k:r-x u:---)",
                s.translate(0x2000, Access.USER_READ));
        assertFault(FaultKind.PERMISSION, "L0", "kernel write not allowed (k:r-x u:---)",
                s.translate(0x2000, Access.KERNEL_WRITE));
        assertEquals("k:--- u:rwx", mapped(s.translate(0x1000, Access.USER_WRITE)).permissions().toString());

        RiscVFormat sum = RiscVFormat.of(RiscVFormat.Mode.SV39, 56, EnumSet.of(Feature.SUM));
        AddressSpace t = space(simulation(sum, POOL, 1 << 20, 64), "k");
        applied(t.map(0x1000, 4096, 0x1000, Attributes.of("rwx").withUser(true), PageSizePolicy.LARGEST, false));
        assertEquals("k:rw- u:rwx", mapped(t.translate(0x1000, Access.KERNEL_WRITE)).permissions().toString());
        assertFault(FaultKind.PERMISSION, "L0", "kernel execute not allowed (k:rw- u:rwx)",
                t.translate(0x1000, Access.KERNEL_EXECUTE));
    }

    @Test
    void svadeFaultsOnAccessedClearAndOnStoresWithDirtyClear() {
        Simulation sim = simulation(RiscVFormat.sv39(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x1000, 4096, 0x8000_1000L, KRW.withAccessed(false), PageSizePolicy.LARGEST, false));
        applied(s.map(0x2000, 4096, 0x8000_2000L, KRW.withDirty(false), PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        // A clear: 0x8000_1000 >> 2 = 0x2000_0400 | D W R V (0x87); D clear: 0x2000_0800 | A W R V (0x47)
        assertEquals(0x2000_0487L, m.read(POOL + 0x2008));
        assertEquals(0x2000_0847L, m.read(POOL + 0x2010));
        assertFault(FaultKind.ACCESS_FLAG, "L0", "A=0 (Svade: the hardware does not set A)",
                s.translate(0x1000, Access.KERNEL_READ));
        // listing (no access) still sees the page, with accessed=false
        Translation.Mapped listed = mapped(s.translate(0x1000, null));
        assertFalse(listed.attributes().accessed());
        assertEquals(1, s.runs(AddressRange.ofSize(0x1000, 4096)).size());
        assertEquals(0x8000_2000L, mapped(s.translate(0x2000, Access.KERNEL_READ)).pa());
        assertFault(FaultKind.DIRTY_CLEAR, "L0", "store with D=0 (Svade: the hardware does not set D)",
                s.translate(0x2000, Access.KERNEL_WRITE));
        // permission is checked before A (steps 5 and 7)
        assertFault(FaultKind.PERMISSION, "L0", "user read not allowed (k:rw- u:---)",
                s.translate(0x1000, Access.USER_READ));
    }

    @Test
    void physicalAddressesBeyondTheImplementedWidthFault() {
        RiscVFormat f = RiscVFormat.of(RiscVFormat.Mode.SV39, 40, EnumSet.noneOf(Feature.class));
        Simulation sim = simulation(f, POOL, 1 << 20, 64);
        AddressSpace s = faultSpace(sim);
        PhysicalMemory m = sim.memory();
        // leaf at PA 0x100_0000_1000 (bit 40): >> 2 = 0x40_0000_0400 | 0xC7
        m.write(POOL + 0x2008, 0x40_0000_04C7L);
        assertFault(FaultKind.RESERVED_BIT, "L0", "PA 0x100_0000_1000 is beyond the 40-bit physical width",
                s.translate(0x1000, Access.KERNEL_READ));
        // pointer to PA 0x100_0000_0000: >> 2 = 0x40_0000_0000 | V
        m.write(POOL, 0x40_0000_0001L);
        assertFault(FaultKind.RESERVED_BIT, "L2", "next table at PA 0x100_0000_0000 is beyond the 40-bit physical width",
                s.translate(0x1000, Access.KERNEL_READ));
        assertEquals(new MappingError.PhysicalBeyondWidth(0x100_0000_0000L, 40),
                rejection(s.map(0x8000_0000L, 4096, 0x100_0000_0000L, KRW, PageSizePolicy.LARGEST, false)));
    }

    @Test
    void nonCanonicalSv39AddressFaultsBeforeAnyRead() {
        AddressSpace s = space(simulation(RiscVFormat.sv39(), POOL, 1 << 20, 64), "k");
        WalkTrace t = s.walk(0x40_0000_0000L, Access.KERNEL_READ);
        assertEquals(0, t.steps().size());
        assertFault(FaultKind.NON_CANONICAL, "",
                "0x40_0000_0000 is not a valid Sv39 address: bits 63:39 must all equal bit 38", t.result());
        assertEquals(new MappingError.Untranslatable(0x40_0000_0000L, s.simulation().format()),
                rejection(s.map(0x40_0000_0000L, 4096, 0x1000, KRW, PageSizePolicy.LARGEST, false)));
    }

    // ---- split, unmap, protect, compact -----------------------------------------------------------

    @Test
    void unmapInsideAGigapageSplitsDownToBasePagesPreservingTheRest() {
        Simulation sim = simulation(RiscVFormat.sv39(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x4000_0000L, GIB, 0x4000_0000L, KRW, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        assertEquals(0x1000_00C7L, m.read(POOL + 8));
        // L2[1] of the root splits into a new L1 table; its entry 1 into a new L0 table
        assertEquals(List.of(new Event.TableAllocated("L1", POOL + 0x1000, AddressRange.ofSize(0x4000_0000L, GIB)),
                new Event.Split("L2", POOL, 1, 0x4000_0000L, GIB, "L1", 512, MIB2),
                new Event.TableAllocated("L0", POOL + 0x2000, AddressRange.ofSize(0x4020_0000L, MIB2)),
                new Event.Split("L1", POOL + 0x1000, 1, 0x4020_0000L, MIB2, "L0", 512, 4096)),
                applied(s.unmap(0x4020_3000L, 4096)).events());
        // L2[1] -> L1 at 0x8100_1000; L1[0] = 0x4000_0000 >> 2 | 0xC7; L1[1] -> L0 at 0x8100_2000;
        // L1[2] = 0x4040_0000 >> 2 = 0x1010_0000 | 0xC7
        assertEquals(0x2040_0401L, m.read(POOL + 8));
        assertEquals(0x1000_00C7L, m.read(POOL + 0x1000));
        assertEquals(0x2040_0801L, m.read(POOL + 0x1008));
        assertEquals(0x1010_00C7L, m.read(POOL + 0x1010));
        // L0[2] = 0x4020_2000 >> 2 = 0x1008_0800 | 0xC7, L0[3] gone, L0[4] = 0x1008_1000 | 0xC7
        assertEquals(0x1008_08C7L, m.read(POOL + 0x2010));
        assertEquals(0L, m.read(POOL + 0x2018));
        assertEquals(0x1008_10C7L, m.read(POOL + 0x2020));
        assertEquals("L0", assertInstanceOf(Translation.NotMapped.class,
                s.translate(0x4020_3000L, Access.KERNEL_READ)).level());
        assertEquals(0x7FFF_FFFFL, mapped(s.translate(0x7FFF_FFFFL, Access.KERNEL_READ)).pa());
    }

    @Test
    void protectSplitsOnlyWhatItMustAndCompactMergesBack() {
        Simulation sim = simulation(RiscVFormat.sv39(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x4000_0000L, GIB, 0x4000_0000L, KRW, PageSizePolicy.LARGEST, false));
        Attributes ro = Attributes.of("r");
        assertEquals(List.of(new Event.TableAllocated("L1", POOL + 0x1000, AddressRange.ofSize(0x4000_0000L, GIB)),
                new Event.Split("L2", POOL, 1, 0x4000_0000L, GIB, "L1", 512, MIB2)),
                applied(s.protect(0x4060_0000L, MIB2, ro)).events());
        PhysicalMemory m = sim.memory();
        // L1[3] = 0x4060_0000 >> 2 = 0x1018_0000 | D A R V (0xC3)
        assertEquals(0x1018_00C3L, m.read(POOL + 0x1018));
        // 0x4080_0000 is L1[4] (8 MiB into the gigapage)
        assertEquals(List.of(new Event.TableAllocated("L0", POOL + 0x2000, AddressRange.ofSize(0x4080_0000L, MIB2)),
                new Event.Split("L1", POOL + 0x1000, 4, 0x4080_0000L, MIB2, "L0", 512, 4096)),
                applied(s.protect(0x4080_0000L, 4096, ro)).events());
        // L0[0] = 0x4080_0000 >> 2 = 0x1020_0000 | 0xC3, L0[1] = 0x1020_0400 | 0xC7
        assertEquals(0x1020_00C3L, m.read(POOL + 0x2000));
        assertEquals(0x1020_04C7L, m.read(POOL + 0x2008));
        assertEquals("user read not allowed (k:r-- u:---)",
                faulted(s.translate(0x4080_0000L, Access.USER_READ)).fault().detail());
        assertEquals(FaultKind.PERMISSION, faulted(s.translate(0x4060_0000L, Access.KERNEL_WRITE)).fault().kind());

        // nothing merges while attributes differ
        assertEquals(List.of(), applied(s.compact()).events());
        applied(s.protect(0x4060_0000L, MIB2, KRW));
        applied(s.protect(0x4080_0000L, 4096, KRW));
        assertEquals(List.of(new Event.Merged("L1", POOL + 0x1000, 4, 0x4080_0000L, MIB2, "L0", 512, 4096),
                new Event.TableFreed("L0", POOL + 0x2000, AddressRange.ofSize(0x4080_0000L, MIB2)),
                new Event.Merged("L2", POOL, 1, 0x4000_0000L, GIB, "L1", 512, MIB2),
                new Event.TableFreed("L1", POOL + 0x1000, AddressRange.ofSize(0x4000_0000L, GIB))),
                applied(s.compact()).events());
        assertEquals(0x1000_00C7L, m.read(POOL + 8));
        assertEquals(1, m.tableCount());
    }

    @Test
    void compactInTheHighHalfReportsCanonicalAddresses() {
        Simulation sim = simulation(RiscVFormat.sv39(), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0xFFFF_FFC0_0000_0000L, MIB2, 0x8000_0000L, KRW, PageSizePolicy.SMALLEST, false));
        // L2[256] -> L1 at +0x1000 -> L0 at +0x2000 with 512 entries 0x8000_0000 >> 2 = 0x2000_0000 | 0xC7, + 0x400 each
        assertEquals(0x2000_00C7L, sim.memory().read(POOL + 0x2000));
        assertEquals(0x2000_00C7L + 511 * 0x400, sim.memory().read(POOL + 0x2000 + 511 * 8));
        assertEquals(List.of(new Event.Merged("L1", POOL + 0x1000, 0, 0xFFFF_FFC0_0000_0000L, MIB2, "L0", 512, 4096),
                new Event.TableFreed("L0", POOL + 0x2000, AddressRange.ofSize(0xFFFF_FFC0_0000_0000L, MIB2))),
                applied(s.compact()).events());
        assertEquals(0x2000_00C7L, sim.memory().read(POOL + 0x1000));
    }

    // ---- machine ----------------------------------------------------------------------------------

    @Test
    void modesHaveTheirGeometryHalvesAndPageSizes() {
        RiscVFormat sv39 = RiscVFormat.sv39();
        assertEquals("sv39", sv39.name());
        assertEquals(PagingFormat.Family.RISCV, sv39.family());
        assertEquals(8, sv39.entryBytes());
        assertEquals(56, sv39.physicalBits());
        assertEquals(12, sv39.frameShift());
        assertEquals(List.of(AddressRange.inclusive(0, 0x3F_FFFF_FFFFL),
                AddressRange.inclusive(0xFFFF_FFC0_0000_0000L, -1L)), sv39.halves().get(0).ranges());
        assertEquals("satp", sv39.halves().get(0).rootRegister());
        assertEquals(List.of(GIB, MIB2, 4096L), sv39.pageSizes());
        assertEquals(List.of(2, 1, 0), sv39.halves().get(0).geometry().levels().stream()
                .map(Geometry.Level::archLevel).collect(Collectors.toList()));
        RiscVFormat sv32 = RiscVFormat.sv32();
        assertEquals(4, sv32.entryBytes());
        assertEquals(34, sv32.physicalBits());
        assertEquals(List.of(AddressRange.inclusive(0, 0xFFFF_FFFFL)), sv32.halves().get(0).ranges());
        assertEquals(List.of(4L << 20, 4096L), sv32.pageSizes());
        assertEquals(List.of("L1", "L0"), sv32.halves().get(0).geometry().levels().stream()
                .map(Geometry.Level::name).collect(Collectors.toList()));
        assertEquals(List.of(512L << 30, GIB, MIB2, 4096L), RiscVFormat.sv48().pageSizes());
        assertEquals(List.of(256L << 40, 512L << 30, GIB, MIB2, 4096L), RiscVFormat.sv57().pageSizes());
        assertEquals(List.of(AddressRange.inclusive(0, 0xFF_FFFF_FFFF_FFFFL),
                AddressRange.inclusive(0xFF00_0000_0000_0000L, -1L)), RiscVFormat.sv57().halves().get(0).ranges());
    }

    @Test
    void factoryRejectsWidthsAndFeaturesTheModeCannotHave() {
        assertEquals("sv32 supports 32 to 34 physical address bits, not 35", assertThrows(IllegalArgumentException.class,
                () -> RiscVFormat.of(RiscVFormat.Mode.SV32, 35, EnumSet.noneOf(Feature.class))).getMessage());
        assertEquals("sv57 supports 32 to 56 physical address bits, not 57", assertThrows(IllegalArgumentException.class,
                () -> RiscVFormat.of(RiscVFormat.Mode.SV57, 57, EnumSet.noneOf(Feature.class))).getMessage());
        assertEquals("sv32 has no feature SVPBMT (Sv32 PTEs have no PBMT bits)", assertThrows(
                IllegalArgumentException.class,
                () -> RiscVFormat.of(RiscVFormat.Mode.SV32, 34, EnumSet.of(Feature.SVPBMT))).getMessage());
        assertEquals("sv39 has no feature NX (RISC-V features: SUM, SVPBMT)", assertThrows(IllegalArgumentException.class,
                () -> RiscVFormat.of(RiscVFormat.Mode.SV39, 56, EnumSet.of(Feature.NX))).getMessage());
        assertEquals(EnumSet.of(Feature.SUM, Feature.SVPBMT),
                RiscVFormat.of(RiscVFormat.Mode.SV48, 48, EnumSet.of(Feature.SUM, Feature.SVPBMT)).features());
    }
}
