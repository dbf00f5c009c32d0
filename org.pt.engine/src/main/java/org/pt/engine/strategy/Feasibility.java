package org.pt.engine.strategy;

/** Whether a strategy can work at all on a paging format, and if not, the architectural reason. */
public sealed interface Feasibility {

    record Feasible() implements Feasibility {
    }

    /** @param reason one lower-case clause, as the architecture manual puts it */
    record Infeasible(String reason) implements Feasibility {
    }

    Feasibility FEASIBLE = new Feasible();
}
