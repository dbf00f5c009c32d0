package org.pt.engine.space;

import java.util.List;
import java.util.Set;

/** The outcome of an operation: applied with its events, or rejected with the space unchanged. */
public sealed interface OpResult permits OpResult.Applied, OpResult.Rejected {

    /**
     * @param events         splits, frees, merges and allocations, in order
     * @param affectedSpaces every space whose translations the change reaches (more than one when a shared table changed)
     */
    record Applied(List<Event> events, Set<String> affectedSpaces) implements OpResult {
    }

    record Rejected(MappingError error) implements OpResult {
    }

    default boolean isApplied() {
        return this instanceof Applied;
    }

    /** The events, or an {@link IllegalStateException} naming the error (for tests and callers that checked first). */
    default List<Event> eventsOrThrow() {
        if (this instanceof Rejected r) {
            throw new IllegalStateException(r.error().message());
        }
        return ((Applied) this).events();
    }
}
