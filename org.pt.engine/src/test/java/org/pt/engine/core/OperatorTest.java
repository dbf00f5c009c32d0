package org.pt.engine.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.Operator.Outcome;

/** Unsigned 64-bit operators: values across the sign bit, and every way an operation has no value. */
class OperatorTest {

    private static Outcome value(long v) {
        return new Outcome.Value(v);
    }

    private static Outcome refused(String reason) {
        return new Outcome.Refused(reason);
    }

    @Test
    void operatorsAreUnsignedAcrossTheSignBit() {
        assertEquals(List.of(value(0xffff_ffff_ffff_ffffL), value(0x7fff_ffff_ffff_ffffL), value(1L << 63),
                value(0x7fff_ffff_ffff_ffffL), value(1L << 63), value(1)),
                List.of(Operator.ADD.apply(0xffff_ffff_ffff_f000L, 0xfff),
                        Operator.SUBTRACT.apply(1L << 63, 1),
                        Operator.MULTIPLY.apply(1L << 62, 2),
                        Operator.DIVIDE.apply(-1L, 2), // unsigned: not -1 / 2 = 0
                        Operator.SHIFT_LEFT.apply(1, 63),
                        Operator.SHIFT_RIGHT.apply(1L << 63, 63))); // logical: not -1
    }

    @Test
    void everyOperationWithoutAValueIsRefusedWithItsReason() {
        assertEquals(List.of(refused("leaves 64 bits"), refused("goes below zero"), refused("leaves 64 bits"),
                refused("divides by zero"), refused("leaves 64 bits"), refused("shifts by 64 bits or more"),
                refused("shifts by 64 bits or more"), refused("shifts by 64 bits or more")),
                List.of(Operator.ADD.apply(0xffff_ffff_ffff_f000L, 0x1000),
                        Operator.SUBTRACT.apply(1, 2),
                        Operator.MULTIPLY.apply(1L << 32, 1L << 32),
                        Operator.DIVIDE.apply(0x1000, 0),
                        Operator.SHIFT_LEFT.apply(3, 63),
                        Operator.SHIFT_LEFT.apply(1, 64),
                        Operator.SHIFT_RIGHT.apply(1, 64),
                        Operator.SHIFT_LEFT.apply(0, -1L))); // a shift count is unsigned too
    }

    @Test
    void operatorsAreFoundByTheirSymbol() {
        assertEquals(List.of(Optional.of(Operator.SHIFT_LEFT), Optional.of(Operator.DIVIDE), Optional.empty()),
                List.of(Operator.bySymbol("<<"), Operator.bySymbol("/"), Operator.bySymbol("%")));
    }
}
