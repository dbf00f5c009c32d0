package org.pt.engine.model;

import java.util.OptionalInt;
import org.pt.engine.core.AddressRange;

/**
 * A named virtual region of a layout.
 *
 * @param topLevelSlot for a region written as "top-level slot N" (a self-map slot): N; the range is that entry's
 */
public record Region(String name, Purpose purpose, AddressRange range, OptionalInt topLevelSlot) {

    public static Region of(String name, Purpose purpose, AddressRange range) {
        return new Region(name, purpose, range, OptionalInt.empty());
    }

    @Override
    public String toString() {
        return name + " (" + purpose.keyword() + ") " + range;
    }
}
