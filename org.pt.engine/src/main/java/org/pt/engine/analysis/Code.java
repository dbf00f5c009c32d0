package org.pt.engine.analysis;

import org.pt.engine.space.MappingError;

/**
 * Every kind of finding the engine reports. The language's issue codes are these names; each is documented with an
 * offending snippet in {@code docs/diagnostics.md}.
 */
public enum Code {
    // machines
    PHYSICAL_OVERLAP, PHYSICAL_BEYOND_WIDTH, POOL_OUTSIDE_RAM, POOL_IN_RESERVED, POOL_IN_MMIO, POOL_OVERLAP,
    POOL_MISALIGNED, POOL_MISSING, POOL_BEYOND_TABLE_REACH, BUDGET_TOO_LARGE, POOL_TOO_LARGE,
    // layouts
    REGION_OVERLAP, REGION_NON_CANONICAL, REGION_CROSSES_HOLE, REGION_BEYOND_VA, REGION_MISALIGNED, SLOT_OUT_OF_RANGE,
    REGION_WRONG_HALF, PHYSICAL_BASE_MISALIGNED,
    // mappings against the layout
    MAPPING_OUTSIDE_REGIONS, MAPPING_WRONG_PURPOSE, DIRECT_MAP_INCOMPLETE, IDENTITY_COLLIDES, UNKNOWN_REGION,
    MAPPING_IN_GUARD, DIRECT_MAP_OFFSET_MISMATCH, PAGE_CAP_UNUSED, RAM_BELOW_PHYSICAL_BASE,
    // statements the table builder refuses, one code per MappingError (see of(MappingError))
    INVALID_RANGE, MISALIGNED, UNTRANSLATABLE_ADDRESS, CROSSES_HALVES, TABLE_COUNT_OVERFLOW, UNSUPPORTED_ATTRIBUTES,
    UNSUPPORTED_PAGE_SIZE, PAGE_SIZE_UNMET, PHYSICAL_UNREACHABLE, MAPPING_CONFLICT, NOT_MAPPED, BUDGET_EXCEEDED, POOL_EXHAUSTED,
    MALFORMED_ENTRY,
    // strategies, and the raw entries they write
    STRATEGY_INFEASIBLE, STRATEGY_SLOT_COLLISION, STRATEGY_REGION_MISSING, SOFTWARE_WALK_FAILED, WINDOW_UNREACHABLE,
    TABLES_UNREACHABLE, STRATEGY_MISSES_TABLE, ENTRY_IN_USE, NO_SUCH_ENTRY, NO_SUCH_DEPTH, NOT_A_TABLE_ENTRY,
    // spaces and sharing
    DUPLICATE_SPACE, ROOT_MISPLACED, KERNEL_ENTRY_NOT_SHARED, SELF_MAP_SHARED, SHARE_REJECTED, SHARE_ACROSS_MACHINES, SHARE_WITH_SELF,
    SHARE_AFTER_MAPPING,
    // hazards
    WRITABLE_AND_EXECUTABLE, KERNEL_REACHABLE_FROM_USER, CACHE_TYPE_CONFLICT, RAM_EXPOSED,
    // queries and results
    WALK_RESULT, WALK_EXPECTATION_FAILED, REACH_RESULT, UNKNOWN_REPORT, COST_REPORT,
    // 'decode': a raw entry or register value decoded, what in it the MMU rejects or the machine contradicts, bad input
    DECODE_RESULT, DECODE_PROBLEM, DECODE_REFUSED,
    // the history of operations: what each statement allocated, split, freed, merged or shared ('report events')
    EVENTS,
    // outputs: the table image a 'generate' directive emits, or why it cannot (one code per ImageRefusal)
    OUTPUT_IMAGE, OUTPUT_ACROSS_MACHINES, OUTPUT_MISALIGNED, OUTPUT_BEYOND_PHYSICAL,
    OUTPUT_BEYOND_TABLE_REACH, OUTPUT_NOT_IN_RAM, OUTPUT_UNREACHED, OUTPUT_NEEDS_ADDRESS, OUTPUT_FORM_UNAVAILABLE,
    // a failure of the engine itself (a bug, or the heap running out) on the element it was working on: never silent
    INTERNAL;

    /** The code of a refusal: each {@link MappingError} variant has its own. */
    public static Code of(MappingError error) {
        return switch (error) {
            case MappingError.InvalidRange e -> INVALID_RANGE;
            case MappingError.Misaligned e -> MISALIGNED;
            case MappingError.PhysicalBeyondWidth e -> PHYSICAL_BEYOND_WIDTH;
            case MappingError.Untranslatable e -> UNTRANSLATABLE_ADDRESS;
            case MappingError.CrossesHalves e -> CROSSES_HALVES;
            case MappingError.TableCountOverflow e -> TABLE_COUNT_OVERFLOW;
            case MappingError.UnsupportedAttributes e -> UNSUPPORTED_ATTRIBUTES;
            case MappingError.UnsupportedPageSize e -> UNSUPPORTED_PAGE_SIZE;
            case MappingError.PageSizeUnmet e -> PAGE_SIZE_UNMET;
            case MappingError.UnreachablePhysical e -> PHYSICAL_UNREACHABLE;
            case MappingError.AlreadyMapped e -> MAPPING_CONFLICT;
            case MappingError.NotMapped e -> NOT_MAPPED;
            case MappingError.BudgetExceeded e -> BUDGET_EXCEEDED;
            case MappingError.PoolExhausted e -> POOL_EXHAUSTED;
            case MappingError.DuplicateSpace e -> DUPLICATE_SPACE;
            case MappingError.RootMisplaced e -> ROOT_MISPLACED;
            case MappingError.ShareAcrossMachines e -> SHARE_ACROSS_MACHINES;
            case MappingError.ShareWithSelf e -> SHARE_WITH_SELF;
            case MappingError.ShareAfterMapping e -> SHARE_AFTER_MAPPING;
            case MappingError.EntryInUse e -> ENTRY_IN_USE;
            case MappingError.NoSuchEntry e -> NO_SUCH_ENTRY;
            case MappingError.NoSuchDepth e -> NO_SUCH_DEPTH;
            case MappingError.NotATableEntry e -> NOT_A_TABLE_ENTRY;
            case MappingError.MalformedEntry e -> MALFORMED_ENTRY;
        };
    }
}
