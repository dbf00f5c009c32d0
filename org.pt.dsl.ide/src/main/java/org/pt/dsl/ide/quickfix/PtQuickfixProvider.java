package org.pt.dsl.ide.quickfix;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.inject.Inject;
import com.google.inject.Provider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.xtext.ide.editor.quickfix.DiagnosticResolution;
import org.eclipse.xtext.ide.editor.quickfix.DiagnosticResolutionAcceptor;
import org.eclipse.xtext.ide.editor.quickfix.IQuickFixProvider;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.resource.XtextResource;

/**
 * PT's quick fixes for the language server ({@code QuickFixCodeActionService} makes each a {@code quickfix} code
 * action): the diagnostic's code, range and data go to {@link PtQuickFixes}, whose edits come back as LSP text edits.
 *
 * <p>Not Xtext's {@code AbstractDeclarativeIdeQuickfixProvider}: its {@code @QuickFix} methods take LSP diagnostics,
 * and the Eclipse editor is to reuse the same edit logic, so the fix methods (one per code) live in
 * {@link PtQuickFixes}, which knows no LSP.
 */
public class PtQuickfixProvider implements IQuickFixProvider {

    @Inject
    private PtQuickFixes fixes;

    @Inject
    private Provider<DiagnosticResolutionAcceptor> acceptors;

    @Override
    public boolean handlesDiagnostic(Diagnostic diagnostic) {
        return diagnostic.getCode() != null && diagnostic.getCode().isLeft()
                && fixes.codes().contains(diagnostic.getCode().getLeft());
    }

    @Override
    public List<DiagnosticResolution> getResolutions(ICodeActionService2.Options options, Diagnostic diagnostic) {
        Resource resource = options.getResource();
        Document document = options.getDocument();
        if (!handlesDiagnostic(diagnostic) || !(resource instanceof XtextResource xtext) || document == null
                || diagnostic.getRange() == null) {
            return List.of();
        }
        PtQuickFixes.Problem problem;
        try {
            problem = problem(diagnostic, document);
        } catch (IndexOutOfBoundsException e) {
            return List.of(); // a diagnostic of another version of the document: no fix rather than an error
        }
        DiagnosticResolutionAcceptor acceptor = acceptors.get();
        for (PtQuickFixes.Fix fix : fixes.fixes(xtext, problem)) {
            acceptor.accept(fix.label(), (d, object, doc) -> edits(fix, doc));
        }
        return acceptor.getDiagnosticResolutions(options, diagnostic);
    }

    /** The diagnostic as {@link PtQuickFixes} reads it: code, offsets in the document, data by key. */
    static PtQuickFixes.Problem problem(Diagnostic diagnostic, Document document) {
        Range range = diagnostic.getRange();
        int start = document.getOffSet(range.getStart());
        int end = document.getOffSet(range.getEnd());
        return new PtQuickFixes.Problem(diagnostic.getCode().getLeft(), start, Math.max(0, end - start),
                PtQuickFixes.Problem.data(data(diagnostic.getData())));
    }

    /**
     * The {@code key=value} strings of a diagnostic's data: the array Xtext puts there, or the JSON array it becomes
     * when a client sends the diagnostic back.
     */
    static List<String> data(Object data) {
        List<String> out = new ArrayList<>();
        if (data instanceof String[] strings) {
            out.addAll(Arrays.asList(strings));
        } else if (data instanceof JsonArray array) {
            for (JsonElement e : array) {
                if (e.isJsonPrimitive()) {
                    out.add(e.getAsString());
                }
            }
        } else if (data instanceof Iterable<?> items) {
            items.forEach(i -> out.add(String.valueOf(i)));
        }
        return out;
    }

    private static List<TextEdit> edits(PtQuickFixes.Fix fix, Document document) {
        List<TextEdit> out = new ArrayList<>();
        for (PtQuickFixes.Edit e : fix.edits()) {
            out.add(new TextEdit(new Range(document.getPosition(e.offset()),
                    document.getPosition(e.offset() + e.length())), e.text()));
        }
        return out;
    }
}
