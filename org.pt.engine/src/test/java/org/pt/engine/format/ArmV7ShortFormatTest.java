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
import org.pt.engine.space.Event;
import org.pt.engine.space.MappingError;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Run;
import org.pt.engine.space.Simulation;
import org.pt.engine.walk.FaultKind;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkStep;
import org.pt.engine.walk.WalkTrace;

/**
 * Bit-exact ARMv7 short descriptors (ARM DDI 0406C: B3.5.1 figures B3-4 first-level and B3-5 second-level
 * descriptor formats, B3.5.4 table sizes and alignment, B3.5.5 walk, B3.7.1 AP[2:0] with SCTLR.AFE=0, B3.8.2 TEX/C/B
 * with SCTLR.TRE=0) and the walk's faults.
 */
class ArmV7ShortFormatTest {

    private static final long POOL = 0x0010_0000L;
    private static final long MIB = 1L << 20;
    private static final Attributes KRW = Attributes.KERNEL_RW;
    private static final Attributes KR = Attributes.of("r");

    private static Simulation sim(PagingFormat f) {
        return simulation(f, POOL, MIB, 64);
    }

    private static long l1(long va) {
        return POOL + (va >>> 20) * 4;
    }

    private static Translation.Faulted faulted(Translation t) {
        return assertInstanceOf(Translation.Faulted.class, t);
    }

    private static Translation.Mapped mapped(Translation t) {
        return assertInstanceOf(Translation.Mapped.class, t);
    }

    private static List<String> steps(WalkTrace t) {
        return t.steps().stream().map(WalkStep::toString).collect(Collectors.toList());
    }

    // ---- geometry ----------------------------------------------------------------------------------

    @Test
    void standardHasFourPageSizesFourByteEntriesAndOneKibAllocationUnit() {
        ArmV7ShortFormat f = ArmV7ShortFormat.standard();
        assertEquals("armv7", f.name());
        assertEquals(PagingFormat.Family.ARMV7, f.family());
        assertEquals(32, f.physicalBits());
        assertEquals(4, f.entryBytes());
        assertEquals(12, f.frameShift());
        assertEquals(10, f.allocationUnitShift());
        assertEquals(List.of(16 * MIB, MIB, 64L << 10, 4096L), f.pageSizes());
        assertEquals("TTBR0", f.halves().get(0).rootRegister());
        assertEquals(List.of(MIB, 64L << 10, 4096L),
                ArmV7ShortFormat.of(32, EnumSet.noneOf(Feature.class)).pageSizes());
    }

    @Test
    void factoryRefusesWidthsAndFeaturesTheFormatLacks() {
        assertEquals("armv7 supports exactly 32 physical address bits without supersections, not 40",
                assertThrows(IllegalArgumentException.class, () -> ArmV7ShortFormat.of(40, EnumSet.noneOf(Feature.class)))
                        .getMessage());
        assertEquals("armv7 supports 32 to 40 physical address bits, not 41",
                assertThrows(IllegalArgumentException.class, () -> ArmV7ShortFormat.of(41, EnumSet.of(Feature.SUPERSECTIONS)))
                        .getMessage());
        assertEquals("armv7 has no feature NX; its only optional feature is SUPERSECTIONS",
                assertThrows(IllegalArgumentException.class, () -> ArmV7ShortFormat.of(32, EnumSet.of(Feature.NX)))
                        .getMessage());
    }

    @Test
    void l1TableIsSixteenKibAlignedAndL2TablesPackFourPerFrame() {
        // B3.5.4: with TTBCR.N = 0 the first-level table is 16 KiB aligned to 16 KiB; second-level tables are 1 KiB
        Simulation sim = simulation(ArmV7ShortFormat.standard(), POOL + 0x1000, MIB, 64);
        AddressSpace s = space(sim, "k");
        long root = POOL + 0x4000;
        assertEquals(root, s.root(0));
        assertEquals(16 << 10, sim.memory().table(root).bytes());
        List<Event> ev = applied(s.map(0, 5 * MIB, 0x9000_0000L, KRW, PageSizePolicy.SMALLEST, false)).events();
        // the three frames below the root are filled first, then the frame after it
        assertEquals(List.of(
                new Event.TableAllocated("L2", POOL + 0x1000, AddressRange.ofSize(0, MIB)),
                new Event.TableAllocated("L2", POOL + 0x1400, AddressRange.ofSize(MIB, MIB)),
                new Event.TableAllocated("L2", POOL + 0x1800, AddressRange.ofSize(2 * MIB, MIB)),
                new Event.TableAllocated("L2", POOL + 0x1C00, AddressRange.ofSize(3 * MIB, MIB)),
                new Event.TableAllocated("L2", POOL + 0x2000, AddressRange.ofSize(4 * MIB, MIB))), ev);
        PhysicalMemory m = sim.memory();
        // page table descriptors: base[31:10] | 0b01, Domain 0, NS 0, PXN 0
        assertEquals(0x0010_1001L, m.read(root));
        assertEquals(0x0010_1401L, m.read(root + 4));
        assertEquals(0x0010_1801L, m.read(root + 8));
        assertEquals(0x0010_1C01L, m.read(root + 12));
        assertEquals(0x0010_2001L, m.read(root + 16));
        assertEquals(1024, m.table(POOL + 0x1400).bytes());
        assertEquals(4 + 2, m.framesInUse());
    }

