package org.pt.engine.space;

import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Permissions;

/**
 * A run of consecutive pages of one size whose VA and PA are both contiguous and whose permissions and
 * attributes are equal: one line of {@code va … → pa, size, permissions}, as QEMU's {@code info mem} lists a space.
 */
public record Run(AddressRange va, long pa, long pageSize, Permissions permissions, Attributes attributes) {
    public long pages() {
        return va.size() / pageSize;
    }

    @Override
    public String toString() {
        return Unsigned.hex(va.start()) + "-" + Unsigned.hex(va.last()) + " -> " + Unsigned.hex(pa) + " "
                + SizeUnit.format(va.size()) + " (" + pages() + " x " + SizeUnit.format(pageSize) + ") " + permissions + " "
                + attributes;
    }
}
