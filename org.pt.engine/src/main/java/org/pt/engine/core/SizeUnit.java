package org.pt.engine.core;

import java.util.Optional;

/** Binary size units; resolved by name so that a typo is a diagnostic rather than a parse error. */
public enum SizeUnit {
    B(0), KiB(10), MiB(20), GiB(30), TiB(40), PiB(50), EiB(60);

    private final int shift;

    SizeUnit(int shift) {
        this.shift = shift;
    }

    public int shift() {
        return shift;
    }

    public long bytes() {
        return 1L << shift;
    }

    /** Exact-case lookup: {@code GiB} resolves, {@code GIb} does not. */
    public static Optional<SizeUnit> byName(String name) {
        for (SizeUnit u : values()) {
            if (u.name().equals(name)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    /** {@code count * unit}, overflow-checked. */
    public long times(long count) {
        return Unsigned.multiply(count, bytes());
    }

    /** Renders a size with the largest unit that divides it exactly: {@code 2 MiB}, {@code 4 KiB}, {@code 100 B}. */
    public static String format(long bytes) {
        if (bytes == 0) {
            return "0 B";
        }
        SizeUnit[] all = values();
        for (int i = all.length - 1; i > 0; i--) {
            SizeUnit u = all[i];
            if ((bytes & (u.bytes() - 1)) == 0) {
                return Long.toUnsignedString(bytes >>> u.shift) + " " + u.name();
            }
        }
        return Long.toUnsignedString(bytes) + " B";
    }
}