    @Test
    void l2TablesFollowARootAtThePoolBase() {
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        assertEquals(POOL, s.root(0));
        applied(s.map(0x0000_0000L, 4096, 0x1000, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0x0010_0000L, 4096, 0x1000, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0x0020_0000L, 4096, 0x1000, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0x0030_0000L, 4096, 0x1000, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0x0040_0000L, 4096, 0x1000, KRW, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        assertEquals(List.of(0x0010_4001L, 0x0010_4401L, 0x0010_4801L, 0x0010_4C01L, 0x0010_5001L),
                List.of(m.read(POOL), m.read(POOL + 4), m.read(POOL + 8), m.read(POOL + 12), m.read(POOL + 16)));
        assertEquals(6, m.framesInUse());
    }

    // ---- leaves, exact bits --------------------------------------------------------------------------

    @Test
    void kernelDataSectionHasApOneWriteBackShareableNotGlobalExecuteNever() {
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        applied(s.map(0xC000_0000L, MIB, 0x8000_0000L, KRW, PageSizePolicy.LARGEST, false));
        // section: base 31:20 | nG(17) | S(16) | TEX=001 (14:12) | AP[1:0]=01 (11:10) | XN(4) | C(3) | B(2) | 0b10
        assertEquals(0x8003_141EL, sim.memory().read(POOL + 0xC00 * 4));
        WalkTrace t = s.walk(0xC001_2345L, Access.KERNEL_WRITE);
        assertEquals(List.of("L1[3072] @ 0x10_3000 = 0x8003141e leaf addr=0x8000_0000 NS=0 bit18=0 nG=1 S=1 AP[2]=0 TEX=1 "
                + "AP[1:0]=1 IMP=0 Domain=0 XN=1 C=1 B=1 type=2 memory Normal WB-WA (TEX=001 C=1 B=1)"), steps(t));
        Translation.Mapped m = mapped(t.result());
        assertEquals(0x8001_2345L, m.pa());
        assertEquals(MIB, m.pageSize());
        assertEquals("L1", m.level());
        assertEquals("k:rw- u:---", m.permissions().toString());
        assertEquals(KRW, m.attributes());
    }

    @Test
    void supersectionIsSixteenIdenticalL1Entries() {
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        assertEquals(List.of(), applied(s.map(0x1000_0000L, 16 * MIB, 0x2000_0000L, KRW, PageSizePolicy.LARGEST, false))
                .events());
        // section bits | bit 18 (supersection) | PA[31:24]
        for (int i = 0; i < 16; i++) {
            assertEquals(0x2007_141EL, sim.memory().read(POOL + (0x100 + i) * 4), "L1[" + (0x100 + i) + "]");
        }
        assertEquals(0, sim.memory().read(POOL + 0x110 * 4));
        Translation.Mapped m = mapped(s.translate(0x10AB_CDEFL, Access.KERNEL_READ));
        assertEquals(0x20AB_CDEFL, m.pa());
        assertEquals(16 * MIB, m.pageSize());
    }

    @Test
    void supersectionCarriesPhysicalAddressBitsAbove4GibWith40BitPa() {
        ArmV7ShortFormat f = ArmV7ShortFormat.of(40, EnumSet.of(Feature.SUPERSECTIONS));
        Simulation sim = sim(f);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x4000_0000L, 16 * MIB, 0x12_3400_0000L, KRW, PageSizePolicy.LARGEST, false));
        // PA[31:24]=0x34 at 31:24, PA[35:32]=2 at 23:20, PA[39:36]=1 at 8:5 (in place of the domain)
        for (int i = 0; i < 16; i++) {
            assertEquals(0x3427_143EL, sim.memory().read(POOL + (0x400 + i) * 4));
        }
        WalkTrace t = s.walk(0x40AB_CDEFL, Access.KERNEL_READ);
        assertEquals(List.of("L1[1034] @ 0x10_1028 = 0x3427143e leaf addr=0x12_3400_0000 PA[35:32]=2 NS=0 bit18=1 nG=1 "
                + "S=1 AP[2]=0 TEX=1 AP[1:0]=1 IMP=0 PA[39:36]=1 XN=1 C=1 B=1 type=2 memory Normal WB-WA (TEX=001 C=1 B=1)"), steps(t));
        assertEquals(0x12_34AB_CDEFL, mapped(t.result()).pa());
    }

