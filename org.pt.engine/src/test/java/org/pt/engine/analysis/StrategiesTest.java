package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pt.engine.analysis.Specs.GIB;
import static org.pt.engine.analysis.Specs.KIB;
import static org.pt.engine.analysis.Specs.MIB;
import static org.pt.engine.analysis.Specs.TIB;
import static org.pt.engine.analysis.Specs.analyse;
import static org.pt.engine.analysis.Specs.layout;
import static org.pt.engine.analysis.Specs.machine;
import static org.pt.engine.analysis.Specs.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;

/** Strategies through the analysis: install, verify, reach, with the exact findings. */
class StrategiesTest {

    private static final long POOL = 0x200_0000L;
    private static final long DIRECT = 0xFFFF_8880_0000_0000L;
    private static final long KERNEL = 0xFFFF_FFFF_8000_0000L;
    private static final Attributes RW = Attributes.KERNEL_RW;
    private static final Attributes RX = Attributes.KERNEL_RX;
    private static final Attributes USER_RW = Attributes.of("rw").withUser(true);

    private static final StrategySpec SELF = new StrategySpec.Recursive("self", OptionalInt.empty());

    private static PagingFormat format(String name) {
        return Formats.standard(name).orElseThrow();
    }

    private static final Machine PC = machine("pc", format("x86_64")).ram(0, 2 * GIB).tables(POOL, 4 * MIB).build();

    private static final Layout HH = layout("hh", PC)
            .region("user", Purpose.USER, 0, 128 * TIB)
            .region("direct_map", Purpose.DIRECT_MAP, DIRECT, 64 * TIB)
            .slot("self", 510)
            .region("kernel", Purpose.KERNEL, KERNEL, 512 * MIB)
            .build();

    private static AnalysisResult run(Machine m, Layout l, SpaceSpec... spaces) {
        return analyse(List.of(m), List.of(l), List.of(spaces));
    }

    /** Findings of the strategy codes, as {@code severity: message [CODE]}, with their data when there is some. */
    private static List<String> strategy(AnalysisResult r) {
        List<String> out = new ArrayList<>();
        for (Finding f : r.findings()) {
            switch (f.code()) {
                case STRATEGY_INFEASIBLE, STRATEGY_SLOT_COLLISION, STRATEGY_REGION_MISSING, SOFTWARE_WALK_FAILED,
                        WINDOW_UNREACHABLE, TABLES_UNREACHABLE, STRATEGY_MISSES_TABLE, REACH_RESULT ->
                    out.add(f + (f.data().isEmpty() ? "" : " " + new TreeMap<>(f.data())));
                default -> {
                }
            }
        }
        return out;
    }

    private static Finding only(AnalysisResult r, Code code) {
        List<Finding> fs = r.findings().stream().filter(f -> f.code() == code).toList();
        assertEquals(1, fs.size(), fs.toString());
        return fs.get(0);
    }

    // ---- recursive ---------------------------------------------------------------------------------------------

    @Test
    void recursiveSlotIsInstalledAndReachesTheKernelsOwnEntries() {
        AnalysisResult r = run(PC, HH, space("kernel", HH).strategy(SELF)
                .map(KERNEL, 16 * MIB, 0x100_0000L, RX).reach(KERNEL + 0x1234, "kernel").build());
        assertEquals(List.of("info: 'kernel' reaches 0xffff_ffff_8000_1234 of 'kernel' by recursive slot PML4[510]: "
                + "PML4[511] at 0xffff_ff7f_bfdf_eff8, PDPT[510] at 0xffff_ff7f_bfdf_fff0, PD[0] at 0xffff_ff7f_bfff_e000; "
                + "cost: 3 reads, 0 remaps [REACH_RESULT]"), strategy(r));
        assertEquals(0x8000_0000_0200_0063L, r.simulations().get("pc").memory().read(POOL + 510 * 8));
        assertEquals(List.of(new Subject.QueryRef("kernel", 1)), only(r, Code.REACH_RESULT).subjects());
    }

    @Test
    void recursiveSlotReachesAnotherSpaceOnlyThroughAForeignSlot() {
        SpaceSpec kernel = space("kernel", HH).strategy(SELF).map(KERNEL, 16 * MIB, 0x100_0000L, RX).build();
        SpaceSpec init = space("init", HH).shareKernelWith("kernel").map(0x40_0000L, 64 * KIB, 0x800_0000L, USER_RW)
                .reach(0x40_0000L, "kernel").build();
        assertEquals(List.of("error: recursive slot PML4[510] reaches only the tables under the CR3 root of 'kernel'; "
                + "0x40_0000 of 'init' is translated under CR3 root 0x200_3000: a foreign slot loaded with that root would "
                + "reach it: PML4[509] is free ('foreign slot 509') [TABLES_UNREACHABLE] {freeSlot=509}"),
                strategy(run(PC, HH, kernel, init)));
    }

