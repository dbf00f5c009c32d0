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

    /**
     * {@code decode VALUE at LEVEL} ({@code level} present) or {@code decode REGISTER VALUE} ({@code register}
     * present): a raw entry or paging register value, as a debugger shows it, decoded for the space's machine.
     */
    record Decode(int index, Optional<String> register, Optional<String> level, long value) implements Query {
        public Decode {
            if (register.isPresent() == level.isPresent()) {
                throw new IllegalArgumentException("decode names a register or a level, not both or neither");
            }
        }
    }

    /** A cost and layout report of the space. */
    record Report(int index, Optional<String> what) implements Query {
    }
}
