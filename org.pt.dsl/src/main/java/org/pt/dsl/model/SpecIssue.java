package org.pt.dsl.model;

import java.util.List;
import java.util.Optional;
import org.pt.engine.analysis.Answer;
import org.pt.engine.analysis.Severity;

/**
 * One diagnostic of a spec, placed on the AST: a translation problem (unknown unit, overflow, ...) or an engine
 * finding. {@code data} holds the {@code key=value} strings a quick fix needs; {@code answer} is the value a query's
 * finding shows (a walk, a reach, a report), for a service that shows more than the message.
 */
public record SpecIssue(Severity severity, String code, String message, Located at, List<String> data,
        Optional<Answer> answer) {
    public SpecIssue {
        data = List.copyOf(data);
    }

    public SpecIssue(Severity severity, String code, String message, Located at, List<String> data) {
        this(severity, code, message, at, data, Optional.empty());
    }
}
