package org.pt.engine.strategy;

/**
 * Where the kernel reads one page-table entry under its strategy: a virtual address, with what it must do first
 * (load a foreign slot, remap a window), or why it need not or cannot read it. Closed; never null.
 */
public sealed interface Location {

    /** The entry is read at {@code va}; nothing to prepare. */
    record At(long va) implements Location {
    }

    /**
     * The entry is read at {@code va} once the kernel's foreign slot {@code level[slot]}, the entry at {@code slotPa}
     * of its root, holds {@code raw}: the root of space {@code space} ({@code rootPa}).
     */
    record Foreign(long va, String level, int slot, long slotPa, long raw, String space, long rootPa) implements Location {
        /** {@code PML4[509]} */
        public String slotName() {
            return level + "[" + slot + "]";
        }
    }

    /**
     * The entry is read at {@code va} once the window's page-table entry at {@code ptePa} holds {@code raw} (the
     * frame of the entry's table); the kernel writes that entry at location {@code pte}.
     */
    record Windowed(long va, long ptePa, long raw, long frame, Location pte) implements Location {
    }

    /** The kernel needs not read this entry: why (PAE's PDPT under page-directory recursion). */
    record Skipped(String why) implements Location {
    }

    /** No virtual address reaches the entry: why. */
    record Unreachable(String reason) implements Location {
    }

    /** The VA the kernel dereferences, or -1 when it reads none. */
    static long vaOf(Location l) {
        if (l instanceof At a) {
            return a.va();
        }
        if (l instanceof Foreign f) {
            return f.va();
        }
        if (l instanceof Windowed w) {
            return w.va();
        }
        return -1;
    }
}