    @Test
    void foreignSlotReachesAnotherSpacesEntries() {
        SpaceSpec kernel = space("kernel", HH).strategy(new StrategySpec.Recursive("self", OptionalInt.of(509)))
                .map(KERNEL, 16 * MIB, 0x100_0000L, RX).build();
        SpaceSpec init = space("init", HH).shareKernelWith("kernel").map(0x40_0000L, 64 * KIB, 0x800_0000L, USER_RW)
                .reach(0x40_0000L, "kernel").build();
        AnalysisResult r = run(PC, HH, kernel, init);
        assertEquals(List.of("info: 'kernel' reaches 0x40_0000 of 'init' by recursive slot PML4[510] with foreign slot "
                + "PML4[509], PML4[509] loaded with the root of 'init' (0x200_3000): PML4[0] at 0xffff_ff7f_bfdf_d000, "
                + "PDPT[0] at 0xffff_ff7f_bfa0_0000, PD[2] at 0xffff_ff7f_4000_0010, PT[0] at 0xffff_fe80_0000_2000; "
                + "cost: 4 reads, 0 remaps, 1 foreign-slot load (1 entry write, then invalidating what was cached through "
                + "it) [REACH_RESULT]"), strategy(r));
        assertEquals(0L, r.simulations().get("pc").memory().read(POOL + 509 * 8), "the foreign slot is loaded only for the walk");
    }

    @Test
    void slotCollidingWithARegionIsRefusedWithAFreeSlot() {
        Layout l = layout("bad", PC).region("direct_map", Purpose.DIRECT_MAP, DIRECT, 64 * TIB).slot("self", 511)
                .region("kernel", Purpose.KERNEL, KERNEL, 512 * MIB).build();
        AnalysisResult r = run(PC, l, space("kernel", l).strategy(SELF).build());
        assertEquals(List.of("error: recursive slot PML4[511] 0xffff_ff80_0000_0000 ..= 0xffff_ffff_ffff_ffff (512 GiB) of "
                + "region 'self' overlaps region 'kernel' 0xffff_ffff_8000_0000 ..= 0xffff_ffff_9fff_ffff (512 MiB); "
                + "PML4[510] is free [STRATEGY_SLOT_COLLISION] {collides=recursive, freeSlot=510}"), strategy(r));
        assertEquals(List.of(new Subject.StrategyRef("kernel"), new Subject.RegionRef("bad", "self")),
                only(r, Code.STRATEGY_SLOT_COLLISION).subjects());
        assertEquals(0L, r.simulations().get("pc").memory().read(POOL + 511 * 8), "nothing installed");
    }

    @Test
    void foreignSlotMustBeAnotherFreeEntry() {
        assertEquals(List.of("error: foreign slot PML4[510] is the recursive slot itself; PML4[509] is free "
                + "[STRATEGY_SLOT_COLLISION] {collides=foreign, freeSlot=509}"),
                strategy(run(PC, HH, space("kernel", HH).strategy(new StrategySpec.Recursive("self", OptionalInt.of(510))).build())));
        assertEquals(List.of("error: foreign slot PML4[273] 0xffff_8880_0000_0000 ..= 0xffff_88ff_ffff_ffff (512 GiB) overlaps "
                + "region 'direct_map' 0xffff_8880_0000_0000 ..= 0xffff_c87f_ffff_ffff (64 TiB); PML4[509] is free "
                + "[STRATEGY_SLOT_COLLISION] {collides=foreign, freeSlot=509}"),
                strategy(run(PC, HH, space("kernel", HH).strategy(new StrategySpec.Recursive("self", OptionalInt.of(273))).build())));
        assertEquals(List.of("error: foreign slot 512 is not a PML4 entry (0 to 511) [STRATEGY_INFEASIBLE]"),
                strategy(run(PC, HH, space("kernel", HH).strategy(new StrategySpec.Recursive("self", OptionalInt.of(512))).build())));
    }

    @Test
    void mappingInTheSlotIsACollisionNamingTheStatement() {
        AnalysisResult r = run(PC, HH, space("kernel", HH).strategy(SELF)
                .map(0xFFFF_FF00_0000_0000L, 4 * KIB, 0x100_0000L, RW).build());
        Finding f = only(r, Code.STRATEGY_SLOT_COLLISION);
        assertEquals("error: mapping 0xffff_ff00_0000_0000 ..= 0xffff_ff00_0000_0fff (4 KiB) overlaps recursive slot "
                + "PML4[510] 0xffff_ff00_0000_0000 ..= 0xffff_ff7f_ffff_ffff (512 GiB); PML4[509] is free "
                + "[STRATEGY_SLOT_COLLISION]", f.toString());
        assertEquals(Map.of("freeSlot", "509", "collides", "recursive"), f.data());
        assertEquals(List.of(new Subject.StrategyRef("kernel"), new Subject.OperationRef("kernel", 0)), f.subjects());
    }

    @Test
    void strategyRegionMustExistWithItsPurpose() {
        assertEquals(List.of("error: the strategy of space 'kernel' uses region 'selfmap', which layout 'hh' does not have "
                + "[STRATEGY_REGION_MISSING]"),
                strategy(run(PC, HH, space("kernel", HH).strategy(new StrategySpec.Recursive("selfmap", OptionalInt.empty()))
                        .build())));
        assertEquals(List.of("error: the recursive strategy of space 'kernel' needs a self_map region, but region 'kernel' "
                + "0xffff_ffff_8000_0000 ..= 0xffff_ffff_9fff_ffff (512 MiB) is a kernel region [STRATEGY_REGION_MISSING]"),
                strategy(run(PC, HH, space("kernel", HH).strategy(new StrategySpec.Recursive("kernel", OptionalInt.empty()))
                        .build())));
        assertEquals(List.of("error: the direct-map strategy of space 'kernel' needs a direct_map region, but region 'self' "
                + "0xffff_ff00_0000_0000 ..= 0xffff_ff7f_ffff_ffff (512 GiB) is a self_map region [STRATEGY_REGION_MISSING]"),
                strategy(run(PC, HH, space("kernel", HH).strategy(new StrategySpec.DirectMap("self")).build())));
    }

