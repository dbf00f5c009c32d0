package org.pt.engine;

import java.util.List;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.MappingError;
import org.pt.engine.space.OpResult;
import org.pt.engine.space.Simulation;

/** Small helpers shared by the engine tests. */
public final class TestSpaces {
    private TestSpaces() {
    }

    public static Simulation simulation(PagingFormat f, long poolBase, long poolSize, long budget) {
        return new Simulation(f, List.of(AddressRange.ofSize(poolBase, poolSize)), budget);
    }

    public static AddressSpace space(Simulation sim, String name) {
        Simulation.Created c = sim.createSpace(name);
        if (c instanceof Simulation.Created.Refused r) {
            throw new AssertionError(r.error().message());
        }
        return ((Simulation.Created.Ok) c).space();
    }

    /** The applied result, or an AssertionError with the rejection message. */
    public static OpResult.Applied applied(OpResult r) {
        if (r instanceof OpResult.Rejected rej) {
            throw new AssertionError("rejected: " + rej.error().message());
        }
        return (OpResult.Applied) r;
    }

    /** The typed refusal, or an AssertionError when the operation was applied. */
    public static MappingError error(OpResult r) {
        if (r instanceof OpResult.Applied) {
            throw new AssertionError("expected a rejection, was applied");
        }
        return ((OpResult.Rejected) r).error();
    }

    public static String rejection(OpResult r) {
        if (r instanceof OpResult.Applied) {
            throw new AssertionError("expected a rejection, was applied");
        }
        return ((OpResult.Rejected) r).error().message();
    }
}
