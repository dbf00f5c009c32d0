package org.pt.engine.analysis;

import java.util.List;
import org.pt.engine.model.Machine;

/** Checks of one machine: physical ranges and table pools. (Being written: returns no findings yet.) */
final class MachineChecks {
    private MachineChecks() {
    }

    static List<Finding> check(Machine m) {
        return List.of();
    }
}
