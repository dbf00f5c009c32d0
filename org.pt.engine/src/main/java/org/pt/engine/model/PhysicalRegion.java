package org.pt.engine.model;

import org.pt.engine.core.AddressRange;

/**
 * A named physical range of a machine.
 *
 * @param index position in the machine's memory map (findings refer to it)
 * @param label free text such as "VGA and BIOS", or empty
 */
public record PhysicalRegion(int index, PhysicalKind kind, AddressRange range, String label) {
    @Override
    public String toString() {
        return kind.keyword() + " " + range + (label.isEmpty() ? "" : " \"" + label + "\"");
    }
}
