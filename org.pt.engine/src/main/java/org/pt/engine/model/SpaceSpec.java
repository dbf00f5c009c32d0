package org.pt.engine.model;

import java.util.List;
import java.util.Optional;

/**
 * An address space as written: the layout it instantiates, its strategy, the space it shares the kernel half with,
 * its operations in order and its queries.
 */
public record SpaceSpec(String name, Layout layout, Optional<StrategySpec> strategy, Optional<String> shareKernelWith,
        List<Operation> operations, List<Query> queries) {
    public SpaceSpec {
        operations = List.copyOf(operations);
        queries = List.copyOf(queries);
    }
}
