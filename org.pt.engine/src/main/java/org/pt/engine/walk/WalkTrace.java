package org.pt.engine.walk;

import java.util.List;

/** A hardware walk with every level shown: what the MMU read, in order, and the outcome. */
public record WalkTrace(String half, long rootPa, List<WalkStep> steps, Translation result) {
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(half).append(" root ").append(org.pt.engine.core.Unsigned.hex(rootPa)).append('\n');
        for (WalkStep s : steps) {
            sb.append("  ").append(s).append('\n');
        }
        sb.append("  => ").append(result);
        return sb.toString();
    }
}
