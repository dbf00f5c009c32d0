package org.pt.engine.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressRangeTest {

    @Test
    void rangeEndingAtTheTopOfTheAddressSpaceIsRepresentable() {
        AddressRange top = AddressRange.ofSize(0xFFFF_FFFF_8000_0000L, 2L << 30);
        assertEquals(-1L, top.last());
        assertTrue(top.endsAtTop());
        assertEquals(2L << 30, top.size());
        assertEquals("0xffff_ffff_8000_0000 ..= 0xffff_ffff_ffff_ffff (2 GiB)", top.toString());
    }

    @Test
    void emptyBackwardsAndWrappingRangesAreRefusedWithTheirReason() {
        assertEquals(Optional.of("empty range at 0x1000"), AddressRange.checkSized(0x1000, 0));
        assertEquals(Optional.of("range 0xffff_ffff_ffff_f000 size 8 KiB wraps past 2^64"),
                AddressRange.checkSized(0xFFFF_FFFF_FFFF_F000L, 0x2000));
        assertEquals(Optional.of("backwards range 0x2000 ..= 0x1fff"), AddressRange.checkInclusive(0x2000, 0x1FFF));
        assertEquals(Optional.of("a range cannot cover all 2^64 addresses"), AddressRange.checkInclusive(0, -1L));
        assertEquals("backwards range 0x2000 ..= 0x1fff",
                assertThrows(IllegalArgumentException.class, () -> AddressRange.inclusive(0x2000, 0x1FFF)).getMessage());
    }

    @Test
    void anEndAndASizeMustGiveTheSameLastAddress() {
        assertEquals(Optional.empty(), AddressRange.checkEndAndSize(0xFFFF_FFFF_8000_0000L, -1L, 2L << 30));
        assertEquals(Optional.of("the size 1 GiB says 0xffff_ffff_bfff_ffff but the end is 0xffff_ffff_ffff_ffff: "
                + "1 GiB more"), AddressRange.checkEndAndSize(0xFFFF_FFFF_8000_0000L, -1L, 1L << 30));
        assertEquals(Optional.of("the size 4 KiB says 0x1fff but the end is 0x17ff: 2 KiB less"),
                AddressRange.checkEndAndSize(0x1000, 0x17FF, 0x1000));
        assertEquals(Optional.of("the size 4 GiB from 0xffff_ffff_8000_0000 runs past 2^64, but the end is "
                + "0xffff_ffff_ffff_ffff"), AddressRange.checkEndAndSize(0xFFFF_FFFF_8000_0000L, -1L, 4L << 30));
        assertEquals(Optional.of("the size is 0 B, but the end is 0x1fff"), AddressRange.checkEndAndSize(0x1000, 0x1FFF, 0));
    }

    @Test
    void overlapAndContainmentUseUnsignedOrder() {
        AddressRange high = AddressRange.inclusive(0xFFFF_8000_0000_0000L, -1L);
        AddressRange low = AddressRange.inclusive(0, 0x7FFF_FFFF_FFFFL);
        assertFalse(high.overlaps(low));
        assertTrue(high.contains(0xFFFF_FFFF_FFFF_F000L));
        assertFalse(high.contains(0x1000));
        assertEquals(Optional.of(AddressRange.inclusive(0xFFFF_FFFF_0000_0000L, -1L)),
                high.intersection(AddressRange.ofSize(0xFFFF_FFFF_0000_0000L, 1L << 32)));
    }

    @Test
    void sizeUnitsResolveByExactName() {
        assertEquals(Optional.of(SizeUnit.GiB), SizeUnit.byName("GiB"));
        assertEquals(Optional.empty(), SizeUnit.byName("GIb"));
        assertEquals(4L << 30, SizeUnit.GiB.times(4));
        assertThrows(ArithmeticException.class, () -> SizeUnit.EiB.times(16));
        assertEquals("64 TiB", SizeUnit.format(64L << 40));
        assertEquals("12 KiB", SizeUnit.format(0x3000));
        assertEquals("4097 B", SizeUnit.format(4097));
    }
}
