package org.pt.engine.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.pt.engine.TestSpaces.applied;
import static org.pt.engine.TestSpaces.simulation;
import static org.pt.engine.TestSpaces.space;

import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pt.engine.format.X86Format.PatType;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkTrace;

/**
 * The memory type a leaf selects, per format, against the manuals: Intel SDM vol. 3A 13.12.3 (PAT index from
 * PAT:PCD:PWT, table 13-11) and 13.12.4 (the power-on PAT); Arm DDI 0487 MAIR_EL1 (Attr&lt;n&gt; encodings);
 * ARM DDI 0406C B3.8.2 tables B3-10 and B3-11 (TEX remap off); RISC-V privileged spec, Svpbmt (PBMT values).
 * The expected values are written from those tables, not from the codec.
 */
class MemoryTypeTest {

    private static final long POOL = 0x0200_0000L;
    private static final Attributes KRW = Attributes.KERNEL_RW;

    // ---- x86 ---------------------------------------------------------------------------------------

    private static X86Format x86(java.util.List<PatType> pat) {
        return X86Format.of(X86Format.Mode.LONG_4, 46, EnumSet.of(Feature.NX, Feature.PAGE_1G), pat);
    }

    @Test
    void x86PatIndexIsPatPcdPwtWithThePatBitAt7InPtesAnd12InLargePages() {
        X86Format linux = x86(X86Format.LINUX_PAT);
        long p = 1;
        // 4 KiB PTE: PWT bit 3, PCD bit 4, PAT bit 7; bit 12 is an address bit there
        assertEquals(new MemoryType.Pat(0, PatType.WB), linux.memoryType(p | 1L << 12, 1));
        assertEquals(new MemoryType.Pat(1, PatType.WC), linux.memoryType(p | 1L << 3, 1));
        assertEquals(new MemoryType.Pat(2, PatType.UC_MINUS), linux.memoryType(p | 1L << 4, 1));
        assertEquals(new MemoryType.Pat(3, PatType.UC), linux.memoryType(p | 1L << 4 | 1L << 3, 1));
        assertEquals(new MemoryType.Pat(4, PatType.WB), linux.memoryType(p | 1L << 7, 1));
        assertEquals(new MemoryType.Pat(7, PatType.WT), linux.memoryType(p | 1L << 7 | 1L << 4 | 1L << 3, 1));
        // 2 MiB PDE and 1 GiB PDPTE: bit 7 is PS, the PAT bit is 12
        long ps = p | 1L << 7;
        assertEquals(new MemoryType.Pat(0, PatType.WB), linux.memoryType(ps, 2));
        assertEquals(new MemoryType.Pat(5, PatType.WP), linux.memoryType(ps | 1L << 12 | 1L << 3, 2));
        assertEquals(new MemoryType.Pat(6, PatType.UC_MINUS), linux.memoryType(ps | 1L << 12 | 1L << 4, 3));
        // the power-on PAT: WB WT UC- UC, twice
        X86Format reset = x86(X86Format.POWER_ON_PAT);
        assertEquals(new MemoryType.Pat(1, PatType.WT), reset.memoryType(p | 1L << 3, 1));
        assertEquals(new MemoryType.Pat(7, PatType.UC), reset.memoryType(p | 1L << 7 | 1L << 4 | 1L << 3, 1));
        assertEquals("UC-", reset.memoryType(p | 1L << 4, 1).name());
        assertEquals("UC- (PAT entry 2)", reset.memoryType(p | 1L << 4, 1).toString());
    }

    @Test
    void x86WalkNamesThePatEntryEachAttributeWordSelects() {
        X86Format linux = x86(X86Format.LINUX_PAT);
        assertEquals(new MemoryType.Pat(0, PatType.WB), walked(linux, 0x40_0000L, KRW).memoryType());
        assertEquals(new MemoryType.Pat(1, PatType.WC), walked(linux, 0x40_0000L, KRW.withCache(CacheType.WRITE_COMBINING)).memoryType());
        assertEquals(new MemoryType.Pat(2, PatType.UC_MINUS), walked(linux, 0x40_0000L, KRW.withCache(CacheType.UNCACHED)).memoryType());
        assertEquals(new MemoryType.Pat(3, PatType.UC), walked(linux, 0x40_0000L, KRW.withCache(CacheType.DEVICE)).memoryType());
        assertEquals(new MemoryType.Pat(7, PatType.WT), walked(linux, 0x40_0000L, KRW.withCache(CacheType.WRITE_THROUGH)).memoryType());
        Translation.Mapped uc = walked(linux, 0x40_0000L, KRW.withCache(CacheType.UNCACHED));
        assertEquals("0x40_0000 -> 0x10_0000 (4 KiB page at PT, k:rw- u:---, UC-)", uc.toString());
        // the power-on PAT has WT at index 1
        assertEquals(new MemoryType.Pat(1, PatType.WT),
                walked(x86(X86Format.POWER_ON_PAT), 0x40_0000L, KRW.withCache(CacheType.WRITE_THROUGH)).memoryType());
    }

