package org.pt.tests.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.inject.Inject;
import com.google.inject.Provider;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.pt.dsl.model.SpecAnalyzer;
import org.pt.engine.analysis.AnalysisResult;

/**
 * Specs analysed through the language as {@code ptc check} does; injected into a boot test (and into
 * org.pt.tests.cli.ExampleOutputsTest, for the shipped examples).
 */
public class BootSpecs {

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    @Inject
    private IResourceValidator validator;

    @Inject
    private SpecAnalyzer analyzer;

    /** The analysis of {@code spec}, which must have no error. */
    AnalysisResult analyse(Path spec) {
        return analysed(spec).result().orElseThrow(() -> new AssertionError("no analysis of " + spec));
    }

    /** The translation and analysis of {@code spec}, which must have no error. */
    public SpecAnalyzer.Analysed analysed(Path spec) {
        Resource r = resourceSets.get().getResource(URI.createFileURI(spec.toAbsolutePath().normalize().toString()),
                true);
        List<String> errors = validator.validate(r, CheckMode.ALL, CancelIndicator.NullImpl).stream()
                .filter(i -> i.getSeverity() == Severity.ERROR).map(Issue::toString).toList();
        assertEquals(List.of(), errors, "errors in " + spec);
        return analyzer.analysed(r);
    }
}
