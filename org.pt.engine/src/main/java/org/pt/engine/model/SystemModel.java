package org.pt.engine.model;

import java.util.List;

/**
 * Everything one analysis looks at: machines, layouts, spaces and outputs, already resolved (names to objects, units to
 * bytes). The language translates its AST into this; the analyses and generators consume only this.
 */
public record SystemModel(List<Machine> machines, List<Layout> layouts, List<SpaceSpec> spaces, List<Output> outputs) {
    public SystemModel {
        machines = List.copyOf(machines);
        layouts = List.copyOf(layouts);
        spaces = List.copyOf(spaces);
        outputs = List.copyOf(outputs);
    }

    /** A model without outputs. */
    public SystemModel(List<Machine> machines, List<Layout> layouts, List<SpaceSpec> spaces) {
        this(machines, layouts, spaces, List.of());
    }
}
