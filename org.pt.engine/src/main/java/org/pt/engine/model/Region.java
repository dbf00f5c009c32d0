package org.pt.engine.model;

import java.util.Optional;
import java.util.OptionalInt;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;

/**
 * A named virtual region of a layout.
 *
 * @param topLevelSlot for a region written as "top-level slot N" (a self-map slot): N; the range is that entry's
 * @param label        what the region is, as written after it ({@code "kernel text mapping"}), if anything
 * @param physicalBase the physical address a direct map in the region holds at its first byte (Linux's PHYS_OFFSET
 *                     at PAGE_OFFSET), written {@code from physical BASE}; 0 when not written. A direct map holds
 *                     physical p at {@code start + (p - physicalBase)}.
 */
public record Region(String name, Purpose purpose, AddressRange range, OptionalInt topLevelSlot,
        Optional<String> label, long physicalBase) {

    /** A region without a physical base (0). */
    public Region(String name, Purpose purpose, AddressRange range, OptionalInt topLevelSlot, Optional<String> label) {
        this(name, purpose, range, topLevelSlot, label, 0);
    }

    /** A region without a label. */
    public Region(String name, Purpose purpose, AddressRange range, OptionalInt topLevelSlot) {
        this(name, purpose, range, topLevelSlot, Optional.empty());
    }

    /** The same region, described by {@code label} (the text written after it, shown by {@code report layout}). */
    public Region withLabel(Optional<String> label) {
        return new Region(name, purpose, range, topLevelSlot, label, physicalBase);
    }

    /** The same region, its first byte holding physical {@code base} when it is a direct map. */
    public Region withPhysicalBase(long base) {
        return new Region(name, purpose, range, topLevelSlot, label, base);
    }

    public static Region of(String name, Purpose purpose, AddressRange range) {
        return new Region(name, purpose, range, OptionalInt.empty());
    }

    /**
     * The physical range a direct map in the region holds: {@code physicalBase} and as many bytes as the region has,
     * cut at 2^64 - 1 when the region is larger than what lies above the base.
     */
    public AddressRange physicalReach() {
        return physicalReach(physicalBase, range);
    }

    /** The physical range a direct map over {@code range} holds from {@code base} (see {@link #physicalReach()}). */
    public static AddressRange physicalReach(long base, AddressRange range) {
        long last = Unsigned.addFits(base, range.size() - 1) ? base + (range.size() - 1) : -1L;
        return AddressRange.inclusive(base, last);
    }

    @Override
    public String toString() {
        return name + " (" + purpose.keyword() + ") " + range;
    }
}
