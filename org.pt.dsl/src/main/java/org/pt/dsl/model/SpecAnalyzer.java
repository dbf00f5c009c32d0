package org.pt.dsl.model;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.log4j.Logger;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.service.OperationCanceledManager;
import org.eclipse.xtext.util.IResourceScopeCache;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Machine;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Region;
import org.pt.dsl.pt.SlotPlacement;
import org.pt.dsl.pt.Space;
import org.pt.dsl.pt.Statement;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.analysis.AnalysisMemo;
import org.pt.engine.analysis.AnalysisResult;
import org.pt.engine.analysis.Answer;
import org.pt.engine.analysis.Code;
import org.pt.engine.analysis.Finding;
import org.pt.engine.analysis.Severity;
import org.pt.engine.analysis.Subject;
import org.pt.engine.model.SystemModel;

/**
 * The translation of a resource and the engine's analysis of it, computed once per resource state (cached in the
 * resource scope, dropped on any change) and handed to the validators already placed on the AST and grouped by
 * <em>anchor</em>: the statement, or else the top-level element, or else the file, that contains each diagnostic.
 * Each validator reports the diagnostics of its anchors, so every diagnostic is reported exactly once.
 *
 * <p>Nothing the translator or the engine throws reaches Xtext, not even the heap or the stack running out: it
 * becomes one error "internal error while analysing: ..." ({@link IssueCodes#INTERNAL}) on the first element, so that
 * a bug never makes validation pass silently (the engine itself reports a failure while building a space, answering a
 * query or making an output on that element). Only a cancellation goes on.
 */
@Singleton
public class SpecAnalyzer {
    private static final Logger LOG = Logger.getLogger(SpecAnalyzer.class);
    private static final String TRANSLATION = SpecAnalyzer.class.getName() + ".translation";
    private static final String ANALYSIS = SpecAnalyzer.class.getName() + ".analysis";

    @Inject
    private IResourceScopeCache cache;

    @Inject
    private ModelTranslator translator;

    @Inject
    private OperationCanceledManager cancellation;

    /**
     * The last builds of tables, by the value of the model that builds them (no source positions in it): sixteen, so
     * that switching between files, or undoing an edit, finds its tables, and so that the language server's
     * background build of a workspace (the standard library's copies are a project of it: a dozen files) does not push
     * the build of the file being edited out. Bounded by weight too: no more than a third of the heap in table frames
     * ({@link AnalysisMemo}); each build is held softly.
     */
    static final int BUILDS_KEPT = 16;

    private final AnalysisMemo memo = new AnalysisMemo(BUILDS_KEPT);

    /** The result of translating a resource: the translation, and the problems of this resource by anchor. */
    public record Translated(Translation translation, Anchored issues) {
    }

    /** The analysis of a resource, when it ran, and the findings placed in this resource by anchor. */
    public record Analysed(Translation translation, Optional<AnalysisResult> result, Anchored findings) {
    }

    /** Diagnostics of one resource grouped by anchor. */
    public static final class Anchored {
        private final Map<EObject, List<SpecIssue>> byAnchor = new IdentityHashMap<>();

        void add(SpecIssue issue) {
            byAnchor.computeIfAbsent(anchor(issue.at().object()), k -> new ArrayList<>()).add(issue);
        }

        public List<SpecIssue> at(EObject anchor) {
            return byAnchor.getOrDefault(anchor, List.of());
        }

        public List<SpecIssue> all() {
            List<SpecIssue> out = new ArrayList<>();
            byAnchor.values().forEach(out::addAll);
            return out;
        }
    }

    /** The statement, top-level element, import or model that contains {@code o}. */
    public static EObject anchor(EObject o) {
        EObject e = o;
        while (e != null) {
            if (e instanceof Statement || e instanceof Model || e.eContainer() instanceof Model) {
                return e;
            }
            e = e.eContainer();
        }
        return o;
    }

    public Translated translated(Resource resource) {
        return cache.get(TRANSLATION, resource, () -> translate(resource));
    }

    public Analysed analysed(Resource resource) {
        return cache.get(ANALYSIS, resource, () -> analyse(resource));
    }

    private Translated translate(Resource resource) {
        Anchored issues = new Anchored();
        Translation t;
        try {
            t = translator.translate(resource);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            cancellation.propagateIfCancelException(e);
            LOG.error("internal error while translating " + resource.getURI(), e);
            internal(resource, e, issues);
            return new Translated(Translation.empty(), issues);
        }
        for (SpecIssue i : t.issues()) {
            if (i.at().object().eResource() == resource) {
                issues.add(i);
            }
        }
        return new Translated(t, issues);
    }

    private Analysed analyse(Resource resource) {
        Translated translated = translated(resource);
        Translation t = translated.translation();
        Anchored findings = new Anchored();
        if (t.isEmpty()) {
            return new Analysed(t, Optional.empty(), findings);
        }
        AnalysisResult result;
        try {
            result = run(t.model());
            Capped capped = new Capped();
            for (Finding f : result.findings()) {
                Optional<Answer> answer = result.answer(f);
                place(f, answer, t, resource).ifPresent(i -> capped.add(i, answer.isPresent(), findings));
            }
            capped.summaries(findings);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            cancellation.propagateIfCancelException(e);
            LOG.error("internal error while analysing " + resource.getURI(), e);
            Anchored failed = new Anchored();
            internal(resource, e, failed);
            return new Analysed(t, Optional.empty(), failed);
        }
        return new Analysed(t, Optional.of(result), findings);
    }

