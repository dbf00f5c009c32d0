package org.pt.engine.analysis;

import java.util.List;
import java.util.Map;
import org.pt.engine.model.Query;

/** Installs and verifies each space's strategy; answers reach queries. (Being written: returns no findings yet.) */
final class Strategies {
    private Strategies() {
    }

    /** Writes what the strategy needs into a new space (a recursive slot), before sharing and mappings. */
    static List<Finding> install(org.pt.engine.model.SpaceSpec s, org.pt.engine.space.AddressSpace space,
            Map<String, BuiltSpace> built) {
        return List.of();
    }

    static List<Finding> verify(BuiltSpace b, Map<String, BuiltSpace> all) {
        return List.of();
    }

    static List<Finding> reach(BuiltSpace b, Query.Reach q, Map<String, BuiltSpace> all) {
        return List.of();
    }
}
