package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pt.engine.TestSpaces.applied;
import static org.pt.engine.TestSpaces.simulation;
import static org.pt.engine.TestSpaces.space;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.CacheType;
import org.pt.engine.format.Feature;
import org.pt.engine.format.Formats;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.RiscVFormat;
import org.pt.engine.format.X86Format;
import org.pt.engine.image.Register;
import org.pt.engine.image.RegisterDecoder;
import org.pt.engine.image.Registers;
import org.pt.engine.model.Query;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkStep;
import org.pt.engine.walk.WalkTrace;

/**
 * {@code decode}: entries the engine wrote, decoded back, give what the walk of them gave; hand-worked values from the
 * manuals give the fields worked out here; bad input and rejected values give exact findings.
 */
class DecodeTest {

    private static final long POOL = 0x0200_0000L;

    /** Every standard format, and the ones whose memory types differ: the Linux PAT, Svpbmt. */
    private static List<PagingFormat> formats() {
        List<PagingFormat> out = new ArrayList<>(Formats.all());
        out.add(X86Format.of(X86Format.Mode.LONG_4, 46, EnumSet.of(Feature.NX, Feature.PAGE_1G, Feature.GLOBAL_PAGES),
                X86Format.LINUX_PAT));
        out.add(RiscVFormat.of(RiscVFormat.Mode.SV39, 56, EnumSet.of(Feature.SVPBMT)));
        return out;
    }

    private static final List<Attributes> ATTRIBUTES = List.of(Attributes.of("rwx"), Attributes.of("r--"),
            Attributes.of("r-x").withUser(true), Attributes.of("rw-").withUser(true).withGlobal(true),
            Attributes.KERNEL_RW.withCache(CacheType.UNCACHED), Attributes.KERNEL_RW.withCache(CacheType.DEVICE),
            Attributes.KERNEL_RW.withCache(CacheType.WRITE_THROUGH),
            Attributes.KERNEL_RW.withCache(CacheType.WRITE_COMBINING));

    private static String message(List<Finding> findings, Code code) {
        List<String> out = new ArrayList<>();
        for (Finding f : findings) {
            if (f.code() == code) {
                out.add(f.message());
            }
        }
        assertEquals(1, out.size(), code + " in " + findings);
        return out.get(0);
    }

    private static List<Finding> findings(PagingFormat f, Query.Decode q) {
        return Messages.findings(new Subject.QueryRef("k", q.index()), Decoding.answer(f, q));
    }

    private static List<Finding> entry(PagingFormat f, String level, long value) {
        return findings(f, new Query.Decode(0, Optional.empty(), Optional.of(level), value));
    }

    private static List<Finding> register(PagingFormat f, String register, long value) {
        return findings(f, new Query.Decode(0, Optional.of(register), Optional.empty(), value));
    }

    private static PagingFormat format(String name) {
        return Formats.standard(name).orElseThrow();
    }

    // ---- round trip -------------------------------------------------------------------------------------------------