    @Test
    void recursiveSlotIsRefusedOnRiscVWithTheArchitecturalReason() {
        Machine m = machine("rv", format("sv39")).ram(0x8000_0000L, 2 * GIB).tables(0x8200_0000L, 4 * MIB).build();
        Layout l = layout("rv", m).slot("self", 510).build();
        assertEquals(List.of("error: a recursive slot is impossible on sv39: a non-leaf PTE reached at the last level is a "
                + "page fault (RISC-V privileged spec, Sv39 translation step 4); the MMU reads self entry L2[510]=0x20800001 "
                + "(root at 0x8200_0000) at L2 as a table descriptor pointing at the root, at L1 as a table descriptor "
                + "pointing at the root, at L0 as a fault: non-leaf entry at the last level (R=W=X=0 points to a next-level "
                + "table, but L0 is the last level) [STRATEGY_INFEASIBLE] {selfEntry=0x20800001, "
                + "selfEntryLevels=L2=table,L1=table,L0=fault}"),
                strategy(run(m, l, space("kernel", l).strategy(SELF).build())));
    }

    @Test
    void recursiveSlotIsRefusedOnArmV7WithTheArchitecturalReason() {
        Machine m = machine("arm", format("armv7")).ram(0, GIB).tables(POOL, 4 * MIB).build();
        Layout l = layout("arm", m).slot("self", 4095).build();
        assertEquals(List.of("error: a recursive slot is impossible on armv7: L1 and L2 descriptors differ in format and "
                + "size (16 KiB L1 of 4096 entries, 1 KiB L2 of 256 entries): an L1 table cannot serve as an L2 table; the "
                + "MMU reads self entry L1[4095]=0x2000001 (root at 0x200_0000) at L1 as a table descriptor pointing at the "
                + "root, at L2 (the 16 KiB L1 read as a 1 KiB L2: only its first 256 entries) never: index 4095 is beyond "
                + "the 256 entries of an L2; read as an L2 descriptor it would be a 64 KiB page at 0x200_0000 (k:--- u:---, "
                + "Strongly-ordered (TEX=000 C=0 B=0); XN=0 TEX=0 nG=0 S=0 AP[2]=0 AP[1:0]=0 C=0 B=0 type=1) "
                + "[STRATEGY_INFEASIBLE] {selfEntry=0x2000001, selfEntryLevels=L1=table,L2=unread}"),
                strategy(run(m, l, space("kernel", l).strategy(SELF).build())));
    }

    /**
     * AArch64 with the 16 KiB granule and 48-bit VAs: the TTBR1 root has 2 entries (VA bit 47), 16 bytes. The self entry
     * (a table descriptor with the bits a page read needs) takes the root at every level; each level below reads the
     * 16-byte root as a 16 KiB table of 2048 entries, and the last maps the root's 16 KiB frame.
     */
    @Test
    void aarch64SmallRootRefusalSaysHowEachLevelReadsTheRoot() {
        assertEquals(List.of("error: a recursive slot is impossible in the TTBR1_EL1 half of aarch64-16k: the TTBR1_EL1 root "
                + "of aarch64-16k has 2 entries (16 B), less than a 16 KiB page, and a table entry addresses whole pages; the "
                + "MMU reads self entry L0[1]=0x60000042000f03 (root at 0x4200_0000) at L0 as a table descriptor pointing at "
                + "the root, at L1 (the 16 B L0 read as a 16 KiB L1 of 2048 entries: 2046 of them the memory after it) as a "
                + "table descriptor pointing at the root, at L2 (the 16 B L0 read as a 16 KiB L2 of 2048 entries: 2046 of "
                + "them the memory after it) as a table descriptor pointing at the root, at L3 (the 16 B L0 read as a 16 KiB "
                + "L3 of 2048 entries: 2046 of them the memory after it) as a 16 KiB page at 0x4200_0000 (k:rw- u:---, "
                + "Normal WB (MAIR_EL1 Attr0 = 0xff); UXN=1 PXN=1 Contiguous=0 DBM=0 nG=1 AF=1 SH=3 AP=0 NS=0 AttrIndx=0 "
                + "Type=1 Valid=1) [STRATEGY_INFEASIBLE] {selfEntry=0x60000042000f03, "
                + "selfEntryLevels=L0=table,L1=table,L2=table,L3=page}"),
                recursiveOnAArch64("aarch64-16k", 0x4200_0000L, 1));
    }

    /** The findings of a space whose recursive slot is top-level entry {@code slot}, on a machine of {@code format}. */
    private static List<String> recursiveOnAArch64(String format, long pool, int slot) {
        Machine m = machine(format, format(format)).ram(0x4000_0000L, GIB).tables(pool, 4 * MIB).build();
        Layout l = layout(format, m).slot("self", slot).build();
        return strategy(run(m, l, space("kernel", l).strategy(SELF).build()));
    }

