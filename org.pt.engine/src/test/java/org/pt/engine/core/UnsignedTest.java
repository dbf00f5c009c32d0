package org.pt.engine.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UnsignedTest {

    @Test
    void addDetectsUnsignedOverflowOnly() {
        assertEquals(0xFFFF_FFFF_FFFF_FFFFL, Unsigned.add(0xFFFF_FFFF_FFFF_F000L, 0xFFF));
        assertEquals(0x8000_0000_0000_0000L, Unsigned.add(0x7FFF_FFFF_FFFF_FFFFL, 1));
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> Unsigned.add(0xFFFF_FFFF_FFFF_F000L, 0x1000));
        assertEquals("unsigned 64-bit overflow: 0xffff_ffff_ffff_f000 + 0x1000", e.getMessage());
    }

    @Test
    void multiplyDetectsOverflowAcrossTheSignBit() {
        assertEquals(1L << 63, Unsigned.multiply(1L << 62, 2));
        assertEquals("unsigned 64-bit overflow: 0x8000_0000_0000_0000 * 0x2",
                assertThrows(ArithmeticException.class, () -> Unsigned.multiply(1L << 63, 2)).getMessage());
        assertEquals("unsigned 64-bit overflow: 0x1_0000_0000 * 0x1_0000_0000",
                assertThrows(ArithmeticException.class, () -> Unsigned.multiply(1L << 32, 1L << 32)).getMessage());
        assertEquals(0xFFFF_FFFE_0000_0001L, Unsigned.multiply(0xFFFF_FFFFL, 0xFFFF_FFFFL));
    }

    @Test
    void subtractRefusesToGoBelowZero() {
        assertEquals("unsigned 64-bit underflow: 0x1 - 0x2",
                assertThrows(ArithmeticException.class, () -> Unsigned.subtract(1, 2)).getMessage());
        assertEquals(1, Unsigned.subtract(0x8000_0000_0000_0000L, 0x7FFF_FFFF_FFFF_FFFFL));
    }

    @Test
    void parseReadsEveryRadixWithSeparatorsAndTheFull64Bits() {
        assertEquals(0xFFFF_8000_0000_0000L, Unsigned.parse("0xFFFF_8000_0000_0000"));
        assertEquals(0777, Unsigned.parse("0o777"));
        assertEquals(0b1011, Unsigned.parse("0b1011"));
        assertEquals(1_000_000, Unsigned.parse("1_000_000"));
        assertEquals(-1L, Unsigned.parse("18446744073709551615"));
        assertThrows(NumberFormatException.class, () -> Unsigned.parse("0x1_0000_0000_0000_0000"));
        assertThrows(NumberFormatException.class, () -> Unsigned.parse("_"));
    }

    @Test
    void hexPadsToTheDigitsAsked() {
        assertEquals("0x0000_7fff_ffff_ffff", Unsigned.hex(0x7FFF_FFFF_FFFFL, 16));
        assertEquals("0x0040_0000", Unsigned.hex(0x40_0000, 8));
        assertEquals("0x1_0000_0000", Unsigned.hex(1L << 32, 8)); // more digits than asked: all kept
        assertEquals("0xffff_ffff_ffff_ffff", Unsigned.hex(-1L, 16));
    }

    @Test
    void hexGroupsDigitsByFour() {
        assertEquals("0x0", Unsigned.hex(0));
        assertEquals("0xfff", Unsigned.hex(0xFFF));
        assertEquals("0x1_0000", Unsigned.hex(0x10000));
        assertEquals("0xffff_ffff_ffff_f000", Unsigned.hex(0xFFFF_FFFF_FFFF_F000L));
    }
}
