package org.pt.engine.analysis;

import java.util.List;
import org.pt.engine.model.SpaceSpec;

/** Checks of a map statement against the space's layout and machine. (Being written: returns no findings yet.) */
final class MappingChecks {
    private MappingChecks() {
    }

    static List<Finding> check(SpaceSpec s, List<ResolvedMapping> mappings) {
        return List.of();
    }
}
