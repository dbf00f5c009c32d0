package org.pt.engine.analysis;

import java.util.List;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.space.AddressSpace;

/**
 * A space after its statements ran: the spec, the simulated space, the mappings that were applied, and its strategy
 * as resolved (once) when it was built.
 */
public record BuiltSpace(SpaceSpec spec, AddressSpace space, List<ResolvedMapping> mappings, StrategyResolution strategy) {
    public BuiltSpace {
        mappings = List.copyOf(mappings);
    }

    public String name() {
        return spec.name();
    }
}
