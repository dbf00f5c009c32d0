package org.pt.engine.memory;

/** What a walk reads: the entry at a physical address ({@link PhysicalMemory}, or an {@link Overlay} over it). */
public interface EntryReader {

    /** The entry at {@code pa}; memory that holds no table reads as zero. */
    long read(long pa);
}
