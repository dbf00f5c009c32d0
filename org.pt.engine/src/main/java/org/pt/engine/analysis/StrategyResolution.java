package org.pt.engine.analysis;

import java.util.List;
import org.pt.engine.strategy.TableAccess;

/**
 * A space's strategy for reaching its page tables, resolved once against its layout and machine when the space is
 * built: none written, refused (with the findings that say why; empty when another check already reports the cause),
 * or usable.
 */
public sealed interface StrategyResolution {

    record None() implements StrategyResolution {
    }

    record Refused(List<Finding> findings) implements StrategyResolution {
        public Refused {
            findings = List.copyOf(findings);
        }
    }

    record Resolved(TableAccess access) implements StrategyResolution {
    }

    StrategyResolution NONE = new None();
}
