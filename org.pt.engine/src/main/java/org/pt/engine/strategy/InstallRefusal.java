package org.pt.engine.strategy;

import org.pt.engine.space.MappingError;

/**
 * Why a strategy could not write what it needs into a new space: which part, for which VA, and the space's refusal.
 *
 * @param va the VA the part serves: the window page, the page directory's first VA, the recursive entries' VA
 */
public record InstallRefusal(Part part, long va, MappingError error) {

    public enum Part {
        /** A window's last-level table. */
        WINDOW_TABLE,
        /** One of PAE's four page directories the recursive entries point at. */
        PAE_DIRECTORY,
        /** One of PAE's four recursive page-directory entries. */
        PAE_ENTRY,
        /** The recursive top-level entry. */
        SLOT
    }
}
