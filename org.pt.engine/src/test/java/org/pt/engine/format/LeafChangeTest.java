package org.pt.engine.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PagingFormat#leafChange}: the leaf fields two attribute sets differ in, read from each format's encoder and
 * decoder. Expected bits from the manuals: Intel SDM vol. 3A table 4-19 (G bit 8, XD bit 63, U/S bit 2); Arm DDI 0487
 * D8.3 (nG bit 11, AttrIndx bits 4:2); RISC-V privileged "Sv39" PTE (G bit 5, PBMT bits 62:61, 1 = NC).
 */
class LeafChangeTest {

    /** Kernel read-only, write-back: what a mapping without attribute words gets. */
    private static final Attributes KERNEL_R = Attributes.of("r");

    private static LeafChange change(String format, Attributes before, Attributes after) {
        return Formats.standard(format).orElseThrow().leafChange(before, after);
    }

    @Test
    void globalIsOneBitSetOnX86AndRiscVAndClearedOnAArch64() {
        assertEquals(List.of(new LeafChange.Changed("G", 8, 1, 0, 1)),
                ((LeafChange.Fields) change("x86_64", KERNEL_R, KERNEL_R.withGlobal(true))).changed());
        assertEquals(List.of(new LeafChange.Changed("nG", 11, 1, 1, 0)),
                ((LeafChange.Fields) change("aarch64-4k", KERNEL_R, KERNEL_R.withGlobal(true))).changed());
        assertEquals(List.of(new LeafChange.Changed("G", 5, 1, 0, 1)),
                ((LeafChange.Fields) change("sv39", KERNEL_R, KERNEL_R.withGlobal(true))).changed());
    }

    @Test
    void aFieldOfSeveralBitsPrintsItsRangeAndTheMemoryTypeIsTheNewOnes() {
        LeafChange.Fields f = (LeafChange.Fields) change("aarch64-4k", KERNEL_R,
                KERNEL_R.withCache(CacheType.WRITE_COMBINING));
        assertEquals(List.of(new LeafChange.Changed("AttrIndx", 2, 3, 0, 2)), f.changed());
        assertEquals("AttrIndx=2 (bits 4:2)", f.changed().get(0).toString());
        // MAIR byte 0x44: Normal memory, outer and inner non-cacheable (Arm's write-combining)
        assertEquals("Normal NC (MAIR_EL1 Attr2 = 0x44)", f.memoryType().toString());
    }

    @Test
    void aDifferenceTheFormatHasNoFieldForChangesNothing() {
        // x86 has no shareability field
        LeafChange.Fields f = (LeafChange.Fields) change("x86_64", KERNEL_R,
                KERNEL_R.withShareability(Shareability.OUTER));
        assertEquals(List.of(), f.changed());
    }

    @Test
    void aCombinationTheFormatCannotExpressIsRefusedWithItsReason() {
        // Sv39 without Svpbmt has no PBMT field: the PMAs decide the memory type
        LeafChange.Refused r = assertInstanceOf(LeafChange.Refused.class,
                change("sv39", KERNEL_R, KERNEL_R.withCache(CacheType.WRITE_COMBINING)));
        assertEquals("sv39 cannot express 'r-- kernel wc': memory type wc needs Svpbmt (PBMT bits); without it the "
                + "PMAs decide", r.error().message());
        // and the refusal of the attributes before the change counts too
        assertInstanceOf(LeafChange.Refused.class,
                change("sv39", KERNEL_R.withCache(CacheType.WRITE_COMBINING), KERNEL_R));
    }
}