    @Test
    void x86TraceNamesTheMemoryTypeOfTheLeafOnly() {
        Simulation sim = simulation(x86(X86Format.LINUX_PAT), POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        applied(s.map(0x40_0000L, 4096, 0x10_0000L, KRW.withCache(CacheType.WRITE_COMBINING), PageSizePolicy.SMALLEST, false));
        WalkTrace t = s.walk(0x40_0000L, Access.KERNEL_READ);
        assertEquals(Optional.empty(), t.steps().get(2).entry().memoryType());
        assertEquals(Optional.of(new MemoryType.Pat(1, PatType.WC)), t.steps().get(3).entry().memoryType());
        assertEquals("PT[0] @ 0x200_3000 = 0x800000000010006b leaf addr=0x10_0000 XD=1 PK=0 G=0 PAT=0 D=1 A=1 PCD=0 "
                + "PWT=1 US=0 RW=1 P=1 memory WC (PAT entry 1)", t.steps().get(3).toString());
    }

    // ---- AArch64 -----------------------------------------------------------------------------------

    @Test
    void aarch64MairAttributeBytesDecodeAsTheManualNamesThem() {
        assertEquals("Device-nGnRnE", new MemoryType.Mair(0, 0x00).name());
        assertEquals("Device-nGnRE", new MemoryType.Mair(0, 0x04).name());
        assertEquals("Device-nGRE", new MemoryType.Mair(0, 0x08).name());
        assertEquals("Device-GRE", new MemoryType.Mair(0, 0x0C).name());
        assertEquals("Normal WB", new MemoryType.Mair(0, 0xFF).name());
        assertEquals("Normal WT", new MemoryType.Mair(0, 0xBB).name());
        assertEquals("Normal NC", new MemoryType.Mair(0, 0x44).name());
        assertEquals("Normal inner WB outer NC", new MemoryType.Mair(0, 0x4F).name());
        assertEquals("Normal WB-T", new MemoryType.Mair(0, 0x77).name());
        assertEquals("Tagged Normal WB", new MemoryType.Mair(0, 0xF0).name());
        assertEquals(CacheType.DEVICE, new MemoryType.Mair(0, 0x04).cache());
        assertEquals(CacheType.UNCACHED, new MemoryType.Mair(0, 0x4F).cache());
        assertEquals(CacheType.WRITE_THROUGH, new MemoryType.Mair(0, 0xBB).cache());
        assertEquals("Device-nGnRnE (MAIR_EL1 Attr1 = 0x00)", new MemoryType.Mair(1, 0x00).toString());
    }

    @Test
    void aarch64WalkNamesTheAttrIndxAndMairByteUnderTheDefaultMair() {
        AArch64Format f = AArch64Format.linux4k48();
        long va = 0xFFFF_0000_0000_0000L;
        assertEquals(new MemoryType.Mair(0, 0xFF), walked(f, va, KRW).memoryType());
        assertEquals(new MemoryType.Mair(1, 0x00), walked(f, va, KRW.withCache(CacheType.DEVICE)).memoryType());
        assertEquals(new MemoryType.Mair(2, 0x44), walked(f, va, KRW.withCache(CacheType.UNCACHED)).memoryType());
        assertEquals(new MemoryType.Mair(2, 0x44), walked(f, va, KRW.withCache(CacheType.WRITE_COMBINING)).memoryType());
        assertEquals(new MemoryType.Mair(3, 0xBB), walked(f, va, KRW.withCache(CacheType.WRITE_THROUGH)).memoryType());
        assertEquals("0xffff_0000_0000_0000 -> 0x10_0000 (4 KiB page at L3, k:rw- u:---, Device-nGnRnE)",
                walked(f, va, KRW.withCache(CacheType.DEVICE)).toString());
    }

    // ---- ARMv7 -------------------------------------------------------------------------------------

    @Test
    void armv7TexCbWithTexRemapOffFollowsTablesB3_10AndB3_11() {
        assertEquals("Strongly-ordered", new MemoryType.TexCb(0b000, false, false).name());
        assertEquals("Shareable Device", new MemoryType.TexCb(0b000, false, true).name());
        assertEquals("Normal WT", new MemoryType.TexCb(0b000, true, false).name());
        assertEquals("Normal WB", new MemoryType.TexCb(0b000, true, true).name());
        assertEquals("Normal NC", new MemoryType.TexCb(0b001, false, false).name());
        assertEquals("reserved", new MemoryType.TexCb(0b001, false, true).name());
        assertEquals("IMPLEMENTATION DEFINED", new MemoryType.TexCb(0b001, true, false).name());
        assertEquals("Normal WB-WA", new MemoryType.TexCb(0b001, true, true).name());
        assertEquals("Non-shareable Device", new MemoryType.TexCb(0b010, false, false).name());
        assertEquals("reserved", new MemoryType.TexCb(0b011, true, true).name());
        // TEX = 1BB: outer policy BB, inner policy CB
        assertEquals("Normal WB-WA", new MemoryType.TexCb(0b101, false, true).name());
        assertEquals("Normal inner WB outer WT", new MemoryType.TexCb(0b110, true, true).name());
        assertEquals(CacheType.DEVICE, new MemoryType.TexCb(0b000, false, false).cache());
        assertEquals(CacheType.WRITE_THROUGH, new MemoryType.TexCb(0b111, true, false).cache());
        assertEquals("Normal inner WT outer NC (TEX=100 C=1 B=0)", new MemoryType.TexCb(0b100, true, false).toString());
    }

    @Test
    void armv7WalkNamesTheTypeEachAttributeWordSelects() {
        ArmV7ShortFormat f = ArmV7ShortFormat.standard();
        assertEquals(new MemoryType.TexCb(0b001, true, true), walked(f, 0x1000_0000L, KRW).memoryType());
        assertEquals(new MemoryType.TexCb(0b000, true, false), walked(f, 0x1000_0000L, KRW.withCache(CacheType.WRITE_THROUGH)).memoryType());
        assertEquals(new MemoryType.TexCb(0b001, false, false), walked(f, 0x1000_0000L, KRW.withCache(CacheType.UNCACHED)).memoryType());
        assertEquals(new MemoryType.TexCb(0b001, false, false), walked(f, 0x1000_0000L, KRW.withCache(CacheType.WRITE_COMBINING)).memoryType());
        assertEquals(new MemoryType.TexCb(0b000, false, true), walked(f, 0x1000_0000L, KRW.withCache(CacheType.DEVICE)).memoryType());
    }

    // ---- RISC-V ------------------------------------------------------------------------------------

    @Test
    void riscvPbmtSelectsPmaNcOrIoAndWithoutSvpbmtThePmasDecide() {
        RiscVFormat f = RiscVFormat.of(RiscVFormat.Mode.SV39, 56, EnumSet.of(Feature.SVPBMT));
        long va = 0x40_0000L;
        assertEquals(new MemoryType.Pbmt(0, true), walked(f, va, KRW).memoryType());
        assertEquals(new MemoryType.Pbmt(1, true), walked(f, va, KRW.withCache(CacheType.UNCACHED)).memoryType());
        assertEquals(new MemoryType.Pbmt(1, true), walked(f, va, KRW.withCache(CacheType.WRITE_COMBINING)).memoryType());
        assertEquals(new MemoryType.Pbmt(2, true), walked(f, va, KRW.withCache(CacheType.DEVICE)).memoryType());
        assertEquals("IO (PBMT=2)", new MemoryType.Pbmt(2, true).toString());
        assertEquals("reserved", new MemoryType.Pbmt(3, true).name());
        Translation.Mapped plain = walked(RiscVFormat.sv39(), va, KRW);
        assertEquals(new MemoryType.Pbmt(0, false), plain.memoryType());
        assertEquals("PMA (no Svpbmt)", plain.memoryType().toString());
        assertEquals("0x40_0000 -> 0x10_0000 (4 KiB page at L0, k:rw- u:---, PMA)", plain.toString());
        assertEquals(new MemoryType.Pbmt(0, false), walked(RiscVFormat.sv32(), va, KRW).memoryType());
    }

    @Test
    void everyFormatReadsBackTheCacheTypeOfItsMemoryType() {
        for (PagingFormat f : Formats.all()) {
            Translation.Mapped m = walked(f, f.halves().get(f.halves().size() - 1).ranges().get(0).start(), Attributes.of("rwx"));
            assertEquals(m.attributes().cache(), m.memoryType().cache(), f.name());
        }
    }

    /** Maps one smallest page at {@code va} to 0x10_0000 with {@code a} and walks it as a kernel read. */
    private static Translation.Mapped walked(PagingFormat f, long va, Attributes a) {
        Simulation sim = simulation(f, POOL, 1 << 20, 64);
        AddressSpace s = space(sim, "k");
        long page = f.halves().get(0).geometry().smallestPage();
        applied(s.map(va, page, 0x10_0000L, a, PageSizePolicy.SMALLEST, false));
        return assertInstanceOf(Translation.Mapped.class, s.translate(va, Access.KERNEL_READ));
    }
}
