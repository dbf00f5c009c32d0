package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.PtRuntimeModule;
import org.pt.dsl.model.Located;
import org.pt.dsl.model.ModelTranslator;
import org.pt.dsl.model.SpecAnalyzer;
import org.pt.dsl.model.SpecIssue;
import org.pt.dsl.model.Translation;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.analysis.Analysis;
import org.pt.engine.analysis.AnalysisResult;
import org.pt.engine.analysis.Answer;
import org.pt.engine.analysis.Severity;
import org.pt.engine.model.SystemModel;

/**
 * The analysis service: computed once per resource state, dropped on change; a bug in the translator or the engine
 * becomes one positioned error instead of a validation that silently passes.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class SpecAnalyzerTest extends SpecTestSupport {

    @com.google.inject.Inject
    private SpecAnalyzer analyzer;

    @Test
    void analysisIsComputedOncePerResourceStateAndDroppedOnChange() throws Exception {
        Model model = parse(HH);
        Resource r = model.eResource();
        SpecAnalyzer.Analysed first = analyzer.analysed(r);
        assertSame(first, analyzer.analysed(r));
        assertSame(first.translation(), analyzer.translated(r).translation());
        ((org.pt.dsl.pt.Machine) model.getElements().get(0)).setName("pc2");
        assertEquals(List.of("pc2"), analyzer.analysed(r).translation().model().machines().stream()
                .map(org.pt.engine.model.Machine::name).toList());
    }

    @Test
    void aQueryIssueCarriesTheAnswerItShows() throws Exception {
        String text = HH + """
                space kernel uses hh {
                    map 0x40_0000 size 4 KiB to 0x800_0000 rw
                    walk 0x40_0000
                }
                """;
        List<SpecIssue> issues = analyzer.analysed(parse(text).eResource()).findings().all().stream()
                .filter(i -> i.code().equals(IssueCodes.WALK_RESULT)).toList();
        assertEquals(1, issues.size());
        Answer.Walk walk = (Answer.Walk) issues.get(0).answer().orElseThrow();
        assertEquals(0x800_0000L, ((org.pt.engine.walk.Translation.Mapped) walk.result()).pa());
        assertEquals(new Answer.Expectation.None(), walk.expectation());
        assertEquals(4, walk.trace().steps().size());
    }

    /** A translator with a bug. */
    static class ThrowingTranslator extends ModelTranslator {
        @Override
        public Translation translate(Resource resource) {
            throw new IllegalStateException("boom");
        }
    }

    /** An engine with a bug. */
    static class ThrowingAnalyzer extends SpecAnalyzer {
        @Override
        protected AnalysisResult run(SystemModel model) {
            throw new ArithmeticException("engine boom");
        }
    }

    /** An engine whose analysis runs out of heap. */
    static class ExhaustedAnalyzer extends SpecAnalyzer {
        @Override
        protected AnalysisResult run(SystemModel model) {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    private Resource load(Injector injector, String text) throws Exception {
        XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
        XtextResource r = injector.getInstance(XtextResource.class);
        r.setURI(URI.createURI("file:/specs/buggy.ptl"));
        set.getResources().add(r);
        r.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
        return r;
    }

    @Test
    void translatorBugIsAnErrorOnTheFirstElement() throws Exception {
        Injector injector = Guice.createInjector(Modules.override(new PtRuntimeModule())
                .with(b -> b.bind(ModelTranslator.class).to(ThrowingTranslator.class)));
        Resource r = load(injector, HH);
        SpecAnalyzer.Translated t = injector.getInstance(SpecAnalyzer.class).translated(r);
        Model model = (Model) r.getContents().get(0);
        assertEquals(List.of(new SpecIssue(Severity.ERROR, IssueCodes.INTERNAL, "internal error while analysing: boom",
                Located.at(model.getElements().get(0), PtPackage.Literals.MACHINE__NAME), List.of())), t.issues().all());
    }

    @Test
    void engineBugIsAnErrorOnTheFirstElement() throws Exception {
        Injector injector = Guice.createInjector(Modules.override(new PtRuntimeModule())
                .with(b -> b.bind(SpecAnalyzer.class).to(ThrowingAnalyzer.class)));
        Resource r = load(injector, HH);
        SpecAnalyzer.Analysed a = injector.getInstance(SpecAnalyzer.class).analysed(r);
        Model model = (Model) r.getContents().get(0);
        assertEquals(List.of(new SpecIssue(Severity.ERROR, IssueCodes.INTERNAL,
                "internal error while analysing: engine boom", Located.at(model.getElements().get(0),
                        PtPackage.Literals.MACHINE__NAME), List.of())), a.findings().all());
    }

    /** Issue 12: an error of the JVM (the heap running out) is no more silent than an exception. */
    @Test
    void heapRunningOutInTheEngineIsAnErrorOnTheFirstElement() throws Exception {
        Injector injector = Guice.createInjector(Modules.override(new PtRuntimeModule())
                .with(b -> b.bind(SpecAnalyzer.class).to(ExhaustedAnalyzer.class)));
        Resource r = load(injector, HH);
        Model model = (Model) r.getContents().get(0);
        assertEquals(List.of(new SpecIssue(Severity.ERROR, IssueCodes.INTERNAL,
                "internal error while analysing: Java heap space", Located.at(model.getElements().get(0),
                        PtPackage.Literals.MACHINE__NAME), List.of())),
                injector.getInstance(SpecAnalyzer.class).analysed(r).findings().all());
    }

    /** A failure while building one space is an error on that space's name; the other spaces are still checked. */
    @Test
    void aFailureWhileBuildingASpaceIsAnErrorOnThatSpace() throws Exception {
        String text = HH + """
                space kernel uses hh {
                    map kernel to 0x100_0000 size 4 KiB rw
                    walk 0xffff_ffff_8000_0000 expect 0x200_0000
                }
                space other uses hh {
                }
                """;
        List<String> issues;
        try (AutoCloseable injected = Analysis.injectFailure("other", new StackOverflowError())) {
            issues = check(text);
        }
        int other = text.indexOf("other");
        assertEquals(List.of("INFO pt.ram_exposed 15:9 @" + text.indexOf("kernel to") + "+6 the kernel half "
                + "0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff (128 TiB) of 'kernel' maps 4 KiB of 1 GiB RAM (less "
                + "than 1 %), which speculative-execution attacks can read",
                "ERROR pt.walk_expectation_failed 16:5 @" + text.indexOf("walk 0xffff")
                + "+44 expected 0xffff_ffff_8000_0000 -> 0x200_0000, but 0xffff_ffff_8000_0000 -> 0x100_0000 (4 KiB "
                + "page at PT, k:rw- u:---, WB); CR3 0x100_0000: PML4[511]=0x1001027 PDPT[510]=0x1002027 "
                + "PD[0]=0x1003027 PT[0]=0x8000000001000063",
                "ERROR pt.internal 18:7 @" + other + "+5 internal error while building space 'other': StackOverflowError"),
                issues);
    }
}
