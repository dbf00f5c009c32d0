package org.pt.dsl.model;

import java.util.List;
import org.pt.engine.analysis.Severity;

/**
 * One diagnostic of a spec, placed on the AST: a translation problem (unknown unit, overflow, ...) or an engine
 * finding. {@code data} holds the {@code key=value} strings a quick fix needs.
 */
public record SpecIssue(Severity severity, String code, String message, Located at, List<String> data) {
    public SpecIssue {
        data = List.copyOf(data);
    }
}
