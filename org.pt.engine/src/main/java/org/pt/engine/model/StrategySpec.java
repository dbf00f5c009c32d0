package org.pt.engine.model;

import java.util.Optional;
import java.util.OptionalInt;

/** How a space's kernel reaches page tables, as written in a spec. */
public sealed interface StrategySpec {

    /**
     * A top-level entry pointing at the root itself.
     *
     * @param region      the layout's self-map region (its slot is the recursive index)
     * @param foreignSlot a second top-level slot loaded with another space's root, to edit that space's tables
     */
    record Recursive(String region, OptionalInt foreignSlot) implements StrategySpec {
    }

    /** Every RAM frame at VA = region start + PA (the space must map all RAM into the region). */
    record DirectMap(String region) implements StrategySpec {
    }

    /** Table at PA p read at VA p. */
    record Identity() implements StrategySpec {
    }

    /** Only the table pools mapped, at VA = region start + (p - first pool start). */
    record TableOffset(String region) implements StrategySpec {
    }

    /**
     * A window region whose last-level entries are remapped on demand, one window per CPU when {@code perCpu}; the
     * window's own last-level table is reached through {@code bootstrap}.
     */
    record Window(String region, boolean perCpu, Optional<StrategySpec> bootstrap) implements StrategySpec {
    }
}
