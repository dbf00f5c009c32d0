package org.pt.engine.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pt.engine.format.Formats;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.Permissions;
import org.pt.engine.strategy.SelfEntry.Outcome;
import org.pt.engine.strategy.SelfEntry.Reading;
import org.pt.engine.walk.FaultKind;

/**
 * What the MMU does with a self entry at each level, from the formats' own walks: the readings as data, the raw entries
 * worked out by hand from the manuals' descriptor layouts.
 */
class SelfEntryTest {

    private static final Permissions NONE = new Permissions(false, false, false, false, false, false);

    private static PagingFormat format(String name) {
        return Formats.standard(name).orElseThrow();
    }

    private static SelfEntry walk(String format, int half, int slot, long root) {
        PagingFormat f = format(format);
        return SelfEntry.walk(f, f.halves().get(half), slot, root).orElseThrow();
    }

    /** {@code L2=table} ...: each level's name and what the MMU does there, by kind. */
    private static List<String> kinds(SelfEntry e) {
        return e.readings().stream().map(r -> r.level() + "=" + switch (r.outcome()) {
            case Outcome.NextTable t -> t.root() ? "root" : "table " + Long.toHexString(t.pa());
            case Outcome.Page p -> "page " + Long.toHexString(p.pa()) + "+" + Long.toHexString(p.size()) + " " + p.permissions();
            case Outcome.Faults fl -> "fault " + fl.fault().kind();
            case Outcome.Beyond b -> "beyond " + b.entries();
        }).toList();
    }

    /**
     * Sv39: a PTE holds PPN (PA >> 12) at bits 53:10 and V at bit 0, so the non-leaf self entry for the root at
     * 0x8200_0000 is 0x8_2000 << 10 | 1 = 0x2080_0001. Step 4 of the translation makes it a page fault at level 0.
     */
    @Test
    void riscVSelfEntryIsAFaultAtTheLastLevel() {
        SelfEntry e = walk("sv39", 0, 510, 0x8200_0000L);
        assertEquals(0x2080_0001L, e.entry());
        assertEquals("L2[510]", e.slot());
        assertEquals(List.of("L2=root", "L1=root", "L0=fault NON_LEAF_AT_LAST_LEVEL"), kinds(e));
        Reading last = e.readings().get(2);
        assertEquals(new Outcome.NextTable(0x8200_0000L, true), e.readings().get(0).outcome());
        assertEquals(Optional.empty(), last.readAs(), "every Sv39 table is 4 KiB of 512 entries");
        assertEquals(510, last.index());
        assertEquals(0L, last.decoded().field("R") | last.decoded().field("W") | last.decoded().field("X"));
        assertEquals(1L, last.decoded().field("V"));
    }

    /**
     * The check follows the entry the walk reads, not a verdict per format: a corrupted self entry with R=1 (a leaf) is
     * a 1 GiB superpage at L2, whose PPN[1] (0x10 for 0x8200_0000) must be 0 — a misaligned-superpage fault; under a
     * root on a 1 GiB boundary the same corruption maps that gigabyte, and the walk reaches no table at all.
     */
    @Test
    void aCorruptedSelfEntryChangesWhatTheWalkFinds() {
        PagingFormat f = format("sv39");
        Half h = f.halves().get(0);
        SelfEntry misaligned = SelfEntry.walk(f, h, 510, 0x8200_0000L, 0x2080_0001L | 0b10).orElseThrow();
        assertEquals(List.of("L2=fault MISALIGNED_SUPERPAGE"), kinds(misaligned));
        SelfEntry aligned = SelfEntry.walk(f, h, 510, 0x8000_0000L, (0x8_0000L << 10) | 0b11).orElseThrow();
        assertEquals(List.of("L2=page 80000000+40000000 k:r-- u:---"), kinds(aligned));
    }

    /**
     * ARMv7 short descriptors: the L1 page-table descriptor of the root at 0x200_0000 is the address | 0b01. Read as an
     * L2 descriptor, bits 1:0 = 01 are a 64 KiB large page (base bits 31:16) with AP[2]=bit 9=0 and AP[1:0]=bits 5:4=0:
     * no access at all; TEX=C=B=0, strongly ordered. Slot 4095 is beyond the 256 entries the L2 walk can index, slot 200
     * is not: there the MMU really reads it as that large page.
     */
    @Test
    void armV7SelfEntryIsALargePageWithoutAccessWhenReadAsAnL2Descriptor() {
        SelfEntry high = walk("armv7", 0, 4095, 0x200_0000L);
        assertEquals(0x200_0001L, high.entry());
        assertEquals(List.of("L1=root", "L2=beyond 256"), kinds(high));
        Reading l2 = high.readings().get(1);
        assertEquals(Optional.of(new SelfEntry.Shape("L1", 4096, 16 * 1024, 256, 1024)), l2.readAs());
        assertEquals(new Outcome.Beyond(256, new Outcome.Page(0x200_0000L, 64 * 1024, NONE,
                "Strongly-ordered (TEX=000 C=0 B=0)")), l2.outcome());
        SelfEntry low = walk("armv7", 0, 200, 0x200_0000L);
        assertEquals(List.of("L1=root", "L2=page 2000000+10000 k:--- u:---"), kinds(low));
    }

    /**
     * PAE: a PDPTE holds P (bit 0) and the address; RW and US are reserved there, so the self entry is 0x200_0001. Read
     * as a PDE it is a read-only supervisor table entry; as a PTE a read-only, executable (XD=0) 4 KiB page; the 32-byte
     * PDPT is read as a 4 KiB table at both levels below it.
     */
    @Test
    void paeSelfEntryReadsThePdptAsAFullTableAndMapsItReadOnly() {
        SelfEntry e = walk("x86-pae", 0, 3, 0x200_0000L);
        assertEquals(0x200_0001L, e.entry());
        assertEquals(List.of("PDPT=root", "PD=root", "PT=page 2000000+1000 k:r-x u:---"), kinds(e));
        assertEquals(Optional.of(new SelfEntry.Shape("PDPT", 4, 32, 512, 4096)), e.readings().get(1).readAs());
    }

    /** AArch64, 64 KiB granule, 52-bit VA: a 1024-entry (8 KiB) TTBR1 root read as 64 KiB tables of 8192 entries. */
    @Test
    void aarch64SmallRootIsReadAsAFullTableAtEveryLevelBelow() {
        SelfEntry e = walk("aarch64-64k", 1, 1022, 0x4400_0000L);
        assertEquals(List.of("L1=root", "L2=root", "L3=page 44000000+10000 k:rw- u:---"), kinds(e));
        assertEquals(Optional.of(new SelfEntry.Shape("L1", 1024, 8 * 1024, 8192, 64 * 1024)), e.readings().get(2).readAs());
    }

    /**
     * A 64 KiB-granule table descriptor holds the next-level address bits 47:16 (and 51:48 in bits 15:12): a root at
     * 0x4400_2000 is out of its reach, the entry points at 0x4400_0000 instead, and the readings end there.
     */
    @Test
    void aRootTheEntryCannotAddressEndsTheReadings() {
        SelfEntry e = walk("aarch64-64k", 1, 1022, 0x4400_2000L);
        assertEquals(List.of("L1=table 44000000"), kinds(e));
    }
}
