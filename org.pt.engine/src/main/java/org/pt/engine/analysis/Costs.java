package org.pt.engine.analysis;

import java.util.List;
import java.util.Map;
import org.pt.engine.model.Query;

/** Cost reports. (Being written: returns no findings yet.) */
final class Costs {
    private Costs() {
    }

    static List<Finding> report(BuiltSpace b, Query.Report q, Map<String, BuiltSpace> all) {
        return List.of();
    }
}
