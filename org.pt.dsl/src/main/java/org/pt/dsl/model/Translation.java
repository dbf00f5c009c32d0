package org.pt.dsl.model;

import java.util.List;
import java.util.Optional;
import org.pt.engine.analysis.Subject;
import org.pt.engine.model.SystemModel;

/**
 * What {@link ModelTranslator} made of a resource and everything it references: the engine model (only the elements
 * that translated without errors and whose dependencies did too), the {@link Trace} between engine {@link Subject}s
 * and the AST, and the problems found while translating (in every resource involved; each file reports its own).
 */
public record Translation(SystemModel model, Trace trace, List<SpecIssue> issues) {
    public Translation {
        issues = List.copyOf(issues);
    }

    public static Translation empty() {
        return new Translation(new SystemModel(List.of(), List.of(), List.of()), Trace.EMPTY, List.of());
    }

    public Optional<Located> locate(Subject s) {
        return trace.locate(s);
    }

    /** When {@code s} is on a line a machine inherits: where else a finding about it goes ({@link Trace#inherited}). */
    public Optional<Trace.Inherited> inherited(Subject s) {
        return trace.inherited(s);
    }

    /** True when there is nothing for the engine to analyse. */
    public boolean isEmpty() {
        return model.machines().isEmpty() && model.layouts().isEmpty() && model.spaces().isEmpty();
    }
}
