package org.pt.engine.analysis;

/**
 * Every kind of finding the engine reports. The language's issue codes are these names; each is documented with an
 * offending snippet in {@code docs/}.
 */
public enum Code {
    // machine
    PHYSICAL_OVERLAP, PHYSICAL_BEYOND_WIDTH, POOL_OUTSIDE_RAM, POOL_IN_RESERVED, POOL_IN_MMIO, POOL_OVERLAP,
    // layout
    REGION_OVERLAP, REGION_NON_CANONICAL, REGION_CROSSES_HOLE, REGION_BEYOND_VA, REGION_MISALIGNED, SLOT_OUT_OF_RANGE,
    // mappings against the layout
    MAPPING_OUTSIDE_REGIONS, MAPPING_WRONG_PURPOSE, DIRECT_MAP_INCOMPLETE, IDENTITY_COLLIDES, MAPPING_REJECTED,
    UNKNOWN_REGION,
    // strategies
    STRATEGY_INFEASIBLE, STRATEGY_SLOT_COLLISION, STRATEGY_REGION_MISSING, SOFTWARE_WALK_FAILED, WINDOW_UNREACHABLE,
    // sharing
    KERNEL_ENTRY_NOT_SHARED, SELF_MAP_SHARED, SHARE_REJECTED,
    // hazards
    WRITABLE_AND_EXECUTABLE, KERNEL_REACHABLE_FROM_USER, CACHE_TYPE_CONFLICT, RAM_EXPOSED,
    // queries and results
    WALK_RESULT, WALK_EXPECTATION_FAILED, REACH_RESULT, REPORT, COST,
    // layout checks (helper A): machine pools, region halves, mappings in guards and direct maps
    POOL_MISALIGNED, POOL_MISSING, REGION_WRONG_HALF, MAPPING_IN_GUARD, DIRECT_MAP_OFFSET_MISMATCH,
    // strategies (helper B): a strategy that cannot reach a space's tables at all; a table its own strategy misses
    TABLES_UNREACHABLE, STRATEGY_MISSES_TABLE,
    // the history of operations: what each statement allocated, split, freed, merged or shared ('report events')
    EVENTS,
}
