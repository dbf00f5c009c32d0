package org.pt.engine.core;

import java.util.Optional;

/**
 * A non-empty range of unsigned 64-bit addresses, held as start and inclusive last address so that a
 * range ending at 2^64 (the top of the x86_64 address space) is representable. Half-open arithmetic
 * ({@link #size()}) is exact for every range but the whole 2^64 space, which is not a valid range.
 */
public record AddressRange(long start, long last) {

    public AddressRange {
        if (Long.compareUnsigned(last, start) < 0) {
            throw new IllegalArgumentException("backwards range " + Unsigned.hex(start) + " ..= " + Unsigned.hex(last));
        }
        if (start == 0 && last == -1L) {
            throw new IllegalArgumentException("a range cannot cover all 2^64 addresses");
        }
    }

    /** Why a start/size pair does not make a range, or empty when it does. */
    public static Optional<String> checkSized(long start, long size) {
        if (size == 0) {
            return Optional.of("empty range at " + Unsigned.hex(start));
        }
        long last = start + (size - 1);
        if (Long.compareUnsigned(last, start) < 0) {
            return Optional.of("range " + Unsigned.hex(start) + " size " + SizeUnit.format(size) + " wraps past 2^64");
        }
        return Optional.empty();
    }

    /** Why an inclusive start/last pair does not make a range, or empty when it does. */
    public static Optional<String> checkInclusive(long start, long last) {
        if (Long.compareUnsigned(last, start) < 0) {
            return Optional.of("backwards range " + Unsigned.hex(start) + " ..= " + Unsigned.hex(last));
        }
        if (start == 0 && last == -1L) {
            return Optional.of("a range cannot cover all 2^64 addresses");
        }
        return Optional.empty();
    }

    /**
     * Why a range written with both its inclusive end and its size ({@code start ..= last size S}) is not one range,
     * or empty when both say the same: the end the size gives, the end written, and by how much the written end is
     * more or less. The range {@code start ..= last} is assumed valid ({@link #checkInclusive}).
     */
    public static Optional<String> checkEndAndSize(long start, long last, long size) {
        if (size == 0) {
            return Optional.of("the size is 0 B, but the end is " + Unsigned.hex(last));
        }
        long sized = start + (size - 1);
        if (Long.compareUnsigned(sized, start) < 0) {
            return Optional.of("the size " + SizeUnit.format(size) + " from " + Unsigned.hex(start)
                    + " runs past 2^64, but the end is " + Unsigned.hex(last));
        }
        if (sized == last) {
            return Optional.empty();
        }
        boolean less = Long.compareUnsigned(last, sized) < 0;
        long by = less ? sized - last : last - sized;
        return Optional.of("the size " + SizeUnit.format(size) + " says " + Unsigned.hex(sized) + " but the end is "
                + Unsigned.hex(last) + ": " + SizeUnit.format(by) + (less ? " less" : " more"));
    }

    public static AddressRange ofSize(long start, long size) {
        checkSized(start, size).ifPresent(m -> {
            throw new IllegalArgumentException(m);
        });
        return new AddressRange(start, start + (size - 1));
    }

    public static AddressRange inclusive(long start, long last) {
        return new AddressRange(start, last);
    }

    /** Size in bytes (exact for every valid range). */
    public long size() {
        return last - start + 1;
    }

    /** Exclusive end; 0 when the range ends at 2^64. */
    public long end() {
        return last + 1;
    }

    public boolean endsAtTop() {
        return last == -1L;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, last) <= 0;
    }

    public boolean contains(AddressRange other) {
        return contains(other.start) && contains(other.last);
    }

    public boolean overlaps(AddressRange other) {
        return Long.compareUnsigned(start, other.last) <= 0 && Long.compareUnsigned(other.start, last) <= 0;
    }

    public Optional<AddressRange> intersection(AddressRange other) {
        if (!overlaps(other)) {
            return Optional.empty();
        }
        return Optional.of(new AddressRange(Unsigned.max(start, other.start), Unsigned.min(last, other.last)));
    }

    /** {@code 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff (128 TiB)} */
    @Override
    public String toString() {
        return Unsigned.hex(start) + " ..= " + Unsigned.hex(last) + " (" + SizeUnit.format(size()) + ")";
    }
}
