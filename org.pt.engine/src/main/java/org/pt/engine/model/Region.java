package org.pt.engine.model;

import java.util.Optional;
import java.util.OptionalInt;
import org.pt.engine.core.AddressRange;

/**
 * A named virtual region of a layout.
 *
 * @param topLevelSlot for a region written as "top-level slot N" (a self-map slot): N; the range is that entry's
 * @param label        what the region is, as written after it ({@code "kernel text mapping"}), if anything
 */
public record Region(String name, Purpose purpose, AddressRange range, OptionalInt topLevelSlot,
        Optional<String> label) {

    /** A region without a label. */
    public Region(String name, Purpose purpose, AddressRange range, OptionalInt topLevelSlot) {
        this(name, purpose, range, topLevelSlot, Optional.empty());
    }

    /** The same region, described by {@code label} (the text written after it, shown by {@code report layout}). */
    public Region withLabel(Optional<String> label) {
        return new Region(name, purpose, range, topLevelSlot, label);
    }

    public static Region of(String name, Purpose purpose, AddressRange range) {
        return new Region(name, purpose, range, OptionalInt.empty());
    }

    @Override
    public String toString() {
        return name + " (" + purpose.keyword() + ") " + range;
    }
}