    /** Findings of one kind (issue code) placed in one file, at most; the rest are counted in one summary. */
    public static final int FINDINGS_OF_ONE_KIND = 100;

    /** Findings placed in one file, at most, answers to queries apart; the rest are counted in summaries by kind. */
    public static final int FINDINGS_PER_FILE = 1000;

    /**
     * The cap on the findings of one file: the first {@link #FINDINGS_OF_ONE_KIND} of each kind and the first
     * {@link #FINDINGS_PER_FILE} in all are placed; each kind with more gets one {@link IssueCodes#FINDINGS_CAPPED} at
     * the first it leaves out, counting them, as severe as the most severe of them (an error when errors are left
     * out, so that the file still fails). Answers to queries ({@code walk}, {@code reach}, {@code report},
     * {@code decode}) are never left out nor counted: there is one per query written.
     */
    private static final class Capped {
        private final Map<String, Integer> placed = new HashMap<>();
        private final Map<String, Omitted> omitted = new LinkedHashMap<>();
        private int total;

        private static final class Omitted {
            final SpecIssue first;
            Severity severity;
            int count;

            Omitted(SpecIssue first) {
                this.first = first;
                this.severity = first.severity();
            }
        }

        void add(SpecIssue issue, boolean answer, Anchored into) {
            int ofKind = placed.getOrDefault(issue.code(), 0);
            if (answer || ofKind < FINDINGS_OF_ONE_KIND && total < FINDINGS_PER_FILE) {
                into.add(issue);
                if (!answer) {
                    placed.put(issue.code(), ofKind + 1);
                    total++;
                }
                return;
            }
            Omitted o = omitted.computeIfAbsent(issue.code(), k -> new Omitted(issue));
            o.count++;
            if (issue.severity().compareTo(o.severity) < 0) {
                o.severity = issue.severity();
            }
        }

        void summaries(Anchored into) {
            omitted.forEach((code, o) -> into.add(new SpecIssue(o.severity, IssueCodes.FINDINGS_CAPPED, o.count
                    + " more " + code + (o.count == 1 ? " finding from here on is" : " findings from here on are") + " not shown: PT "
                    + "reports at most " + FINDINGS_OF_ONE_KIND + " of one kind and " + FINDINGS_PER_FILE
                    + " in all per file",
                    o.first.at(), List.of("code=" + code, "omitted=" + o.count), Optional.empty())));
        }
    }

    /**
     * Runs the engine's analysis (a seam for tests of the guard), through the {@link #memo}: an edit that leaves the
     * tables as they were (a comment, a walk, another space's query) re-answers the queries only.
     */
    protected AnalysisResult run(SystemModel model) {
        return memo.run(model);
    }

    /** The builds this analyser remembers across resource states (and re-parses, as the language server makes). */
    public AnalysisMemo memo() {
        return memo;
    }

    /**
     * The finding (with the answer it shows) on its first subject in {@code resource}; else, for a subject on a line a
     * machine inherits from another file, on that machine's {@code extends} name ({@link Trace.Inherited}); none when
     * no subject is in {@code resource}.
     */
    private static Optional<SpecIssue> place(Finding f, Optional<Answer> answer, Translation t, Resource resource) {
        for (Subject s : f.subjects()) {
            Optional<Located> at = t.locate(s);
            if (at.isPresent() && at.get().object().eResource() == resource) {
                String note = t.inherited(s).map(Trace.Inherited::lineNote).orElse("");
                return Optional.of(issue(f, answer, refine(f.code(), at.get()), note));
            }
        }
        for (Subject s : f.subjects()) {
            Optional<Trace.Inherited> via = t.inherited(s);
            if (via.isPresent() && via.get().via().object().eResource() == resource) {
                return Optional.of(issue(f, answer, via.get().via(), via.get().viaNote()));
            }
        }
        return Optional.empty();
    }

    private static SpecIssue issue(Finding f, Optional<Answer> answer, Located at, String note) {
        List<String> data = new ArrayList<>();
        new TreeMap<>(f.data()).forEach((k, v) -> data.add(k + "=" + v));
        return new SpecIssue(f.severity(), IssueCodes.of(f.code()), f.message() + note, at, data, answer);
    }

    /** Where a finding about a region is more exact than its name: a slot out of range is its number. */
    private static Located refine(Code code, Located at) {
        if (code == Code.SLOT_OUT_OF_RANGE && at.object() instanceof Region r
                && r.getPlacement() instanceof SlotPlacement slot) {
            return Located.at(slot, PtPackage.Literals.SLOT_PLACEMENT__SLOT);
        }
        return at;
    }

    private static void internal(Resource resource, Throwable e, Anchored into) {
        if (resource.getContents().isEmpty()) {
            return;
        }
        EObject root = resource.getContents().get(0);
        Located at = Located.whole(root);
        if (root instanceof Model m && !m.getElements().isEmpty()) {
            EObject first = m.getElements().get(0);
            at = first instanceof Machine ? Located.at(first, PtPackage.Literals.MACHINE__NAME)
                    : first instanceof Layout ? Located.at(first, PtPackage.Literals.LAYOUT__NAME)
                    : first instanceof Space ? Located.at(first, PtPackage.Literals.SPACE__NAME) : Located.whole(first);
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        into.add(new SpecIssue(Severity.ERROR, IssueCodes.INTERNAL, "internal error while analysing: " + message, at,
                List.of()));
    }
}