    /**
     * AArch64 with 64 KiB granules and 52-bit VAs: the TTBR1 root (where the layout puts slot 1022) has 1024 entries
     * (VA bits 51:42), 8 KiB. The self entry for the root at 0x4400_0000 is its table descriptor 0x4400_0003 with
     * AttrIndx 0, SH=0b11 (0x300), AF (0x400), nG (0x800), PXN (bit 53) and UXN (bit 54): 0x0060_0000_4400_0f03, read
     * as a 64 KiB page at L3: EL1 read-write.
     */
    @Test
    void aarch64With64KiBGranulesRefusalSaysHowEachLevelReadsTheRoot() {
        assertEquals(List.of("error: a recursive slot is impossible in the TTBR1_EL1 half of aarch64-64k: the TTBR1_EL1 root "
                + "of aarch64-64k has 1024 entries (8 KiB), less than a 64 KiB page, and a table entry addresses whole pages; "
                + "the MMU reads self entry L1[1022]=0x60000044000f03 (root at 0x4400_0000) at L1 as a table descriptor "
                + "pointing at the root, at L2 (the 8 KiB L1 read as a 64 KiB L2 of 8192 entries: 7168 of them the memory "
                + "after it) as a table descriptor pointing at the root, at L3 (the 8 KiB L1 read as a 64 KiB L3 of 8192 "
                + "entries: 7168 of them the memory after it) as a 64 KiB page at 0x4400_0000 (k:rw- u:---, Normal WB "
                + "(MAIR_EL1 Attr0 = 0xff); UXN=1 PXN=1 Contiguous=0 DBM=0 nG=1 AF=1 SH=3 AP=0 NS=0 AttrIndx=0 Type=1 "
                + "Valid=1) [STRATEGY_INFEASIBLE] {selfEntry=0x60000044000f03, selfEntryLevels=L1=table,L2=table,L3=page}"),
                recursiveOnAArch64("aarch64-64k", 0x4400_0000L, 1022));
    }

    @Test
    void i386Slot1023ReachesThePageDirectoryAtTheTop() {
        Machine m = machine("i386", format("x86-32")).ram(0, GIB).tables(POOL, 4 * MIB).build();
        Layout l = layout("i386", m).region("kernel", Purpose.KERNEL, 0xC000_0000L, 256 * MIB).slot("self", 1023).build();
        AnalysisResult r = run(m, l, space("kernel", l).strategy(SELF).map(0xC000_0000L, 4 * KIB, 0x10_0000L, RX)
                .reach(0xC000_0000L, "kernel").build());
        assertEquals(List.of("info: 'kernel' reaches 0xc000_0000 of 'kernel' by recursive slot PD[1023]: PD[768] at "
                + "0xffff_fc00, PT[0] at 0xfff0_0000; cost: 2 reads, 0 remaps [REACH_RESULT]"), strategy(r));
    }

