package org.pt.engine.format;

/** What the hardware makes of an entry at a level, before permission checks. */
public enum EntryKind {
    /** Not present / not valid: a walk stops with a translation fault. */
    INVALID,
    /** Points to a next-level table. */
    TABLE,
    /** Maps a page or block. */
    LEAF
}
