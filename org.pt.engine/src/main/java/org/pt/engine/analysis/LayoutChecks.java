package org.pt.engine.analysis;

import java.util.List;
import org.pt.engine.model.Layout;

/** Checks of one layout's regions, on intervals only. (Being written: returns no findings yet.) */
final class LayoutChecks {
    private LayoutChecks() {
    }

    static List<Finding> check(Layout l) {
        return List.of();
    }
}
