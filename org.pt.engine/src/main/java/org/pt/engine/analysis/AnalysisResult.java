package org.pt.engine.analysis;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pt.engine.space.Simulation;

/** Everything an analysis found, and the simulations it built (one per machine that could be simulated). */
public record AnalysisResult(List<Finding> findings, Map<String, Simulation> simulations, Map<String, BuiltSpace> spaces) {
    public AnalysisResult {
        findings = List.copyOf(findings);
        simulations = Map.copyOf(simulations);
        spaces = Map.copyOf(spaces);
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    public Optional<BuiltSpace> space(String name) {
        return Optional.ofNullable(spaces.get(name));
    }
}
