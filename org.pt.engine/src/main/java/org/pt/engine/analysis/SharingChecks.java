package org.pt.engine.analysis;

import java.util.List;

/** Kernel-half sharing across spaces. (Being written: returns no findings yet.) */
final class SharingChecks {
    private SharingChecks() {
    }

    static List<Finding> check(List<BuiltSpace> spaces) {
        return List.of();
    }
}
