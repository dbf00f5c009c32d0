package org.pt.engine.walk;

import org.pt.engine.core.Unsigned;
import org.pt.engine.format.DecodedEntry;

/** One level of a hardware walk: which table, which index, the raw entry read and its decoded fields. */
public record WalkStep(String level, long tablePa, int index, long entryPa, DecodedEntry entry) {
    @Override
    public String toString() {
        return level + "[" + index + "] @ " + Unsigned.hex(entryPa) + " = " + entry;
    }
}
