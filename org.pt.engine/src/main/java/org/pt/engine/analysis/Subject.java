package org.pt.engine.analysis;

/**
 * What a finding is about, in terms of the written spec, so that a front end can put it on the exact token. A finding
 * names one or more subjects; the first is where it is reported.
 */
public sealed interface Subject {

    /** The machine itself (its format, width or CPU count). */
    record MachineRef(String machine) implements Subject {
    }

    /** Entry {@code index} of a machine's physical memory map. */
    record PhysicalRef(String machine, int index) implements Subject {
    }

    /** The frame budget of a machine. */
    record BudgetRef(String machine) implements Subject {
    }

    /** Table pool {@code index} of a machine. */
    record PoolRef(String machine, int index) implements Subject {
    }

    /** A region of a layout. */
    record RegionRef(String layout, String region) implements Subject {
    }

    /** Statement {@code index} (an operation) of a space. */
    record OperationRef(String space, int index) implements Subject {
    }

    /** The strategy statement of a space. */
    record StrategyRef(String space) implements Subject {
    }

    /** The sharing statement of a space. */
    record ShareRef(String space) implements Subject {
    }

    /** Query {@code index} of a space. */
    record QueryRef(String space, int index) implements Subject {
    }

    /** A space as a whole. */
    record SpaceRef(String space) implements Subject {
    }
}
