package org.pt.engine.core;

/**
 * Overflow-checked unsigned 64-bit arithmetic. Addresses in PT are unsigned 64-bit values held in
 * {@code long}; these helpers never wrap silently.
 */
public final class Unsigned {
    private Unsigned() {
    }

    /** {@code a + b}, or {@link ArithmeticException} when the unsigned sum leaves 64 bits. */
    public static long add(long a, long b) {
        long r = a + b;
        if (Long.compareUnsigned(r, a) < 0) {
            throw new ArithmeticException("unsigned 64-bit overflow: " + hex(a) + " + " + hex(b));
        }
        return r;
    }

    /** {@code a - b}, or {@link ArithmeticException} when b is larger than a. */
    public static long subtract(long a, long b) {
        if (Long.compareUnsigned(a, b) < 0) {
            throw new ArithmeticException("unsigned 64-bit underflow: " + hex(a) + " - " + hex(b));
        }
        return a - b;
    }

    /** {@code a * b}, or {@link ArithmeticException} when the unsigned product leaves 64 bits. */
    public static long multiply(long a, long b) {
        // Math.unsignedMultiplyHigh is Java 18+; derive it from the signed high product (Hacker's Delight 8-3).
        long hi = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
        if (hi != 0) {
            throw new ArithmeticException("unsigned 64-bit overflow: " + hex(a) + " * " + hex(b));
        }
        return a * b;
    }

    /** True when {@code a + b} stays within 64 bits. */
    public static boolean addFits(long a, long b) {
        return Long.compareUnsigned(a + b, a) >= 0;
    }

    public static int compare(long a, long b) {
        return Long.compareUnsigned(a, b);
    }

    public static boolean lessThan(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    public static boolean lessOrEqual(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0;
    }

    public static long min(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    public static long max(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    /** True when {@code value} is a multiple of {@code alignment} (a power of two). */
    public static boolean isAligned(long value, long alignment) {
        return (value & (alignment - 1)) == 0;
    }

    /** True when {@code value} is a power of two (as an unsigned number). */
    public static boolean isPowerOfTwo(long value) {
        return value != 0 && (value & (value - 1)) == 0;
    }

    /** True when the value fits in the low {@code bits} bits. */
    public static boolean fitsBits(long value, int bits) {
        return bits >= 64 || (value >>> bits) == 0;
    }

    /** {@code 0x}-prefixed lower-case hex with {@code _} every four digits, as Linux's tables print. */
    public static String hex(long value) {
        return grouped(Long.toHexString(value));
    }

    /**
     * {@link #hex(long)} with leading zeros to {@code digits} hex digits, as a table of addresses prints them
     * ({@code 0x0000_7fff_ffff_ffff}); a value with more digits keeps them all.
     */
    public static String hex(long value, int digits) {
        String d = Long.toHexString(value);
        return grouped("0".repeat(Math.max(0, digits - d.length())) + d);
    }

    private static String grouped(String digits) {
        StringBuilder sb = new StringBuilder(digits.length() + 8).append("0x");
        int lead = digits.length() % 4;
        if (lead == 0) {
            lead = 4;
        }
        sb.append(digits, 0, Math.min(lead, digits.length()));
        for (int i = lead; i < digits.length(); i += 4) {
            sb.append('_').append(digits, i, i + 4);
        }
        return sb.toString();
    }

    /** Plain {@code 0x}-prefixed hex without separators (for raw entry values). */
    public static String rawHex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** Parses an unsigned 64-bit literal: {@code 0x}, {@code 0o}, {@code 0b} prefixes or decimal, with {@code _}. */
    public static long parse(String text) {
        String t = text.replace("_", "");
        if (t.isEmpty()) {
            throw new NumberFormatException("empty number");
        }
        int radix = 10;
        if (t.length() > 2 && t.charAt(0) == '0') {
            char p = Character.toLowerCase(t.charAt(1));
            if (p == 'x') {
                radix = 16;
            } else if (p == 'o') {
                radix = 8;
            } else if (p == 'b') {
                radix = 2;
            }
            if (radix != 10) {
                t = t.substring(2);
            }
        }
        return Long.parseUnsignedLong(t, radix);
    }

    /**
     * The set bits of {@code mask} as a manual lists them, high first, runs as ranges: {@code bit 7},
     * {@code bits 62:52}, {@code bits 51:46, 7}; {@code no bit} for 0.
     */
    public static String bitList(long mask) {
        if (mask == 0) {
            return "no bit";
        }
        StringBuilder sb = new StringBuilder(Long.bitCount(mask) == 1 ? "bit " : "bits ");
        int hi = 63;
        boolean first = true;
        while (hi >= 0) {
            if ((mask >>> hi & 1) == 0) {
                hi--;
                continue;
            }
            int lo = hi;
            while (lo > 0 && (mask >>> (lo - 1) & 1) != 0) {
                lo--;
            }
            sb.append(first ? "" : ", ").append(hi);
            if (lo != hi) {
                sb.append(':').append(lo);
            }
            first = false;
            hi = lo - 1;
        }
        return sb.toString();
    }
}
