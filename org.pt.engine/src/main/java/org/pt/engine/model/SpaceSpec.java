package org.pt.engine.model;

import java.util.List;
import java.util.Optional;

/**
 * An address space as written: the layout it instantiates, its strategy, the space it shares the kernel half with,
 * its operations in order, its queries, and where its (first) root table is pinned ({@code root at PA}), if it is.
 */
public record SpaceSpec(String name, Layout layout, Optional<StrategySpec> strategy, Optional<String> shareKernelWith,
        List<Operation> operations, List<Query> queries, java.util.OptionalLong rootAt) {
    public SpaceSpec {
        operations = List.copyOf(operations);
        queries = List.copyOf(queries);
    }

    /** A space whose root goes where the allocator puts it. */
    public SpaceSpec(String name, Layout layout, Optional<StrategySpec> strategy, Optional<String> shareKernelWith,
            List<Operation> operations, List<Query> queries) {
        this(name, layout, strategy, shareKernelWith, operations, queries, java.util.OptionalLong.empty());
    }
}