    @Test
    void smallPageForUserExecutableGlobalWriteThrough() {
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        Attributes a = Attributes.of("rx").withUser(true).withGlobal(true).withCache(CacheType.WRITE_THROUGH);
        applied(s.map(0x0001_2000L, 4096, 0x0543_2000L, a, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        assertEquals(0x0010_4001L, m.read(POOL));
        // small page: base 31:12 | S(10) | AP[2](9) | TEX=000 (8:6) | AP[1:0]=11 (5:4) | C(3) | 1 | XN=0
        assertEquals(0x0543_263AL, m.read(POOL + 0x4000 + 0x12 * 4));
        WalkTrace t = s.walk(0x0001_2345L, Access.USER_EXECUTE);
        assertEquals(List.of(
                "L1[0] @ 0x10_0000 = 0x104001 table addr=0x10_4000 IMP=0 Domain=0 NS=0 PXN=0 type=1",
                "L2[18] @ 0x10_4048 = 0x543263a leaf addr=0x543_2000 nG=0 S=1 AP[2]=1 TEX=0 AP[1:0]=3 C=1 B=0 type=1 XN=0 "
                        + "memory Normal WT (TEX=000 C=1 B=0)"),
                steps(t));
        Translation.Mapped mp = mapped(t.result());
        assertEquals(0x0543_2345L, mp.pa());
        assertEquals(4096, mp.pageSize());
        assertEquals("L2", mp.level());
        // no PXN: a page user code may execute is executable by the kernel too
        assertEquals("k:r-x u:r-x", mp.permissions().toString());
        assertEquals(a, mp.attributes());
    }

    @Test
    void largePageIsSixteenIdenticalL2EntriesWithTexAndXnMoved() {
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        Attributes dev = KR.withCache(CacheType.DEVICE);
        applied(s.map(0x0020_0000L, 64 << 10, 0x1C01_0000L, dev, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        assertEquals(0x0010_4001L, m.read(POOL + 2 * 4));
        // large page: base 31:16 | XN(15) | TEX=000 (14:12) | nG(11) | AP[2](9) | AP[1:0]=01 (5:4) | B(2) | 0b01
        for (int i = 0; i < 16; i++) {
            assertEquals(0x1C01_8A15L, m.read(POOL + 0x4000 + i * 4), "L2[" + i + "]");
        }
        assertEquals(0, m.read(POOL + 0x4000 + 16 * 4));
        WalkTrace t = s.walk(0x0020_F00DL, Access.KERNEL_READ);
        assertEquals("L2[15] @ 0x10_403c = 0x1c018a15 leaf addr=0x1c01_0000 XN=1 TEX=0 nG=1 S=0 AP[2]=1 AP[1:0]=1 C=0 B=1 "
                + "type=1 memory Shareable Device (TEX=000 C=0 B=1)", steps(t).get(1));
        Translation.Mapped mp = mapped(t.result());
        assertEquals(0x1C01_F00DL, mp.pa());
        assertEquals(64 << 10, mp.pageSize());
        assertEquals("k:r-- u:---", mp.permissions().toString());
        assertEquals(dev, mp.attributes());
    }

    @Test
    void memoryTypesUseTexCAndBWithoutRemap() {
        // B3.8.2 Table B3-10: WB = TEX 001 C B, WT = TEX 000 C, non-cacheable = TEX 001, Shareable Device = TEX 000 B
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        CacheType[] types = {CacheType.WRITE_BACK, CacheType.WRITE_THROUGH, CacheType.UNCACHED, CacheType.WRITE_COMBINING,
                CacheType.DEVICE};
        for (int i = 0; i < types.length; i++) {
            applied(s.map(i * 4096L, 4096, 0x7000_0000L + i * 4096L, KRW.withCache(types[i]), PageSizePolicy.LARGEST, false));
        }
        applied(s.map(0x5000, 4096, 0x7000_5000L, KRW.withShareability(Shareability.NON_SHAREABLE), PageSizePolicy.LARGEST,
                false));
        applied(s.map(0x6000, 4096, 0x7000_6000L, KRW.withGlobal(true), PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        long l2 = POOL + 0x4000;
        assertEquals(List.of(0x7000_0C5FL, 0x7000_1C1BL, 0x7000_2C53L, 0x7000_3C53L, 0x7000_4817L, 0x7000_585FL,
                0x7000_645FL),
                List.of(m.read(l2), m.read(l2 + 4), m.read(l2 + 8), m.read(l2 + 12), m.read(l2 + 16), m.read(l2 + 20),
                        m.read(l2 + 24)));
        // write-combining is Normal non-cacheable and reads back as uncached; device is shareable whatever S says
        assertEquals(CacheType.UNCACHED, mapped(s.translate(0x3000, Access.KERNEL_READ)).attributes().cache());
        assertEquals(Shareability.INNER, mapped(s.translate(0x4000, Access.KERNEL_READ)).attributes().shareability());
        // sections: write-through and device
        applied(s.map(0x0100_0000L, MIB, 0x0100_0000L, KRW.withCache(CacheType.WRITE_THROUGH), PageSizePolicy.LARGEST, false));
        applied(s.map(0x0110_0000L, MIB, 0x0110_0000L, KRW.withCache(CacheType.DEVICE), PageSizePolicy.LARGEST, false));
        assertEquals(0x0103_041AL, m.read(l1(0x0100_0000L)));
        assertEquals(0x0112_0416L, m.read(l1(0x0110_0000L)));
    }

    @Test
    void normalizeFillsWhatTheFormatDoesNotEncode() {
        ArmV7ShortFormat f = ArmV7ShortFormat.standard();
        Attributes odd = KRW.withCache(CacheType.WRITE_COMBINING).withShareability(Shareability.OUTER).withAccessed(false)
                .withDirty(false);
        Attributes expected = KRW.withCache(CacheType.UNCACHED).withShareability(Shareability.INNER);
        assertEquals(expected, f.normalize(odd, 2, 4096));
        assertEquals(expected, f.normalize(odd, 1, 16 * MIB));
        assertEquals(KRW.withCache(CacheType.DEVICE), f.normalize(KRW.withCache(CacheType.DEVICE)
                .withShareability(Shareability.NON_SHAREABLE), 2, 64 << 10));
    }

    @Test
    void everyExpressibleCombinationRoundTripsAtEveryLeafSize() {
        ArmV7ShortFormat f = ArmV7ShortFormat.standard();
        long[][] leaves = {{1, 16 * MIB, 0xFF00_0000L}, {1, MIB, 0xFFF0_0000L}, {2, 64 << 10, 0xFFFF_0000L},
                {2, 4096, 0xFFFF_F000L}};
        int checked = 0;
        for (int bits = 0; bits < 32; bits++) {
            for (CacheType c : CacheType.values()) {
                for (Shareability sh : Shareability.values()) {
                    Attributes a = new Attributes((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0,
                            (bits & 16) != 0, c, sh, true, true);
                    if (f.check(a).isPresent()) {
                        continue;
                    }
                    for (long[] leaf : leaves) {
                        int lvl = (int) leaf[0];
                        Attributes n = f.normalize(a, lvl, leaf[1]);
                        assertEquals(n, f.normalize(n, lvl, leaf[1]));
                        long e = f.withAddress(f.leafTemplate(a, lvl, leaf[1]), leaf[2], lvl, leaf[1]);
                        assertEquals(n, f.leafAttributes(e, lvl));
                        assertEquals(leaf[2], f.address(e, lvl));
                        assertEquals(leaf[1], f.leafSize(e, lvl));
                        assertEquals(EntryKind.LEAF, f.kind(e, lvl));
                        // rights, user and global kept; wc reads as uc; S=1 reads as inner; device is shareable
                        Attributes expected = new Attributes(a.read(), a.write(), a.execute(), a.user(), a.global(),
                                c == CacheType.WRITE_COMBINING ? CacheType.UNCACHED : c,
                                c == CacheType.DEVICE || sh != Shareability.NON_SHAREABLE ? Shareability.INNER
                                        : Shareability.NON_SHAREABLE, true, true);
                        assertEquals(expected, n);
                        checked++;
                    }
                }
            }
        }
        // 16 readable rights/user/global combinations x 5 cache types x 3 shareabilities x 4 leaf sizes
        assertEquals(16 * 5 * 3 * 4, checked);
    }

    @Test
    void linearIncrementOnlyForSectionsAndSmallPages() {
        ArmV7ShortFormat f = ArmV7ShortFormat.standard();
        assertEquals(MIB, f.linearIncrement(1, MIB));
        assertEquals(0, f.linearIncrement(1, 16 * MIB));
        assertEquals(0, f.linearIncrement(2, 64 << 10));
        assertEquals(4096, f.linearIncrement(2, 4096));
    }

    @Test
    void withoutSupersectionsSixteenMibBecomesSixteenSections() {
        Simulation sim = sim(ArmV7ShortFormat.of(32, EnumSet.noneOf(Feature.class)));
        AddressSpace s = space(sim, "k");
        applied(s.map(0x1000_0000L, 16 * MIB, 0x2000_0000L, KRW, PageSizePolicy.LARGEST, false));
        for (int i = 0; i < 16; i++) {
            assertEquals(0x2003_141EL + i * MIB, sim.memory().read(POOL + (0x100 + i) * 4));
        }
    }

    @Test
    void smallerLeavesRefuseAPhysicalAddressAbove4Gib() {
        ArmV7ShortFormat f = ArmV7ShortFormat.of(40, EnumSet.of(Feature.SUPERSECTIONS));
        long section = f.leafTemplate(KRW, 1, MIB);
        assertEquals("armv7 cannot map physical address 0x1_0000_0000 with a 1 MiB page: only 16 MiB supersections reach "
                + "physical addresses above 4 GiB",
                assertThrows(IllegalArgumentException.class, () -> f.withAddress(section, 0x1_0000_0000L, 1, MIB))
                        .getMessage());
        assertEquals(0x1_0000_0000L, f.address(f.withAddress(f.leafTemplate(KRW, 1, 16 * MIB), 0x1_0000_0000L, 1,
                16 * MIB), 1));
    }

    // ---- attributes the format cannot express --------------------------------------------------------

    @Test
    void unreadablePagesAreRefusedNamingFormatAndCombination() {
        ArmV7ShortFormat f = ArmV7ShortFormat.standard();
        String why = " (every AP[2:0] encoding that grants an access grants read, and instruction fetch needs read permission)";
        assertEquals("armv7 cannot express '-w- kernel wb': write without read" + why,
                f.check(Attributes.of("w")).orElseThrow().message());
        assertEquals("armv7 cannot express '--x kernel wb': execute-only pages" + why,
                f.check(Attributes.of("x")).orElseThrow().message());
        assertEquals("armv7 cannot express '--- kernel wb': a mapped page that cannot be read" + why,
                f.check(Attributes.of("-")).orElseThrow().message());
        assertEquals("armv7 cannot express '-wx user global uc': write without read" + why,
                f.check(Attributes.of("wx").withUser(true).withGlobal(true).withCache(CacheType.UNCACHED)).orElseThrow()
                        .message());
        AddressSpace s = space(sim(f), "k");
        assertEquals(new MappingError.UnsupportedAttributes(new AttributeError("armv7", Attributes.of("w"),
                "write without read" + why)),
                rejection(s.map(0x1000, 4096, 0x1000, Attributes.of("w"), PageSizePolicy.LARGEST, false)));
    }

    // ---- permissions -----------------------------------------------------------------------------------

    @Test
    void readOnlyKernelSectionFaultsOnWriteAndOnUserAccess() {
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        applied(s.map(0x0080_0000L, MIB, 0x0080_0000L, KR, PageSizePolicy.LARGEST, false));
        // AP[2]=1 (bit 15), AP[1:0]=01
        assertEquals(0x0083_941EL, sim.memory().read(l1(0x0080_0000L)));
        Translation.Faulted w = faulted(s.translate(0x0080_0010L, Access.KERNEL_WRITE));
        assertEquals(FaultKind.PERMISSION, w.fault().kind());
        assertEquals("L1", w.fault().level());
        assertEquals(0x0083_941EL, w.fault().entry());
        assertEquals("kernel write not allowed (k:r-- u:---; AP[2:0]=0b101 XN=1)", w.fault().detail());
        assertEquals("user read not allowed (k:r-- u:---; AP[2:0]=0b101 XN=1)",
                faulted(s.translate(0x0080_0010L, Access.USER_READ)).fault().detail());
        assertEquals("kernel execute not allowed (k:r-- u:---; AP[2:0]=0b101 XN=1)",
                faulted(s.translate(0x0080_0010L, Access.KERNEL_EXECUTE)).fault().detail());
        mapped(s.translate(0x0080_0010L, Access.KERNEL_READ));
    }

    @Test
    void userPagesAreKernelAccessibleAndXnStopsBothLevels() {
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        applied(s.map(0x8000, 4096, 0x8000, Attributes.of("rw").withUser(true), PageSizePolicy.LARGEST, false));
        applied(s.map(0x9000, 4096, 0x9000, Attributes.of("r").withUser(true), PageSizePolicy.LARGEST, false));
        // AP[2:0]=011 and 111
        assertEquals(0x0000_8C7FL, sim.memory().read(POOL + 0x4000 + 8 * 4));
        assertEquals(0x0000_9E7FL, sim.memory().read(POOL + 0x4000 + 9 * 4));
        assertEquals("k:rw- u:rw-", mapped(s.translate(0x8000, Access.USER_WRITE)).permissions().toString());
        mapped(s.translate(0x8000, Access.KERNEL_WRITE));
        assertEquals("user execute not allowed (k:rw- u:rw-; AP[2:0]=0b011 XN=1)",
                faulted(s.translate(0x8000, Access.USER_EXECUTE)).fault().detail());
        assertEquals("kernel execute not allowed (k:rw- u:rw-; AP[2:0]=0b011 XN=1)",
                faulted(s.translate(0x8000, Access.KERNEL_EXECUTE)).fault().detail());
        Translation.Faulted w = faulted(s.translate(0x9000, Access.USER_WRITE));
        assertEquals("L2", w.fault().level());
        assertEquals("user write not allowed (k:r-- u:r--; AP[2:0]=0b111 XN=1)", w.fault().detail());
        assertEquals("kernel write not allowed (k:r-- u:r--; AP[2:0]=0b111 XN=1)",
                faulted(s.translate(0x9000, Access.KERNEL_WRITE)).fault().detail());
    }

    @Test
    void craftedApEncodingsTheBuilderNeverWritesFollowTheArchitecture() {
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        applied(s.map(0, 4096, 0, KRW, PageSizePolicy.LARGEST, false));
        PhysicalMemory m = sim.memory();
        long l2 = POOL + 0x4000;
        // AP[2:0]=010: PL1 read/write, PL0 read-only, XN=0
        m.write(l2, 0x0000_0C2EL);
        Translation.Mapped rw = mapped(s.translate(0x10, Access.USER_READ));
        assertEquals("k:rwx u:r-x", rw.permissions().toString());
        assertEquals("user write not allowed (k:rwx u:r-x; AP[2:0]=0b010 XN=0)",
                faulted(s.translate(0x10, Access.USER_WRITE)).fault().detail());
        // AP[2:0]=000: no access at all
        m.write(l2, 0x0000_0C4EL);
        assertEquals("kernel read not allowed (k:--- u:---; AP[2:0]=0b000 XN=0)",
                faulted(s.translate(0x10, Access.KERNEL_READ)).fault().detail());
        // AP[2:0]=100 is reserved: treated as no access
        m.write(l2, 0x0000_0E4EL);
        assertEquals("kernel read not allowed (k:--- u:---; AP[2:0]=0b100 XN=0)",
                faulted(s.translate(0x10, Access.KERNEL_READ)).fault().detail());
    }

    // ---- faults ----------------------------------------------------------------------------------------

    @Test
    void invalidEntriesAreNotMappedAtTheirLevel() {
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        Translation.NotMapped n1 = assertInstanceOf(Translation.NotMapped.class, s.translate(0x1234_5678L, Access.KERNEL_READ));
        assertEquals("L1", n1.level());
        assertEquals(0, n1.entry());
        applied(s.map(0x1230_0000L, 4096, 0x1000, KRW, PageSizePolicy.LARGEST, false));
        WalkTrace t = s.walk(0x1234_5678L, Access.KERNEL_READ);
        assertEquals(List.of("L1[291] @ 0x10_048c = 0x104001 table addr=0x10_4000 IMP=0 Domain=0 NS=0 PXN=0 type=1",
                "L2[69] @ 0x10_4114 = 0x0 invalid type=0"), steps(t));
        Translation.NotMapped n2 = assertInstanceOf(Translation.NotMapped.class, t.result());
        assertEquals("L2", n2.level());
    }

    @Test
    void reservedL1TypeIsATranslationFaultWithoutPxn() {
        // B3.5.1: bits[1:0]=0b11 is reserved without PXN; it walks as a section Translation fault (ARM1176JZF-S TRM
        // 6.12.2 Table 6-14), so the entry is not a mapping and the builder may overwrite it
        ArmV7ShortFormat f = ArmV7ShortFormat.standard();
        Simulation sim = sim(f);
        AddressSpace s = space(sim, "k");
        sim.memory().write(l1(0x8000_0000L), 0x8000_0C03L);
        assertEquals(EntryKind.INVALID, f.kind(0x8000_0C03L, 1));
        WalkTrace t = s.walk(0x8000_0000L, Access.KERNEL_READ);
        assertEquals(List.of("L1[2048] @ 0x10_2000 = 0x80000c03 invalid type=3"), steps(t));
        Translation.NotMapped n = assertInstanceOf(Translation.NotMapped.class, t.result());
        assertEquals("L1", n.level());
        assertEquals(0x8000_0C03L, n.entry());
    }

    @Test
    void supersectionBitWithoutTheFeatureIsReserved() {
        Simulation sim = sim(ArmV7ShortFormat.of(32, EnumSet.noneOf(Feature.class)));
        AddressSpace s = space(sim, "k");
        sim.memory().write(l1(0x2000_0000L), 0x2007_141EL);
        Translation.Faulted f = faulted(s.translate(0x2000_0000L, Access.KERNEL_READ));
        assertEquals(FaultKind.RESERVED_BIT, f.fault().kind());
        assertEquals("L1", f.fault().level());
        assertEquals(0x2007_141EL, f.fault().entry());
        assertEquals("bit 18 selects a supersection, which this implementation does not support", f.fault().detail());
        // without the feature the entry is read with the section layout (bits 8:5 are the domain)
        assertEquals(List.of("L1[512] @ 0x10_0800 = 0x2007141e leaf addr=0x2000_0000 NS=0 bit18=1 nG=1 S=1 AP[2]=0 TEX=1 "
                + "AP[1:0]=1 IMP=0 Domain=0 XN=1 C=1 B=1 type=2 memory Normal WB-WA (TEX=001 C=1 B=1)"), steps(s.walk(0x2000_0000L, Access.KERNEL_READ)));
    }

    @Test
    void supersectionBaseBeyondThePhysicalWidthIsReserved() {
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        PhysicalMemory m = sim.memory();
        m.write(l1(0x4000_0000L), 0x3427_143EL);
        Translation.Faulted f = faulted(s.translate(0x4000_0000L, Access.KERNEL_READ));
        assertEquals(FaultKind.RESERVED_BIT, f.fault().kind());
        assertEquals("bit 5 (PA[36]) is beyond the 32-bit physical address width", f.fault().detail());
        m.write(l1(0x4000_0000L), 0x3427_141EL);
        assertEquals("bit 21 (PA[33]) is beyond the 32-bit physical address width",
                faulted(s.translate(0x4000_0000L, Access.KERNEL_READ)).fault().detail());
        Simulation wide = sim(ArmV7ShortFormat.of(36, EnumSet.of(Feature.SUPERSECTIONS)));
        AddressSpace w = space(wide, "k");
        wide.memory().write(l1(0x4000_0000L), 0x3427_141EL);
        assertEquals(0x2_3400_0010L, mapped(w.translate(0x4000_0010L, Access.KERNEL_READ)).pa());
        wide.memory().write(l1(0x4000_0000L), 0x3427_143EL);
        assertEquals("bit 5 (PA[36]) is beyond the 36-bit physical address width",
                faulted(w.translate(0x4000_0000L, Access.KERNEL_READ)).fault().detail());
    }

    @Test
    void addressAbove4GibIsOutsideTheAddressSpace() {
        AddressSpace s = space(sim(ArmV7ShortFormat.standard()), "k");
        WalkTrace t = s.walk(0x1_0000_0000L, Access.KERNEL_READ);
        assertEquals(0, t.steps().size());
        Translation.Faulted f = faulted(t.result());
        assertEquals(FaultKind.OUTSIDE_ADDRESS_SPACE, f.fault().kind());
        assertEquals("", f.fault().level());
        assertEquals("0x1_0000_0000 is above the 32-bit address space of armv7", f.fault().detail());
        assertEquals(new MappingError.Untranslatable(0x1_0000_0000L, s.simulation().format()),
                rejection(s.map(0x1_0000_0000L, 4096, 0, KRW, PageSizePolicy.LARGEST, false)));
    }

    // ---- split, merge, free ------------------------------------------------------------------------

    @Test
    void unmapping4KibInsideASupersectionSplitsDownToSmallPages() {
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        PhysicalMemory m = sim.memory();
        applied(s.map(0x1000_0000L, 16 * MIB, 0x2000_0000L, KRW, PageSizePolicy.LARGEST, false));
        long l2 = POOL + 0x4000;
        List<Event> ev = applied(s.unmap(0x1012_3000L, 4096)).events();
        // L1[0x100..0x10f] (the supersection, root at POOL), L1[0x101] (a section), L2[0x20..0x2f] (a large page)
        assertEquals(List.of(
                new Event.Split("L1", POOL, 0x100, 0x1000_0000L, 16 * MIB, "L1", 16, MIB),
                new Event.TableAllocated("L2", l2, AddressRange.ofSize(0x1010_0000L, MIB)),
                new Event.Split("L1", POOL, 0x101, 0x1010_0000L, MIB, "L2", 16, 64 << 10),
                new Event.Split("L2", l2, 0x20, 0x1012_0000L, 64 << 10, "L2", 16, 4096)), ev);
        // supersection -> 16 sections in place; the one holding the hole -> page table
        assertEquals(0x2003_141EL, m.read(l1(0x1000_0000L)));
        assertEquals(0x0010_4001L, m.read(l1(0x1010_0000L)));
        assertEquals(0x2023_141EL, m.read(l1(0x1020_0000L)));
        assertEquals(0x20F3_141EL, m.read(l1(0x10F0_0000L)));
        // section -> 16 large pages of 16 entries; the large page holding the hole -> 16 small pages
        for (int i = 0; i < 16; i++) {
            assertEquals(0x2010_9C1DL, m.read(l2 + i * 4));
            assertEquals(0x2013_9C1DL, m.read(l2 + (0x30 + i) * 4));
            assertEquals(i == 3 ? 0 : 0x2012_0C5FL + i * 4096L, m.read(l2 + (0x20 + i) * 4), "L2[" + (0x20 + i) + "]");
        }
        assertEquals("L2", assertInstanceOf(Translation.NotMapped.class, s.translate(0x1012_3000L, Access.KERNEL_READ)).level());
        Translation.Mapped small = mapped(s.translate(0x1012_4567L, Access.KERNEL_WRITE));
        assertEquals(0x2012_4567L, small.pa());
        assertEquals(4096, small.pageSize());
        assertEquals(64L << 10, mapped(s.translate(0x1013_0000L, Access.KERNEL_READ)).pageSize());
        assertEquals(MIB, mapped(s.translate(0x1050_0000L, Access.KERNEL_READ)).pageSize());

        // map the page back and compact: small -> large -> section -> supersection, the L2 table freed
        assertEquals(List.of(), applied(s.map(0x1012_3000L, 4096, 0x2012_3000L, KRW, PageSizePolicy.LARGEST, false))
                .events());
        assertEquals(List.of(
                new Event.Merged("L2", l2, 0x20, 0x1012_0000L, 64 << 10, "L2", 16, 4096),
                new Event.Merged("L1", POOL, 0x101, 0x1010_0000L, MIB, "L2", 16, 64 << 10),
                new Event.TableFreed("L2", l2, AddressRange.ofSize(0x1010_0000L, MIB)),
                new Event.Merged("L1", POOL, 0x100, 0x1000_0000L, 16 * MIB, "L1", 16, MIB)), applied(s.compact()).events());
        for (int i = 0; i < 16; i++) {
            assertEquals(0x2007_141EL, m.read(POOL + (0x100 + i) * 4));
        }
        assertEquals(1, m.tableCount());
    }

    @Test
    void protecting4KibInsideASectionSplitsItAndCompactRestoresIt() {
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        PhysicalMemory m = sim.memory();
        applied(s.map(0x0030_0000L, MIB, 0x0030_0000L, KRW, PageSizePolicy.LARGEST, false));
        long l2 = POOL + 0x4000;
        assertEquals(List.of(
                new Event.TableAllocated("L2", l2, AddressRange.ofSize(0x0030_0000L, MIB)),
                new Event.Split("L1", POOL, 3, 0x0030_0000L, MIB, "L2", 16, 64 << 10),
                new Event.Split("L2", l2, 0, 0x0030_0000L, 64 << 10, "L2", 16, 4096)),
                applied(s.protect(0x0030_5000L, 4096, KR)).events());
        assertEquals(0x0030_4C5FL, m.read(l2 + 4 * 4));
        // AP[2]=1, AP[1:0]=01: kernel read-only
        assertEquals(0x0030_5E5FL, m.read(l2 + 5 * 4));
        assertEquals(0x0031_9C1DL, m.read(l2 + 0x10 * 4));
        assertEquals("kernel write not allowed (k:r-- u:---; AP[2:0]=0b101 XN=1)",
                faulted(s.translate(0x0030_5000L, Access.KERNEL_WRITE)).fault().detail());
        applied(s.protect(0x0030_5000L, 4096, KRW));
        assertEquals(List.of(
                new Event.Merged("L2", l2, 0, 0x0030_0000L, 64 << 10, "L2", 16, 4096),
                new Event.Merged("L1", POOL, 3, 0x0030_0000L, MIB, "L2", 16, 64 << 10),
                new Event.TableFreed("L2", l2, AddressRange.ofSize(0x0030_0000L, MIB))), applied(s.compact()).events());
        assertEquals(0x0033_141EL, m.read(l1(0x0030_0000L)));
    }

    @Test
    void emptiedL2TablesAreFreedAndTheirFrameWithTheLast() {
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        PhysicalMemory m = sim.memory();
        applied(s.map(0x0070_0000L, 4096, 0x1000, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0x0080_0000L, 4096, 0x2000, KRW, PageSizePolicy.LARGEST, false));
        assertEquals(5, m.framesInUse());
        assertEquals(List.of(new Event.TableFreed("L2", POOL + 0x4000, AddressRange.ofSize(0x0070_0000L, MIB))),
                applied(s.unmap(0x0070_0000L, 4096)).events());
        assertEquals(0, m.read(l1(0x0070_0000L)));
        // the frame still holds the other L2 table
        assertEquals(5, m.framesInUse());
        assertEquals(List.of(new Event.TableFreed("L2", POOL + 0x4400, AddressRange.ofSize(0x0080_0000L, MIB))),
                applied(s.unmap(0x0080_0000L, 4096)).events());
        assertEquals(4, m.framesInUse());
        assertEquals(1, m.tableCount());
    }

    @Test
    void physicalAddressesAboveFourGibAreRefusedUnlessASupersectionCanHoldThem() {
        ArmV7ShortFormat f = ArmV7ShortFormat.of(40, EnumSet.of(Feature.SUPERSECTIONS));
        Simulation sim = sim(f);
        AddressSpace s = space(sim, "k");
        int tables = sim.memory().tableCount();
        String above = "physical address 0x1_0000_0000 is above 4 GiB, which only 16 MiB supersections reach (VA, PA and "
                + "size must be 16 MiB aligned)";
        assertEquals(new MappingError.UnreachablePhysical(0x4000_0000L, 0x1_0000_0000L, above),
                rejection(s.map(0x4000_0000L, 0x1000, 0x1_0000_0000L, KRW, PageSizePolicy.LARGEST, false)));
        assertEquals(tables, sim.memory().tableCount());
        applied(s.map(0x4000_0000L, 16 * MIB, 0x1_0000_0000L, KRW, PageSizePolicy.LARGEST, false));
        assertEquals(new MappingError.UnreachablePhysical(0x4000_0000L, 0x1_0000_0000L,
                "splitting this 16 MiB leaf would need smaller leaves; " + above), rejection(s.unmap(0x4000_0000L, 0x1000)));
        assertEquals(tables, sim.memory().tableCount());
        assertEquals(0x1_0000_0123L, mapped(s.translate(0x4000_0123L, Access.KERNEL_READ)).pa());
    }

    @Test
    void listingShowsEachLeafSize() {
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        applied(s.map(0x1000_0000L, 16 * MIB + MIB + (64 << 10) + 4096, 0x2000_0000L, KRW, PageSizePolicy.LARGEST, false));
        List<Run> runs = s.runs(AddressRange.ofSize(0, 1L << 32));
        assertEquals(List.of(16 * MIB, MIB, 64L << 10, 4096L), runs.stream().map(Run::pageSize).collect(Collectors.toList()));
        assertEquals(List.of(0x2000_0000L, 0x2100_0000L, 0x2110_0000L, 0x2111_0000L),
                runs.stream().map(Run::pa).collect(Collectors.toList()));
    }

    // ---- remapping to a larger leaf at the same level: B3.5.1, a large page or supersection is 16 identical entries ----

    @Test
    void remapOfASmallPageAsALargePageWritesSixteenIdenticalL2Entries() {
        Simulation sim = sim(ArmV7ShortFormat.standard());
        AddressSpace s = space(sim, "k");
        applied(s.map(0x79E0_0000L, 4096, 0x79E0_0000L, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0x79E0_0000L, 64 << 10, 0x1234_0000L, KRW, PageSizePolicy.LARGEST, true));
        long l2 = sim.memory().read(l1(0x79E0_0000L)) & 0xFFFF_FC00L;
        long first = sim.memory().read(l2);
        // large page: PA[31:16] at 31:16, bits 1:0 = 0b01
        assertEquals(0x1234_0001L, first & 0xFFFF_0003L);
        for (int j = 1; j < 16; j++) {
            assertEquals(first, sim.memory().read(l2 + j * 4L), "L2 entry " + j);
        }
        assertEquals(0, sim.memory().read(l2 + 16 * 4L));
        assertEquals(0x1234_F123L, mapped(s.translate(0x79E0_F123L, Access.KERNEL_READ)).pa());
        assertEquals(64L << 10, mapped(s.translate(0x79E0_0000L, Access.KERNEL_READ)).pageSize());
    }

    @Test
    void remapOfASectionAsASupersectionWritesSixteenIdenticalL1Entries() {
        Simulation sim = sim(ArmV7ShortFormat.of(32, EnumSet.of(Feature.SUPERSECTIONS)));
        AddressSpace s = space(sim, "k");
        applied(s.map(0x4000_0000L, MIB, 0x8000_0000L, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0x4000_0000L, 16 * MIB, 0x9000_0000L, KRW, PageSizePolicy.LARGEST, true));
        long first = sim.memory().read(l1(0x4000_0000L));
        // supersection: PA[31:24] at 31:24, bit 18 set, bits 1:0 = 0b10
        assertEquals(0x9004_0002L, first & 0xFF04_0003L);
        for (int j = 1; j < 16; j++) {
            assertEquals(first, sim.memory().read(l1(0x4000_0000L) + j * 4L), "L1 entry " + j);
        }
        assertEquals(1, sim.memory().tableCount());
        assertEquals(0x90F0_0123L, mapped(s.translate(0x40F0_0123L, Access.KERNEL_READ)).pa());
        // an L2 table in the 16 MiB: no supersection may overwrite its pointer, so sections and large pages map it
        applied(s.map(0x5050_0000L, 4096, 0x1000, KRW, PageSizePolicy.LARGEST, false));
        applied(s.map(0x5000_0000L, 16 * MIB, 0xA000_0000L, KRW, PageSizePolicy.LARGEST, true));
        assertEquals(2, sim.memory().tableCount());
        assertEquals(MIB, mapped(s.translate(0x5000_0000L, Access.KERNEL_READ)).pageSize());
        assertEquals(64L << 10, mapped(s.translate(0x5050_0000L, Access.KERNEL_READ)).pageSize());
        assertEquals(0xA050_0123L, mapped(s.translate(0x5050_0123L, Access.KERNEL_READ)).pa());
        assertEquals(0xA0FF_F123L, mapped(s.translate(0x50FF_F123L, Access.KERNEL_READ)).pa());
    }

    @Test
    void aRunOfSectionsStopsAt4GibWhereSupersectionsTakeOver() {
        // found by MappingPropertiesTest: the run of sections went on past 4 GiB, the 2nd mapping PA 0
        Simulation sim = sim(ArmV7ShortFormat.of(40, EnumSet.of(Feature.SUPERSECTIONS)));
        AddressSpace s = space(sim, "k");
        applied(s.map(0x3FF0_0000L, 17 * MIB, 0xFFF0_0000L, KRW, PageSizePolicy.LARGEST, false));
        Translation.Mapped section = mapped(s.translate(0x3FF0_0123L, Access.KERNEL_READ));
        assertEquals(0xFFF0_0123L, section.pa());
        assertEquals(MIB, section.pageSize());
        Translation.Mapped high = mapped(s.translate(0x40FF_F123L, Access.KERNEL_READ));
        assertEquals(0x1_00FF_F123L, high.pa());
        assertEquals(16 * MIB, high.pageSize());
        // with a 1 MiB cap nothing above 4 GiB can be mapped: refused at the first section there, nothing written
        long before = sim.memory().read(l1(0x5FF0_0000L));
        assertEquals(new MappingError.UnreachablePhysical(0x6000_0000L, 0x1_0000_0000L, "physical address 0x1_0000_0000 "
                + "is above 4 GiB, which only 16 MiB supersections reach (VA, PA and size must be 16 MiB aligned)"),
                rejection(s.map(0x5FF0_0000L, 2 * MIB, 0xFFF0_0000L, KRW, PageSizePolicy.cap(MIB), false)));
        assertEquals(before, sim.memory().read(l1(0x5FF0_0000L)));
    }

    @Test
    void aRunOfSmallLeavesStopsWhereALargerLeafOfTheSameLevelFits() {
        // found by MappingPropertiesTest: 4 KiB pages ran on over the last 64 KiB, which one large page maps
        Simulation sim = sim(ArmV7ShortFormat.of(32, EnumSet.of(Feature.SUPERSECTIONS)));
        AddressSpace s = space(sim, "k");
        applied(s.map(0xFFFE_F000L, 68 << 10, 0xF000, KRW, PageSizePolicy.LARGEST, false));
        assertEquals(4096, mapped(s.translate(0xFFFE_F000L, Access.KERNEL_READ)).pageSize());
        Translation.Mapped large = mapped(s.translate(0xFFFF_F123L, Access.KERNEL_READ));
        assertEquals(64L << 10, large.pageSize());
        assertEquals(0x1_F123L, large.pa());
        // likewise sections up to a 16 MiB boundary, then a supersection
        applied(s.map(0x40F0_0000L, 17 * MIB, 0x80F0_0000L, KRW, PageSizePolicy.LARGEST, false));
        assertEquals(MIB, mapped(s.translate(0x40F0_0000L, Access.KERNEL_READ)).pageSize());
        assertEquals(16 * MIB, mapped(s.translate(0x4100_0000L, Access.KERNEL_READ)).pageSize());
    }

    @Test
    void tablesLieBelow4GibEvenWithA40BitPhysicalAddress() {
        // TTBR0 holds the L1 table's bits 31:14 (B4.1.154), an L1 page-table descriptor the L2 table's bits 31:10
        ArmV7ShortFormat f = ArmV7ShortFormat.of(40, EnumSet.of(Feature.SUPERSECTIONS));
        Simulation high = new Simulation(f, List.of(AddressRange.ofSize(0x1_0000_0000L, MIB)), 64);
        assertEquals(new MappingError.PoolExhausted(1, 16384, 0),
                assertInstanceOf(Simulation.Created.Refused.class, high.createSpace("k")).error());
        Simulation split = new Simulation(f, List.of(AddressRange.ofSize(0xFFFF_C000L, 16384),
                AddressRange.ofSize(0x1_0000_0000L, MIB)), 64);
        AddressSpace s = space(split, "k");
        assertEquals(0xFFFF_C000L, s.root(0));
        // the L1 table filled the room below 4 GiB: an L2 table has nowhere to go
        assertEquals(new MappingError.PoolExhausted(1, 1024, 0),
                rejection(s.map(0x1000, 4096, 0x1000, KRW, PageSizePolicy.LARGEST, false)));
        applied(s.map(0x10_0000L, MIB, 0x10_0000L, KRW, PageSizePolicy.LARGEST, false));
    }

    @Test
    void remapInsideASupersectionAbove4GibIsRefusedLikeUnmapAndProtect() {
        ArmV7ShortFormat f = ArmV7ShortFormat.of(40, EnumSet.of(Feature.SUPERSECTIONS));
        Simulation sim = sim(f);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x4000_0000L, 16 * MIB, 0x1_0000_0000L, KRW, PageSizePolicy.LARGEST, false));
        long entry = sim.memory().read(l1(0x4000_0000L));
        MappingError split = new MappingError.UnreachablePhysical(0x4000_0000L, 0x1_0000_0000L, "splitting this 16 MiB "
                + "leaf would need smaller leaves; physical address 0x1_0000_0000 is above 4 GiB, which only 16 MiB "
                + "supersections reach (VA, PA and size must be 16 MiB aligned)");
        assertEquals(split, rejection(s.map(0x4000_1000L, 4096, 0x5000, KRW, PageSizePolicy.LARGEST, true)));
        assertEquals(split, rejection(s.map(0x4010_0000L, MIB, 0x10_0000L, KRW, PageSizePolicy.LARGEST, true)));
        assertEquals(split, rejection(s.unmap(0x4000_1000L, 4096)));
        assertEquals(split, rejection(s.protect(0x4000_1000L, 4096, KR)));
        assertEquals(1, sim.memory().tableCount());
        for (int j = 0; j < 16; j++) {
            assertEquals(entry, sim.memory().read(l1(0x4000_0000L) + j * 4L), "L1 entry " + j);
        }
    }
}
