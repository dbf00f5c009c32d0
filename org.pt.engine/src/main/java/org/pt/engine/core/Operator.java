package org.pt.engine.core;

import java.util.Optional;

/**
 * The binary operators of address arithmetic as C headers write it ({@code PAGE_OFFSET + (start >> 3)}), on unsigned
 * 64-bit values. None wraps: a result outside 0 ..= 2^64 - 1, a division by zero or a shift by 64 bits or more is
 * {@link Outcome.Refused} with the reason, never a silently wrong value. {@code >>} is logical; {@code /} truncates.
 */
public enum Operator {
    ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), SHIFT_LEFT("<<"), SHIFT_RIGHT(">>");

    /** What an operator made of two values: a value, or the reason there is none. */
    public sealed interface Outcome {
        record Value(long value) implements Outcome {
        }

        /** {@code reason} completes "A op B ...": "leaves 64 bits", "goes below zero", "divides by zero". */
        record Refused(String reason) implements Outcome {
        }
    }

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** As written: {@code +}, {@code <<}. */
    public String symbol() {
        return symbol;
    }

    public static Optional<Operator> bySymbol(String symbol) {
        for (Operator o : values()) {
            if (o.symbol.equals(symbol)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** {@code a op b} in unsigned 64-bit arithmetic. */
    public Outcome apply(long a, long b) {
        return switch (this) {
            case ADD -> Unsigned.addFits(a, b) ? value(a + b) : leaves();
            case SUBTRACT -> Unsigned.lessThan(a, b) ? new Outcome.Refused("goes below zero") : value(a - b);
            case MULTIPLY -> multiply(a, b);
            case DIVIDE -> b == 0 ? new Outcome.Refused("divides by zero") : value(Long.divideUnsigned(a, b));
            case SHIFT_LEFT -> Unsigned.lessThan(b, 64) ? shiftLeft(a, (int) b) : tooFar();
            case SHIFT_RIGHT -> Unsigned.lessThan(b, 64) ? value(a >>> b) : tooFar();
        };
    }

    private static Outcome multiply(long a, long b) {
        try {
            return value(Unsigned.multiply(a, b));
        } catch (ArithmeticException e) {
            return leaves();
        }
    }

    private static Outcome shiftLeft(long a, int by) {
        long r = a << by;
        return r >>> by == a ? value(r) : leaves();
    }

    private static Outcome value(long v) {
        return new Outcome.Value(v);
    }

    private static Outcome leaves() {
        return new Outcome.Refused("leaves 64 bits");
    }

    private static Outcome tooFar() {
        return new Outcome.Refused("shifts by 64 bits or more");
    }
}
