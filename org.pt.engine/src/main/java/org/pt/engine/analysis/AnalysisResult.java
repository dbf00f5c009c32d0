package org.pt.engine.analysis;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pt.engine.image.TableImage;
import org.pt.engine.space.Simulation;

/**
 * Everything an analysis found, the simulations it built (one per machine that could be simulated), the spaces, the
 * answer to each query (in spec order) under its {@link Subject.QueryRef}, the first subject of the findings that show
 * it, and the table image of each output that has one, by output index.
 */
public record AnalysisResult(List<Finding> findings, Map<String, Simulation> simulations, Map<String, BuiltSpace> spaces,
        Map<Subject.QueryRef, Answer> answers, Map<Integer, TableImage> images) {
    public AnalysisResult {
        findings = List.copyOf(findings);
        simulations = Map.copyOf(simulations);
        spaces = Map.copyOf(spaces);
        answers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(answers));
        images = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(images));
    }

    /** The table image of output {@code index}, when its spaces were built and it could be made. */
    public Optional<TableImage> image(int index) {
        return Optional.ofNullable(images.get(index));
    }

    /** The answer a finding shows, when it is a query's. */
    public Optional<Answer> answer(Finding f) {
        return f.subjects().get(0) instanceof Subject.QueryRef q ? Optional.ofNullable(answers.get(q)) : Optional.empty();
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    public Optional<BuiltSpace> space(String name) {
        return Optional.ofNullable(spaces.get(name));
    }
}
