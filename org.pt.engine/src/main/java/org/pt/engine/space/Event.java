package org.pt.engine.space;

import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;

/** Something an operation did to the tables besides writing leaf entries. */
public sealed interface Event {

    /** A new table at {@code level}, covering VA from {@code va}. */
    record TableAllocated(String level, long pa, long va) implements Event {
        @Override
        public String toString() {
            return "allocated " + level + " at " + Unsigned.hex(pa) + " for " + Unsigned.hex(va);
        }
    }

    /** A table freed because it became empty or its range was unmapped whole. */
    record TableFreed(String level, long pa, long va) implements Event {
        @Override
        public String toString() {
            return "freed " + level + " at " + Unsigned.hex(pa) + " (was " + Unsigned.hex(va) + ")";
        }
    }

    /** A leaf of {@code fromSize} at {@code va} split into leaves of {@code toSize}, the rest preserved. */
    record Split(long va, long fromSize, long toSize, String level) implements Event {
        @Override
        public String toString() {
            return "split " + SizeUnit.format(fromSize) + " page at " + Unsigned.hex(va) + " (" + level + ") into "
                    + SizeUnit.format(toSize) + " pages";
        }
    }

    /** Uniform leaves merged into one leaf of {@code size} at {@code va} by an explicit compact. */
    record Merged(long va, long size, String level) implements Event {
        @Override
        public String toString() {
            return "merged " + Unsigned.hex(va) + " into one " + SizeUnit.format(size) + " page (" + level + ")";
        }
    }

    /**
     * A top-level entry (or a whole root) now refers to another space's table; for a top-level page (an i386 4 MiB
     * page, an ARMv7 section), which has no table to share, the entry is copied and {@code tablePa} is the page's base.
     */
    record Shared(String level, int index, long tablePa, String from) implements Event {
        @Override
        public String toString() {
            return "shared " + level + "[" + index + "] -> " + Unsigned.hex(tablePa) + " from " + from;
        }
    }
}
