package org.pt.engine.analysis;

import java.util.List;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.Event;

/**
 * A space after its statements ran: the spec, the simulated space, the mappings that were applied, its strategy as
 * resolved (once) when it was built, and what each statement did to the tables besides writing leaves, in the order
 * the statements ran.
 */
public record BuiltSpace(SpaceSpec spec, AddressSpace space, List<ResolvedMapping> mappings, StrategyResolution strategy,
        List<StatementEvents> events) {
    public BuiltSpace {
        mappings = List.copyOf(mappings);
        events = List.copyOf(events);
    }

    public String name() {
        return spec.name();
    }

    /**
     * The events of one statement that had some: a map, unmap, protect or compact ({@link Subject.OperationRef}) or
     * the sharing statement ({@link Subject.ShareRef}).
     */
    public record StatementEvents(Subject statement, List<Event> events) {
        public StatementEvents {
            events = List.copyOf(events);
        }
    }
}
