package org.pt.engine.strategy;

import java.util.Optional;
import org.pt.engine.strategy.SoftwareWalk.Landing;

/** What verifying a strategy in a built space found it does not reach. Closed. */
public sealed interface Miss {

    /**
     * A table of the space the strategy does not reach: where it reads it, and where that lands (empty when the
     * location gives no VA).
     */
    record Table(long pa, String level, Location location, Optional<Landing> landing) implements Miss {
    }

    /** The recursive entries are not in the space's root (or page directory). */
    record NotInstalled() implements Miss {
    }

    /** A window page has no last-level table in the space: why. */
    record WindowTableMissing(long va, String why) implements Miss {
    }

    /** The window's own entry for {@code va}, at {@code ptePa}, is not reached by the bootstrap strategy. */
    record WindowEntry(long va, long ptePa, Location location, Optional<Landing> landing) implements Miss {
    }
}