    /**
     * For every format, half, level and leaf size, and attributes of every kind the format takes: one leaf mapped by
     * the table builder, walked, and every entry the walk read decoded at its level. A table entry decodes to the next
     * table the walk read; the leaf to the walk's page base, size, rights and memory type; none is rejected.
     */
    @Test
    void everyEntryTheEngineWritesDecodesToWhatItsWalkReads() {
        int leaves = 0;
        for (PagingFormat f : formats()) {
            for (Half h : f.halves()) {
                Geometry g = h.geometry();
                for (int d = 0; d < g.depth(); d++) {
                    for (long size : g.level(d).leafSizes()) {
                        for (Attributes a : ATTRIBUTES) {
                            if (f.check(a).isEmpty()) {
                                roundTrip(f, h, size, a, raw -> raw);
                                leaves++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(leaves > 150, "leaves decoded: " + leaves);
    }

    /** The check above fails when the leaf it decodes is not the one the walk read: a page address bit flipped. */
    @Test
    void aLeafWithAnotherAddressDoesNotRoundTrip() {
        PagingFormat f = format("x86_64");
        roundTrip(f, f.halves().get(0), 2L << 20, Attributes.KERNEL_RW, raw -> raw);
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> roundTrip(f, f.halves().get(0), 2L << 20, Attributes.KERNEL_RW, raw -> raw ^ (1L << 22)));
        assertTrue(e.getMessage().contains("expected: <4194304> but was: <0>"), e.getMessage());
    }

    /** Maps one leaf, walks it, and decodes every entry read, the leaf after {@code leafAsPasted}. */
    private static void roundTrip(PagingFormat f, Half h, long size, Attributes a, LongUnaryOperator leafAsPasted) {
        String what = f.name() + " " + h.rootRegister() + " " + size + " " + a;
        Simulation sim = simulation(f, POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        long va = h.ranges().get(0).start();
        long pa = 2 * size;
        applied(s.map(va, size, pa, a, PageSizePolicy.LARGEST, false));
        WalkTrace t = s.walk(va, null);
        Translation.Mapped walked = assertInstanceOf(Translation.Mapped.class, t.result(), what);
        assertEquals(size, walked.pageSize(), what);
        List<WalkStep> steps = t.steps();
        for (int i = 0; i < steps.size(); i++) {
            WalkStep step = steps.get(i);
            boolean leaf = i == steps.size() - 1;
            long raw = leaf ? leafAsPasted.applyAsLong(step.entry().raw()) : step.entry().raw();
            Answer.Decoded.Entry e = assertInstanceOf(Answer.Decoded.Entry.class, Decoding.entry(f, step.level(), raw),
                    what);
            assertEquals(Optional.empty(), e.malformed(), what + " at " + step.level());
            if (raw == step.entry().raw()) {
                assertEquals(step.entry(), e.entry(), what);
            }
            if (i < steps.size() - 1) {
                Translation.NotMapped below = assertInstanceOf(Translation.NotMapped.class, e.walk(), what);
                assertEquals(steps.get(i + 1).level(), below.level(), what);
                assertEquals(steps.get(i + 1).tablePa(), e.entry().address().getAsLong(), what);
            } else {
                Translation.Mapped m = assertInstanceOf(Translation.Mapped.class, e.walk(), what);
                assertEquals(pa, m.pageBase(), what);
                assertEquals(size, m.pageSize(), what);
                assertEquals(walked.level(), m.level(), what);
                assertEquals(walked.permissions(), m.permissions(), what);
                assertEquals(walked.memoryType(), m.memoryType(), what);
                assertEquals(walked.attributes().cache(), m.attributes().cache(), what);
            }
        }
    }

    /** The registers {@link Registers} computes for every format decode to the fields it set, with no problem. */
    @Test
    void everyRegisterTheEngineComputesDecodesToItsFields() {
        int decoded = 0;
        for (PagingFormat f : formats()) {
            List<Long> roots = f.halves().size() == 1 ? List.of(0x20_0000L) : List.of(0x20_0000L, 0x30_0000L);
            for (Register r : Registers.of(f, "k", roots)) {
                Optional<String> name = RegisterDecoder.canonical(f, r.name());
                if (name.isEmpty()) {
                    continue;
                }
                Answer.Decoded.Register back = assertInstanceOf(Answer.Decoded.Register.class,
                        Decoding.register(f, r.name(), r.value()), f.name() + " " + r.name());
                assertEquals(List.of(), back.problems(), f.name() + " " + r.name());
                for (Register.Field field : r.fields()) {
                    Register.Field same = back.register().fields().stream().filter(x -> x.name().equals(field.name()))
                            .findFirst().orElseThrow(() -> new AssertionError(f.name() + " " + r.name() + " has no "
                                    + field.name()));
                    assertEquals(field.value(), same.value(), f.name() + " " + r.name() + "." + field.name());
                    assertEquals(field.lsb(), same.lsb(), f.name() + " " + r.name() + "." + field.name());
                }
                decoded++;
            }
        }
        // x86: 5 formats x CR3, CR4; RISC-V: 5 x satp; AArch64: 3 x TTBR0_EL1, TTBR1_EL1, TCR_EL1, MAIR_EL1; ARMv7: TTBR0, TTBCR
        assertEquals(5 * 2 + 5 + 3 * 4 + 2, decoded);
    }

    // ---- hand-worked values -----------------------------------------------------------------------------------------

    /**
     * Intel SDM vol. 3A table 4-18 (a PDE that maps a 2 MiB page): 0x8000_0000_0020_0083 has XD (63), PS (7), RW (1)
     * and P (0) set and bits 51:21 = 0x1, so a 2 MiB page at 0x20_0000, writable, supervisor only, not executable; PAT
     * (12), PCD, PWT are 0: PAT entry 0, WB at power-on. Table 4-19 (a PTE): 0xfee0_009b has PAT (7), PCD (4), PWT (3),
     * RW, P: PAT entry 4 + 2 + 1 = 7, UC at power-on, executable (XD=0).
     */
    @Test
    void x86EntriesWorkedFromTheSdm() {
        PagingFormat f = format("x86_64");
        assertEquals("PD entry 0x8000_0000_0020_0083: 2 MiB page at 0x20_0000, k:rw- u:---, WB (PAT entry 0); XD=1 PK=0"
                + " PAT=0 G=0 PS=1 D=0 A=0 PCD=0 PWT=0 US=0 RW=1 P=1", message(entry(f, "PD", 0x8000_0000_0020_0083L),
                        Code.DECODE_RESULT));
        assertEquals("PT entry 0xfee0_009b: 4 KiB page at 0xfee0_0000, k:rwx u:---, UC (PAT entry 7); XD=0 PK=0 G=0"
                + " PAT=1 D=0 A=0 PCD=1 PWT=1 US=0 RW=1 P=1", message(entry(f, "pt", 0xFEE0_009BL), Code.DECODE_RESULT));
        // a PML4E: bits 51:12 the PDPT, US=1 RW=1 P=1, A=1 (0x27)
        assertEquals("PML4 entry 0x200_1027: table at 0x200_1000; XD=0 PS=0 A=1 PCD=0 PWT=0 US=1 RW=1 P=1",
                message(entry(f, "PML4", 0x200_1027L), Code.DECODE_RESULT));
        // 32-bit paging, SDM table 4-4 (4 MiB PDE): bits 31:22 = 0x3fb (0xfec0_0000), G PS PCD PWT RW P: PAT entry 3, UC
        assertEquals("PD entry 0xfec0_019b: 4 MiB page at 0xfec0_0000, k:rwx u:---, UC (PAT entry 3); PAT=0 G=1 PS=1"
                + " D=0 A=0 PCD=1 PWT=1 US=0 RW=1 P=1", message(entry(format("x86-32"), "PD", 0xFEC0_019BL),
                        Code.DECODE_RESULT));
        // PAE, SDM table 4-9 (2 MiB PDE): XD, D, A, PS, RW, P at 0x60_0000
        assertEquals("PD entry 0x8000_0000_0060_00e3: 2 MiB page at 0x60_0000, k:rw- u:---, WB (PAT entry 0); XD=1 PK=0"
                + " PAT=0 G=0 PS=1 D=1 A=1 PCD=0 PWT=0 US=0 RW=1 P=1", message(entry(format("x86-pae"), "PD",
                        0x8000_0000_0060_00E3L), Code.DECODE_RESULT));
    }

    /**
     * Arm DDI 0487 D8.3 (a level 3 page descriptor): 0x0060_0000_0900_0407 has UXN (54) and PXN (53), output address
     * 0x900_0000, AF (10), AP[2:1] = 00 (EL1 read/write, no EL0 access), AttrIndx (4:2) = 1 and bits 1:0 = 0b11: with
     * the machine's MAIR Attr1 = 0x00, Device-nGnRnE.
     */
    @Test
    void aarch64PageWorkedFromTheArmArm() {
        assertEquals("L3 entry 0x60_0000_0900_0407: 4 KiB page at 0x900_0000, k:rw- u:---, Device-nGnRnE (MAIR_EL1 Attr1 ="
                + " 0x00); UXN=1 PXN=1 Contiguous=0 DBM=0 nG=0 AF=1 SH=0 AP=0 NS=0 AttrIndx=1 Type=1 Valid=1",
                message(entry(format("aarch64-4k"), "L3", 0x0060_0000_0900_0407L), Code.DECODE_RESULT));
    }

    /**
     * Arm DDI 0406C B3.5.1 (section): 0x8000_140e has base 31:20 = 0x800, TEX (14:12) = 001, AP[1:0] (11:10) = 01,
     * C (3), B (2), type 0b10: a 1 MiB section at 0x8000_0000, privileged read/write and no user access (AP[2:0] = 001),
     * executable (XN=0), Normal write-back write-allocate (TEX 001, C 1, B 1: table B3-10).
     */
    @Test
    void armv7SectionWorkedFromTheArmArm() {
        assertEquals("L1 entry 0x8000_140e: 1 MiB page at 0x8000_0000, k:rwx u:---, Normal WB-WA (TEX=001 C=1 B=1); NS=0"
                + " bit18=0 nG=0 S=0 AP[2]=0 TEX=1 AP[1:0]=1 IMP=0 Domain=0 XN=0 C=1 B=1 type=2",
                message(entry(format("armv7"), "L1", 0x8000_140EL), Code.DECODE_RESULT));
    }

    /**
     * RISC-V privileged spec 10.3.1 (Sv39 PTE): 0x2008_00cf has PPN = 0x2008_00cf >> 10 = 0x80200 (PA 0x8020_0000) and
     * D A X W R V: at L0 a 4 KiB page; at L1 a 2 MiB megapage (0x8020_0000 is 2 MiB aligned, PPN[0] = 0).
     */
    @Test
    void riscvLeafWorkedFromThePrivilegedSpec() {
        PagingFormat f = format("sv39");
        String fields = "; N=0 PBMT=0 Reserved=0 PPN[2]=2 PPN[1]=1 PPN[0]=0 RSW=0 D=1 A=1 G=0 U=0 X=1 W=1 R=1 V=1";
        assertEquals("L0 entry 0x2008_00cf: 4 KiB page at 0x8020_0000, k:rwx u:---, PMA (no Svpbmt)" + fields,
                message(entry(f, "L0", 0x2008_00CFL), Code.DECODE_RESULT));
        assertEquals("L1 entry 0x2008_00cf: 2 MiB page at 0x8020_0000, k:rwx u:---, PMA (no Svpbmt)" + fields,
                message(entry(f, "L1", 0x2008_00CFL), Code.DECODE_RESULT));
    }

    /**
     * One value for each remaining standard format. x86_64-la57 (SDM table 4-14 for a PML5E): next table 0x200_1000,
     * A US RW P. aarch64-16k (D8.3, a level 2 block of 32 MiB): output 0x200_0000, UXN PXN, AF, AttrIndx 0 (MAIR Attr0
     * 0xff, Normal WB), AP 00. aarch64-64k (a level 3 page of 64 KiB): output 0x1_0000, bits 11:0 = 0x7c3: AF, SH 11,
     * AP 11 (read-only at EL1 and EL0), page; UXN = PXN = 0 and not writable at EL0: executable by both. Sv32 (10.3.1):
     * 0x2010_004b = PPN 0x80400 (PA 0x8040_0000, PPN[0] = 0 so a 4 MiB megapage is aligned), A X R V. Sv48 and Sv57:
     * 0x800_0001 = PPN 0x20000 (PA 0x2000_0000) with V alone: a pointer to the next table; PPN[1] = 0x20000 >> 9.
     */
    @Test
    void theOtherFormatsWorkedFromTheirManuals() {
        assertEquals("PML5 entry 0x200_1027: table at 0x200_1000; XD=0 PS=0 A=1 PCD=0 PWT=0 US=1 RW=1 P=1",
                message(entry(format("x86_64-la57"), "PML5", 0x200_1027L), Code.DECODE_RESULT));
        assertEquals("L2 entry 0x60_0000_0200_0401: 32 MiB page at 0x200_0000, k:rw- u:---, Normal WB (MAIR_EL1 Attr0 ="
                + " 0xff); UXN=1 PXN=1 Contiguous=0 DBM=0 nG=0 AF=1 SH=0 AP=0 NS=0 AttrIndx=0 Type=0 Valid=1",
                message(entry(format("aarch64-16k"), "L2", 0x0060_0000_0200_0401L), Code.DECODE_RESULT));
        assertEquals("L3 entry 0x1_07c3: 64 KiB page at 0x1_0000, k:r-x u:r-x, Normal WB (MAIR_EL1 Attr0 = 0xff); UXN=0"
                + " PXN=0 Contiguous=0 DBM=0 nG=0 AF=1 SH=3 AP=3 NS=0 AttrIndx=0 Type=1 Valid=1",
                message(entry(format("aarch64-64k"), "L3", 0x1_07C3L), Code.DECODE_RESULT));
        assertEquals("L1 entry 0x2010_004b: 4 MiB page at 0x8040_0000, k:r-x u:---, PMA (no Svpbmt); PPN[1]=0x201"
                + " PPN[0]=0 RSW=0 D=0 A=1 G=0 U=0 X=1 W=0 R=1 V=1",
                message(entry(format("sv32"), "L1", 0x2010_004BL), Code.DECODE_RESULT));
        assertEquals("L3 entry 0x800_0001: table at 0x2000_0000; N=0 PBMT=0 Reserved=0 PPN[3]=0 PPN[2]=0 PPN[1]=0x100"
                + " PPN[0]=0 RSW=0 D=0 A=0 G=0 U=0 X=0 W=0 R=0 V=1",
                message(entry(format("sv48"), "L3", 0x800_0001L), Code.DECODE_RESULT));
        assertEquals("L4 entry 0x800_0001: table at 0x2000_0000; N=0 PBMT=0 Reserved=0 PPN[4]=0 PPN[3]=0 PPN[2]=0"
                + " PPN[1]=0x100 PPN[0]=0 RSW=0 D=0 A=0 G=0 U=0 X=0 W=0 R=0 V=1",
                message(entry(format("sv57"), "L4", 0x800_0001L), Code.DECODE_RESULT));
    }

    /**
     * Registers: x86_64 CR3 0x200_0018 (PML4 at 0x200_0000, bits 4:3 PCD and PWT); Sv39 satp 0x8000_0000_0008_0200
     * (MODE 8, PPN 0x80200); Linux's TCR_EL1 for 4 KiB pages and 48-bit halves, 0x35_b510_3510: T0SZ = T1SZ = 16,
     * IRGN = ORGN = 01, SH = 11 for both halves, TG0 = 0 (4 KiB), TG1 = 2 (4 KiB), IPS = 5 (48 bits), AS, TBI0.
     */
    @Test
    void registersWorkedFromTheManuals() {
        assertEquals("CR3 0x200_0018: PCID=0x18 (process-context identifier when CR4.PCIDE=1), PWT=1 (walks write-through"
                + " when CR4.PCIDE=0), PCD=1 (walks uncached when CR4.PCIDE=0), PML4 base=0x2000 (PML4 at 0x200_0000)",
                message(register(format("x86_64"), "cr3", 0x200_0018L), Code.DECODE_RESULT));
        assertEquals("satp 0x8000_0000_0008_0200: PPN=0x8_0200 (root table at 0x8020_0000), ASID=0 (address space 0),"
                + " MODE=8 (Sv39)", message(register(format("sv39"), "satp", 0x8000_0000_0008_0200L), Code.DECODE_RESULT));
        List<Finding> tcr = register(format("aarch64-4k"), "tcr_el1", 0x35_B510_3510L);
        assertEquals(List.of(Code.DECODE_RESULT), tcr.stream().map(Finding::code).toList());
        assertEquals("TCR_EL1 0x35_b510_3510: T0SZ=0x10 (48-bit low half), EPD0=0 (TTBR0 walks enabled), IRGN0=1 (walks"
                + " inner write-back write-allocate), ORGN0=1 (walks outer write-back write-allocate), SH0=3 (walks inner"
                + " shareable), TG0=0 (4 KiB granule), A1=0 (TTBR0_EL1.ASID is the ASID), T1SZ=0x10 (48-bit high half),"
                + " EPD1=0 (TTBR1 walks enabled), IRGN1=1 (walks inner write-back write-allocate), ORGN1=1 (walks outer"
                + " write-back write-allocate), SH1=3 (walks inner shareable), TG1=2 (4 KiB granule), IPS=5 (48-bit"
                + " physical), AS=1 (16-bit ASIDs), TBI0=1 (top byte ignored in the low half), TBI1=0 (top byte used in the"
                + " high half), HA=0 (AF=0 faults), HD=0 (no hardware dirty state)", tcr.get(0).message());
        // on 16 KiB pages the same value names the wrong granule for both halves
        List<Finding> wrong = register(format("aarch64-16k"), "tcr_el1", 0x35_B510_3510L);
        assertEquals(List.of("TCR_EL1 0x35_b510_3510: TG0=0 (4 KiB granule) disagrees with the machine: its format"
                + " aarch64-16k has the 16 KiB granule", "TCR_EL1 0x35_b510_3510: TG1=2 (4 KiB granule) disagrees with"
                + " the machine: its format aarch64-16k has the 16 KiB granule"), wrong.stream()
                        .filter(x -> x.code() == Code.DECODE_PROBLEM).map(Finding::message).toList());
    }

    // ---- bad input and rejected values --------------------------------------------------------------------------------

    @Test
    void unknownLevelNamesTheFormatsLevels() {
        assertEquals("x86_64 has no level 'L2': its levels are PML4, PDPT, PD, PT",
                message(entry(format("x86_64"), "L2", 0), Code.DECODE_REFUSED));
        assertEquals("aarch64-4k has no level 'PD': its levels are L0, L1, L2, L3",
                message(entry(format("aarch64-4k"), "PD", 0), Code.DECODE_REFUSED));
    }

    @Test
    void aRegisterOfAnotherArchitectureSaysWhichHasIt() {
        assertEquals("'satp' is a RISC-V register (sv32, sv39, sv48, sv57); x86_64 has cr3, cr4",
                message(register(format("x86_64"), "satp", 0), Code.DECODE_REFUSED));
        assertEquals("'ttbr0' is an AArch64 and ARMv7 register (aarch64-4k, aarch64-16k, aarch64-64k, armv7);"
                + " sv39 has satp",
                message(register(format("sv39"), "ttbr0", 0), Code.DECODE_REFUSED));
        assertEquals("'CR3' is an x86 register (x86-32, x86-pae, x86_64, x86_64-la57); armv7 has ttbr0, ttbr1,"
                + " ttbcr",
                message(register(format("armv7"), "CR3", 0), Code.DECODE_REFUSED));
        assertEquals("'cr0' is no paging register PT decodes; x86_64 has cr3, cr4",
                message(register(format("x86_64"), "cr0", 0), Code.DECODE_REFUSED));
    }

    @Test
    void aValueWiderThanTheEntryOrRegisterIsRefused() {
        assertEquals("0x1_0000_0000 does not fit in 32 bits, the width of an L1 entry of armv7 (it has bit 32 set)",
                message(entry(format("armv7"), "L1", 0x1_0000_0000L), Code.DECODE_REFUSED));
        assertEquals("0x8000_0000_0000_0000 does not fit in 32 bits, the width of a PD entry of x86-32 (it has bit 63"
                + " set)", message(entry(format("x86-32"), "PD", 0x8000_0000_0000_0000L), Code.DECODE_REFUSED));
        assertEquals("0x1_0000_0000 does not fit in 32 bits, the width of CR3 on x86-pae (it has bit 32 set)",
                message(register(format("x86-pae"), "cr3", 0x1_0000_0000L), Code.DECODE_REFUSED));
        // the widest 32-bit value fits
        assertEquals(List.of(), entry(format("armv7"), "L2", 0xFFFF_FFFFL).stream()
                .filter(x -> x.code() == Code.DECODE_REFUSED).toList());
    }

    @Test
    void reservedBitsAreReportedExactly() {
        PagingFormat x64 = format("x86_64");
        // SDM table 4-15: bit 7 of a PML4E is reserved
        assertEquals("PML4 entry 0x200_10a7 is rejected by the MMU: bit 7 (PS) is reserved at this level (reserved bit 7"
                + " set: 0x80)", message(entry(x64, "PML4", 0x200_10A7L), Code.DECODE_PROBLEM));
        // bits 51:46 are beyond MAXPHYADDR 46
        assertEquals("PT entry 0xf_c000_0000_1003 is rejected by the MMU: bit 51 is beyond the 46-bit physical address"
                + " width (reserved bits 51:46 set: 0xf_c000_0000_0000)",
                message(entry(x64, "PT", 0x000F_C000_0000_1003L), Code.DECODE_PROBLEM));
        // without NX (EFER.NXE = 0) bit 63 is reserved
        PagingFormat noNx = X86Format.of(X86Format.Mode.LONG_4, 46, EnumSet.of(Feature.PAGE_1G), X86Format.POWER_ON_PAT);
        assertEquals("PT entry 0x8000_0000_0000_1003 is rejected by the MMU: bit 63 (XD) is reserved without NX (EFER.NXE)"
                + " (reserved bit 63 set: 0x8000_0000_0000_0000)",
                message(entry(noNx, "PT", 0x8000_0000_0000_1003L), Code.DECODE_PROBLEM));
        // a 2 MiB PDE with bit 13 set: its page address is misaligned (bits 20:13 reserved)
        assertEquals("PD entry 0x20_2083 is rejected by the MMU: bit 13: the 2 MiB page address is misaligned (reserved"
                + " bit 13 set: 0x2000)", message(entry(x64, "PD", 0x20_2083L), Code.DECODE_PROBLEM));
        // AArch64 D8.3.1: a block descriptor at level 0 of the 4 KiB granule
        List<Finding> l0 = entry(format("aarch64-4k"), "L0", 0x4000_0401L);
        assertEquals("L0 entry 0x4000_0401: invalid (the walk stops here with a translation fault); Type=0 Valid=1",
                message(l0, Code.DECODE_RESULT));
        assertEquals("L0 entry 0x4000_0401 is rejected by the MMU: bits[1:0] = 0b01 (a block descriptor) is reserved at"
                + " level 0 (the 4 KiB granule has no blocks there): the walk reads it as invalid, a translation fault",
                message(l0, Code.DECODE_PROBLEM));
        // RISC-V: W without R, and a non-leaf PTE with A set
        PagingFormat sv39 = format("sv39");
        assertEquals("L0 entry 0x5 is rejected by the MMU: W=1 with R=0 is reserved",
                message(entry(sv39, "L0", 0x5), Code.DECODE_PROBLEM));
        assertEquals("L2 entry 0x41 is rejected by the MMU: bit 6 (A) is reserved in a non-leaf PTE (D, A and U must be 0)"
                + " (reserved bit 6 set: 0x40)", message(entry(sv39, "L2", 0x41), Code.DECODE_PROBLEM));
        // ARMv7 B3.5.1: L1 type 0b11
        assertEquals("L1 entry 0x3 is rejected by the MMU: type 0b11 is reserved in an L1 descriptor (without the PXN"
                + " extension): the walk reads it as a translation fault",
                message(entry(format("armv7"), "L1", 0x3), Code.DECODE_PROBLEM));
        // a clean entry has none
        assertEquals(List.of(Code.DECODE_RESULT), entry(x64, "PD", 0x20_0083L).stream().map(Finding::code).toList());
    }

    @Test
    void registerValuesTheMachineContradictsAreReported() {
        // PAE (5) and PGE (7) but not LA57 (12)
        assertEquals("CR4 0xa0: LA57=0 disagrees with the machine: x86_64-la57 is 5-level paging (CR4.LA57=1)",
                message(register(format("x86_64-la57"), "cr4", 0xA0), Code.DECODE_PROBLEM));
        assertEquals("satp 0x9000_0000_0008_0200: MODE=9 (Sv48) disagrees with the machine: its format is sv39 (MODE=8)",
                message(register(format("sv39"), "satp", 0x9000_0000_0008_0200L), Code.DECODE_PROBLEM));
        assertEquals("TTBCR 0x8000_0000: EAE=1 selects the Long-descriptor format, but the machine's format armv7 is short"
                + " descriptors", message(register(format("armv7"), "ttbcr", 0x8000_0000L), Code.DECODE_PROBLEM));
        assertEquals("TTBR0_EL1 0x20_0800: bit 11 set (0x800): RES0, the L0 root table of 4096 bytes is aligned to 4096"
                + " bytes", message(register(format("aarch64-4k"), "ttbr0", 0x20_0800L), Code.DECODE_PROBLEM));
    }
}
