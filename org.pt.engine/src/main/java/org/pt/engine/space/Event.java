package org.pt.engine.space;

import org.pt.engine.core.AddressRange;

/**
 * Something an operation did to the tables besides writing leaf entries, as values: levels by name, table and entry
 * by physical address and index, virtual addresses and sizes in bytes. The analysis renders them to text.
 */
public sealed interface Event {

    /** A new table at {@code level}, at physical {@code pa}, translating {@code va}. */
    record TableAllocated(String level, long pa, AddressRange va) implements Event {
    }

    /** A table freed because it became empty, its range was unmapped whole, or a compact merged it into one leaf. */
    record TableFreed(String level, long pa, AddressRange va) implements Event {
    }

    /**
     * The page of {@code size} at {@code va}, held by entry {@code index} (the first of its group) of the
     * {@code level} table at {@code tablePa}, split into {@code count} pages of {@code intoSize} at
     * {@code intoLevel}: the same level for an ARMv7 supersection or large page, else a new table one level down.
     */
    record Split(String level, long tablePa, int index, long va, long size, String intoLevel, int count, long intoSize)
            implements Event {
    }

    /**
     * {@code count} pages of {@code fromSize} at {@code fromLevel} merged by a compact into one page of {@code size}
     * at {@code va}, held by entry {@code index} (the first of its group) of the {@code level} table at
     * {@code tablePa}.
     */
    record Merged(String level, long tablePa, int index, long va, long size, String fromLevel, int count,
            long fromSize) implements Event {
    }

    /**
     * A top-level entry (or a whole root, {@code index} -1) now refers to another space's table; for a top-level page
     * (an i386 4 MiB page, an ARMv7 section), which has no table to share, the entry is copied and {@code tablePa} is
     * the page's base.
     */
    record Shared(String level, int index, long tablePa, String from) implements Event {
    }
}