    @Test
    void paeRecursionUsesFourPageDirectoryEntriesAndSkipsThePdpt() {
        Machine m = machine("pae", format("x86-pae")).ram(0, 4 * GIB).tables(POOL, 4 * MIB).build();
        Layout l = layout("pae", m).region("kernel", Purpose.KERNEL, 0xC000_0000L, 256 * MIB)
                .region("self", Purpose.SELF_MAP, 0xFF80_0000L, 8 * MIB).build();
        AnalysisResult r = run(m, l, space("kernel", l).strategy(SELF).map(0xC000_0000L, 4 * KIB, 0x10_0000L, RX)
                .reach(0xC000_0000L, "kernel").build());
        assertEquals(List.of("info: 'kernel' reaches 0xc000_0000 of 'kernel' by recursive entries PD[508..511] of PDPT[3]: "
                + "PDPT[3] not read (the four page directories are fixed), PD[0] at 0xffff_f000, PT[0] at 0xffe0_0000; "
                + "cost: 2 reads, 0 remaps [REACH_RESULT]"), strategy(r));
        // PD3 at 0xffff_c000 + 3 * 4096; the page table of (3, 0) at 0xff80_0000 + 3 * 512 * 4096.
        // PDPT 0x200_0000 (32 bytes); PD0..PD3 allocated at install; PD3[508..511] point at them
        org.pt.engine.memory.PhysicalMemory mem = r.simulations().get("pae").memory();
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            entries.add(Long.toHexString(mem.read(POOL + i * 8L)) + " " + Long.toHexString(mem.read(0x200_4000L + (508 + i) * 8L)));
        }
        assertEquals(List.of("2001001 8000000002001063", "2002001 8000000002002063", "2003001 8000000002003063",
                "2004001 8000000002004063"), entries);
    }

    @Test
    void paeRefusesARecursivePdptEntryAndSaysWhatItWouldCost() {
        Machine m = machine("pae", format("x86-pae")).ram(0, 4 * GIB).tables(POOL, 4 * MIB).build();
        Layout l = layout("pae", m).slot("self", 3).build();
        assertEquals(List.of("error: region 'self' 0xc000_0000 ..= 0xffff_ffff (1 GiB) is a PDPT entry: a recursive PDPT "
                + "entry would take 1 GiB, a quarter of the 4 GiB VA, read the 32-byte PDPT as a page directory whose "
                + "entries 4 to 511 are the memory after it, and give read access only (RW is reserved in PDPTEs); use four "
                + "page-directory entries instead: 8 MiB such as 0xff80_0000 ..= 0xffff_ffff (8 MiB); the MMU reads self "
                + "entry PDPT[3]=0x2000001 (root at 0x200_0000) at PDPT as a table descriptor pointing at the root, at PD "
                + "(the 32 B PDPT read as a 4 KiB PD of 512 entries: 508 of them the memory after it) as a table descriptor "
                + "pointing at the root, at PT (the 32 B PDPT read as a 4 KiB PT of 512 entries: 508 of them the memory "
                + "after it) as a 4 KiB page at 0x200_0000 (k:r-x u:---, WB (PAT entry 0); XD=0 PK=0 G=0 PAT=0 D=0 A=0 "
                + "PCD=0 PWT=0 US=0 RW=0 P=1) [STRATEGY_INFEASIBLE] {selfEntry=0x2000001, "
                + "selfEntryLevels=PDPT=table,PD=table,PT=page}"),
                strategy(run(m, l, space("kernel", l).strategy(SELF).build())));
        Layout small = layout("pae", m).region("self", Purpose.SELF_MAP, 0xFFC0_0000L, 4 * MIB).build();
        assertEquals(List.of("error: on x86-pae a recursive strategy takes four page-directory entries: 8 MiB at a 2 MiB "
                + "boundary inside one GiB; region 'self' is 0xffc0_0000 ..= 0xffff_ffff (4 MiB) [STRATEGY_INFEASIBLE]"),
                strategy(run(m, small, space("kernel", small).strategy(SELF).build())));
    }

    @Test
    void paeRecursiveEntriesCannotLieInASharedKernelHalf() {
        Machine m = machine("pae", format("x86-pae")).ram(0, 4 * GIB).tables(POOL, 4 * MIB).build();
        Layout l = layout("pae", m).region("kernel", Purpose.KERNEL, 0xC000_0000L, 256 * MIB)
                .region("self", Purpose.SELF_MAP, 0xFF80_0000L, 8 * MIB).build();
        SpaceSpec kernel = space("kernel", l).strategy(SELF).map(0xC000_0000L, 4 * KIB, 0x10_0000L, RX).build();
        SpaceSpec init = space("init", l).strategy(SELF).shareKernelWith("kernel").build();
        assertEquals(List.of("error: the recursive entries PD[508..511] of PDPT[3] 0xff80_0000 ..= 0xffff_ffff (8 MiB) lie "
                + "in the kernel half 0xc000_0000 ..= 0xffff_ffff (1 GiB) that space 'init' shares with 'kernel': each space "
                + "needs its own page directory there [STRATEGY_INFEASIBLE]"), strategy(run(m, l, kernel, init)));
    }

    @Test
    void aarch64Ttbr1SlotGetsTheAccessFlagInEveryTableDescriptor() {
        Machine m = machine("arm64", format("aarch64-4k")).ram(0x4000_0000L, 2 * GIB).tables(0x4200_0000L, 4 * MIB).build();
        Layout l = layout("arm64", m).region("kernel", Purpose.KERNEL, 0xFFFF_0000_0000_0000L, GIB).slot("self", 511).build();
        AnalysisResult r = run(m, l, space("kernel", l).strategy(SELF)
                .map(0xFFFF_0000_0010_0000L, 4 * KIB, 0x4010_0000L, RX).reach(0xFFFF_0000_0010_0000L, "kernel").build());
        assertEquals(List.of("info: 'kernel' reaches 0xffff_0000_0010_0000 of 'kernel' by recursive slot L0[511] of "
                + "TTBR1_EL1: L0[0] at 0xffff_ffff_ffff_f000, L1[0] at 0xffff_ffff_ffe0_0000, L2[0] at 0xffff_ffff_c000_0000, "
                + "L3[256] at 0xffff_ff80_0000_0800; cost: 4 reads, 0 remaps [REACH_RESULT]"), strategy(r));
        org.pt.engine.memory.PhysicalMemory mem = r.simulations().get("arm64").memory();
        // TTBR0 root 0x4200_0000, TTBR1 root 0x4200_1000 with the self entry; its L0[0] -> L1 at 0x4200_2000 gained
        // AttrIndx 0, SH, AF, nG, PXN, UXN (bits a table descriptor ignores)
        assertEquals(0x3860_0000_4200_1F03L, mem.read(0x4200_1000L + 511 * 8));
        assertEquals(0x0060_0000_4200_2F03L, mem.read(0x4200_1000L));
    }

    @Test
    void aarch64SlotInTtbr1ReachesTtbr0TablesOnlyThroughAForeignSlot() {
        Machine m = machine("arm64", format("aarch64-4k")).ram(0x4000_0000L, 2 * GIB).tables(0x4200_0000L, 4 * MIB).build();
        Layout l = layout("arm64", m).region("user", Purpose.USER, 0, 256 * TIB).slot("self", 511).build();
        SpaceSpec without = space("kernel", l).strategy(SELF).map(0x40_0000L, 4 * KIB, 0x4010_0000L, USER_RW)
                .reach(0x40_0000L, "kernel").build();
        assertEquals(List.of("error: recursive slot L0[511] of TTBR1_EL1 reaches only the tables under the TTBR1_EL1 root "
                + "of 'kernel'; 0x40_0000 of 'kernel' is translated under TTBR0_EL1 root 0x4200_0000: a foreign slot loaded "
                + "with that root would reach it: L0[510] is free ('foreign slot 510') [TABLES_UNREACHABLE] {freeSlot=510}"),
                strategy(run(m, l, without)));
        SpaceSpec with = space("kernel", l).strategy(new StrategySpec.Recursive("self", OptionalInt.of(510)))
                .map(0x40_0000L, 4 * KIB, 0x4010_0000L, USER_RW).reach(0x40_0000L, "kernel").build();
        assertEquals(List.of("info: 'kernel' reaches 0x40_0000 of 'kernel' by recursive slot L0[511] of TTBR1_EL1 with "
                + "foreign slot L0[510], L0[510] loaded with the root of 'kernel' (0x4200_0000): L0[0] at "
                + "0xffff_ffff_ffff_e000, L1[0] at 0xffff_ffff_ffc0_0000, L2[2] at 0xffff_ffff_8000_0010, L3[0] at "
                + "0xffff_ff00_0000_2000; cost: 4 reads, 0 remaps, 1 foreign-slot load (1 entry write, then invalidating "
                + "what was cached through it) [REACH_RESULT]"), strategy(run(m, l, with)));
    }

    @Test
    void aarch64SpaceSharingTheTtbr1RootSharesItsSlot() {
        Machine m = machine("arm64", format("aarch64-4k")).ram(0x4000_0000L, 2 * GIB).tables(0x4200_0000L, 4 * MIB).build();
        Layout l = layout("arm64", m).region("kernel", Purpose.KERNEL, 0xFFFF_0000_0000_0000L, GIB).slot("self", 511).build();
        SpaceSpec kernel = space("kernel", l).strategy(SELF).map(0xFFFF_0000_0010_0000L, 4 * KIB, 0x4010_0000L, RX).build();
        SpaceSpec init = space("init", l).strategy(SELF).shareKernelWith("kernel")
                .reach(0xFFFF_0000_0010_0000L, "init").build();
        assertEquals(List.of("info: 'init' reaches 0xffff_0000_0010_0000 of 'init' by recursive slot L0[511] of TTBR1_EL1: "
                + "L0[0] at 0xffff_ffff_ffff_f000, L1[0] at 0xffff_ffff_ffe0_0000, L2[0] at 0xffff_ffff_c000_0000, "
                + "L3[256] at 0xffff_ff80_0000_0800; cost: 4 reads, 0 remaps [REACH_RESULT]"), strategy(run(m, l, kernel, init)));
        SpaceSpec plain = space("kernel", l).map(0xFFFF_0000_0010_0000L, 4 * KIB, 0x4010_0000L, RX).build();
        assertEquals(List.of("error: space 'init' shares the TTBR1_EL1 root of 'kernel', which has no recursive entry at "
                + "L0[511]: a shared root carries the recursive slot of the space that owns it [STRATEGY_INFEASIBLE]"),
                strategy(run(m, l, plain, space("init", l).strategy(SELF).shareKernelWith("kernel").build())));
    }

    // ---- direct map, identity, table map ---------------------------------------------------------------------

    /** RAM 0..8 GiB, tables at 4 GiB; the kernel's direct map covers only the first GiB. */
    private static final Machine HIGH = machine("high", format("x86_64")).ram(0, 8 * GIB).tables(4 * GIB, 4 * MIB).build();
    private static final Layout HIGH_HH = layout("hh", HIGH)
            .region("user", Purpose.USER, 0, 128 * TIB)
            .region("direct_map", Purpose.DIRECT_MAP, DIRECT, 64 * TIB)
            .region("window", Purpose.WINDOW, 0xFFFF_FE00_0000_0000L, 64 * KIB)
            .region("kernel", Purpose.KERNEL, KERNEL, 512 * MIB)
            .build();

    @Test
    void directMapSmallerThanRamMissesTheTablesAboveIt() {
        AnalysisResult r = run(HIGH, HIGH_HH, space("kernel", HIGH_HH).strategy(new StrategySpec.DirectMap("direct_map"))
                .mapRegion("direct_map", GIB, 0, RW).map(KERNEL, 4 * KIB, 0x100_0000L, RX).reach(KERNEL, "kernel").build());
        assertEquals(List.of(
                "error: table PML4 at 0x1_0000_0000 of space 'kernel' is not reachable by direct map 'direct_map': "
                        + "0xffff_8881_0000_0000 is not mapped in 'kernel' (no present entry at PDPT); 'direct_map' maps "
                        + "physical 0x0 ..= 0x3fff_ffff (1 GiB) [STRATEGY_MISSES_TABLE]",
                "error: table PDPT at 0x1_0000_1000 of space 'kernel' is not reachable by direct map 'direct_map': "
                        + "0xffff_8881_0000_1000 is not mapped in 'kernel' (no present entry at PDPT); 'direct_map' maps "
                        + "physical 0x0 ..= 0x3fff_ffff (1 GiB) [STRATEGY_MISSES_TABLE]",
                "error: table PDPT at 0x1_0000_2000 of space 'kernel' is not reachable by direct map 'direct_map': "
                        + "0xffff_8881_0000_2000 is not mapped in 'kernel' (no present entry at PDPT) (and 2 more tables); "
                        + "'direct_map' maps physical 0x0 ..= 0x3fff_ffff (1 GiB) [STRATEGY_MISSES_TABLE]",
                "error: software walk of 0xffff_ffff_8000_0000 in 'kernel' from 'kernel' by direct map 'direct_map' fails "
                        + "at PML4[511] (entry at 0x1_0000_0ff8): 0xffff_8881_0000_0ff8 is not mapped in 'kernel' (no "
                        + "present entry at PDPT) [SOFTWARE_WALK_FAILED]"), strategy(r));
    }

    @Test
    void directMapCoveringTheTablesReachesThem() {
        AnalysisResult r = run(HIGH, HIGH_HH, space("kernel", HIGH_HH).strategy(new StrategySpec.DirectMap("direct_map"))
                .allRam("direct_map", RW).map(KERNEL, 4 * KIB, 0x100_0000L, RX).reach(KERNEL, "kernel").build());
        assertEquals(List.of("info: 'kernel' reaches 0xffff_ffff_8000_0000 of 'kernel' by direct map 'direct_map': "
                + "PML4[511] at 0xffff_8881_0000_0ff8, PDPT[510] at 0xffff_8881_0000_2ff0, PD[0] at 0xffff_8881_0000_3000, "
                + "PT[0] at 0xffff_8881_0000_4000; cost: 4 reads, 0 remaps [REACH_RESULT]"), strategy(r));
    }

    @Test
    void directMapReachesTheTablesOfAnotherSpace() {
        SpaceSpec kernel = space("kernel", HIGH_HH).strategy(new StrategySpec.DirectMap("direct_map"))
                .allRam("direct_map", RW).build();
        SpaceSpec init = space("init", HIGH_HH).map(0x40_0000L, 4 * KIB, 0x80_0000L, USER_RW).reach(0x40_0000L, "kernel")
                .build();
        assertEquals(List.of("info: 'kernel' reaches 0x40_0000 of 'init' by direct map 'direct_map': PML4[0] at "
                + "0xffff_8881_0000_2000, PDPT[0] at 0xffff_8881_0000_3000, PD[2] at 0xffff_8881_0000_4010, PT[0] at "
                + "0xffff_8881_0000_5000; cost: 4 reads, 0 remaps [REACH_RESULT]"), strategy(run(HIGH, HIGH_HH, kernel, init)));
    }

    @Test
    void identityNeedsTheTablesMappedAtTheirPhysicalAddress() {
        AnalysisResult bad = run(PC, HH, space("kernel", HH).strategy(new StrategySpec.Identity())
                .map(KERNEL, 4 * KIB, 0x100_0000L, RX).build());
        assertEquals(List.of(
                "error: table PML4 at 0x200_0000 of space 'kernel' is not reachable by identity map: 0x200_0000 is not "
                        + "mapped in 'kernel' (no present entry at PML4) [STRATEGY_MISSES_TABLE]",
                "error: table PDPT at 0x200_1000 of space 'kernel' is not reachable by identity map: 0x200_1000 is not "
                        + "mapped in 'kernel' (no present entry at PML4) [STRATEGY_MISSES_TABLE]",
                "error: table PD at 0x200_2000 of space 'kernel' is not reachable by identity map: 0x200_2000 is not "
                        + "mapped in 'kernel' (no present entry at PML4) (and 1 more table) [STRATEGY_MISSES_TABLE]"),
                strategy(bad));
        AnalysisResult good = run(PC, HH, space("kernel", HH).strategy(new StrategySpec.Identity())
                .identity(POOL, 4 * MIB, RW).reach(POOL, "kernel").build());
        assertEquals(List.of("info: 'kernel' reaches 0x200_0000 of 'kernel' by identity map: PML4[0] at 0x200_0000, "
                + "PDPT[0] at 0x200_1000, PD[16] at 0x200_2080; cost: 3 reads, 0 remaps [REACH_RESULT]"), strategy(good));
    }

    @Test
    void tableMapReachesThePoolAtItsOffset() {
        Layout l = layout("hh", PC).region("tables", Purpose.KERNEL, 0xFFFF_C000_0000_0000L, 4 * MIB).build();
        AnalysisResult r = run(PC, l, space("kernel", l).strategy(new StrategySpec.TableOffset("tables"))
                .mapRegion("tables", 4 * MIB, POOL, RW).reach(0xFFFF_C000_0000_0000L, "kernel").build());
        assertEquals(List.of("info: 'kernel' reaches 0xffff_c000_0000_0000 of 'kernel' by table map 'tables': PML4[384] at "
                + "0xffff_c000_0000_0c00, PDPT[0] at 0xffff_c000_0000_1000, PD[0] at 0xffff_c000_0000_2000; cost: 3 reads, "
                + "0 remaps [REACH_RESULT]"), strategy(r));
    }

    // ---- window ------------------------------------------------------------------------------------------------

    private static final Machine QUAD = machine("quad", format("x86_64")).ram(0, 8 * GIB).tables(4 * GIB, 4 * MIB).cpus(4)
            .build();
    private static final Layout QUAD_HH = layout("hh", QUAD)
            .region("user", Purpose.USER, 0, 128 * TIB)
            .region("direct_map", Purpose.DIRECT_MAP, DIRECT, 64 * TIB)
            .region("window", Purpose.WINDOW, 0xFFFF_FE00_0000_0000L, 64 * KIB)
            .build();

    private static StrategySpec window(boolean perCpu) {
        return new StrategySpec.Window("window", perCpu, Optional.of(new StrategySpec.DirectMap("direct_map")));
    }

    @Test
    void windowRemapsForEveryTableAndSharedWindowsNeedShootdowns() {
        AnalysisResult r = run(QUAD, QUAD_HH, space("kernel", QUAD_HH).strategy(window(false)).allRam("direct_map", RW)
                .map(0x40_0000L, 4 * KIB, 0x80_0000L, RW).reach(0x40_0000L, "kernel").build());
        assertEquals(List.of("info: 'kernel' reaches 0x40_0000 of 'kernel' by window 'window': PML4[0] at "
                + "0xffff_fe00_0000_0000 (window on 0x1_0000_0000, its entry written at 0xffff_8881_0000_3000), PDPT[0] at "
                + "0xffff_fe00_0000_0000 (window on 0x1_0000_5000, its entry written at 0xffff_8881_0000_3000), PD[2] at "
                + "0xffff_fe00_0000_0010 (window on 0x1_0000_6000, its entry written at 0xffff_8881_0000_3000), PT[0] at "
                + "0xffff_fe00_0000_0000 (window on 0x1_0000_7000, its entry written at 0xffff_8881_0000_3000); cost: 4 "
                + "reads, 4 remaps, 4 TLB invalidations (INVLPG) each with a shootdown to 3 other CPUs [REACH_RESULT]"),
                strategy(r));
    }

    @Test
    void windowWhoseOwnTableIsUnreachableFails() {
        AnalysisResult r = run(QUAD, QUAD_HH, space("kernel", QUAD_HH).strategy(window(true))
                .mapRegion("direct_map", GIB, 0, RW).map(0x40_0000L, 4 * KIB, 0x80_0000L, RW).reach(0x40_0000L, "kernel")
                .build());
        assertEquals(List.of(
                "error: the page table of window 'window' (its entry for 0xffff_fe00_0000_0000 at 0x1_0000_3000) is not "
                        + "reachable by direct map 'direct_map': 0xffff_8881_0000_3000 is not mapped in 'kernel' (no present "
                        + "entry at PDPT); 'direct_map' maps physical 0x0 ..= 0x3fff_ffff (1 GiB) [WINDOW_UNREACHABLE]",
                "error: software walk of 0x40_0000 in 'kernel' from 'kernel' by window 'window' fails at PML4[0] (entry at "
                        + "0x1_0000_0000): the window entry at 0x1_0000_3000, written at 0xffff_8881_0000_3000, is not "
                        + "mapped in 'kernel' (no present entry at PDPT) [SOFTWARE_WALK_FAILED]"), strategy(r));
    }

    @Test
    void windowNeedsABootstrapStrategyAndAPagePerCpu() {
        assertEquals(List.of("error: window 'window' of space 'kernel' names no strategy that reaches its own page table "
                + "[WINDOW_UNREACHABLE]"),
                strategy(run(QUAD, QUAD_HH, space("kernel", QUAD_HH)
                        .strategy(new StrategySpec.Window("window", false, Optional.empty())).build())));
        Layout tiny = layout("hh", QUAD).region("direct_map", Purpose.DIRECT_MAP, DIRECT, 64 * TIB)
                .region("window", Purpose.WINDOW, 0xFFFF_FE00_0000_0000L, 8 * KIB).build();
        assertEquals(List.of("error: window 'window' 0xffff_fe00_0000_0000 ..= 0xffff_fe00_0000_1fff (8 KiB) holds 2 pages; "
                + "one window page per CPU for 4 CPUs needs 16 KiB [STRATEGY_INFEASIBLE]"),
                strategy(run(QUAD, tiny, space("kernel", tiny).strategy(window(true)).build())));
    }

    // ---- reach errors ------------------------------------------------------------------------------------------

    @Test
    void reachFromASpaceWithoutStrategyOrThatDoesNotExist() {
        SpaceSpec user = space("user", HH).map(0x40_0000L, 4 * KIB, 0x80_0000L, USER_RW).reach(0x40_0000L, "kernel")
                .reach(0x40_0000L, "nobody").build();
        SpaceSpec kernel = space("kernel", HH).build();
        assertEquals(List.of(
                "error: space 'kernel' names no strategy for reaching page tables, so it cannot reach the tables of 'user' "
                        + "[TABLES_UNREACHABLE]",
                "error: no space 'nobody' was built to reach the tables of 'user' from [TABLES_UNREACHABLE]"),
                strategy(run(PC, HH, kernel, user)));
    }

    @Test
    void reachOfANonCanonicalAddressFails() {
        assertEquals(List.of("error: cannot walk 0x8000_0000_0000 in 'kernel': 0x8000_0000_0000 is non-canonical: bits 63:47 "
                + "must all equal bit 47 [SOFTWARE_WALK_FAILED]"),
                strategy(run(PC, HH, space("kernel", HH).strategy(SELF).reach(0x8000_0000_0000L, "kernel").build())));
    }

    @Test
    void unmappedTargetShowsWhereTheNewEntryGoes() {
        assertEquals(List.of("info: 'kernel' reaches 0x40_0000 of 'kernel' by recursive slot PML4[510]: PML4[0] at "
                + "0xffff_ff7f_bfdf_e000; 0x40_0000 is not mapped in 'kernel' (no present entry at PML4); cost: 1 read, "
                + "0 remaps [REACH_RESULT]"),
                strategy(run(PC, HH, space("kernel", HH).strategy(SELF).reach(0x40_0000L, "kernel").build())));
    }
}
