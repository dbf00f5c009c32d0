package org.pt.engine.model;

import java.util.Optional;
import java.util.OptionalLong;

/** A question a space answers, optionally with the answer expected. */
public sealed interface Query {
    int index();

    /** Hardware walk of {@code va}; expect a PA (or that it faults when {@code expectFault}). */
    record Walk(int index, long va, OptionalLong expectPa, boolean expectFault) implements Query {
    }

    /** Software walk: how {@code fromSpace}'s kernel reaches the entries that map {@code va} in this space. */
    record Reach(int index, long va, String fromSpace) implements Query {
    }

    /** A cost and layout report of the space. */
    record Report(int index, Optional<String> what) implements Query {
    }
}
