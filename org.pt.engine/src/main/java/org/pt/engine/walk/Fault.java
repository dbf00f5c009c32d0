package org.pt.engine.walk;

import org.pt.engine.core.Unsigned;

/**
 * The exact reason a walk failed.
 *
 * @param level  the level name where it failed ({@code PML4}, {@code L2}, ...), or {@code ""} before any level
 * @param entry  the raw entry that caused it, or 0 when no entry was read
 * @param detail what exactly: which bit, which permission, which address
 */
public record Fault(FaultKind kind, String level, long entry, String detail) {
    @Override
    public String toString() {
        return kind.description() + (level.isEmpty() ? "" : " at " + level)
                + (entry != 0 ? " (entry " + Unsigned.rawHex(entry) + ")" : "") + (detail.isEmpty() ? "" : ": " + detail);
    }
}
