package org.pt.engine.walk;

import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.MemoryType;
import org.pt.engine.format.Permissions;

/** The outcome of a hardware walk: mapped, not mapped, or a fault other than absence. Never null. */
public sealed interface Translation permits Translation.Mapped, Translation.NotMapped, Translation.Faulted {

    long va();

    /**
     * The VA translates and the access is allowed.
     *
     * @param attributes the leaf's abstract attributes; {@code attributes.cache()} is {@code memoryType.cache()}
     * @param memoryType the memory type the leaf selects, as the architecture names it
     */
    record Mapped(long va, long pa, long pageSize, String level, Permissions permissions, Attributes attributes,
            MemoryType memoryType) implements Translation {
        /** Physical base of the page or block. */
        public long pageBase() {
            return pa & -pageSize;
        }

        @Override
        public String toString() {
            return Unsigned.hex(va) + " -> " + Unsigned.hex(pa) + " (" + SizeUnit.format(pageSize) + " page at " + level
                    + ", " + permissions + ", " + memoryType.name() + ")";
        }
    }

    /** No present entry maps the VA: the walk stopped at {@code level} on an invalid entry. */
    record NotMapped(long va, String level, long entry) implements Translation {
        @Override
        public String toString() {
            return Unsigned.hex(va) + " not mapped (no present entry at " + level + ")";
        }
    }

    /** The walk faulted for a reason other than absence. */
    record Faulted(long va, Fault fault) implements Translation {
        @Override
        public String toString() {
            return Unsigned.hex(va) + " faults: " + fault;
        }
    }
}
