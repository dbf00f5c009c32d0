package org.pt.dsl.validation;

import java.util.List;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextSyntaxDiagnostic;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.IAcceptor;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.CheckType;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.ResourceValidatorImpl;
import org.pt.dsl.resource.SourceLimits;

/**
 * Xtext's resource validation, plus a note on a file with nothing in it (no root object is parsed from an empty file
 * or one of only comments, so no {@code @Check} method could say so): {@link IssueCodes#EMPTY_FILE} at offset 0. Every
 * message is made {@link Printable} here, the one place all diagnostics pass (ptc, the language server, Eclipse); and
 * of a file's syntax errors the first {@link SourceLimits#MAX_SYNTAX_ERRORS} are reported, then one
 * {@link IssueCodes#TOO_MANY_SYNTAX_ERRORS} error at the next says how many more there are.
 */
public class PtResourceValidator extends ResourceValidatorImpl {

    static final String EMPTY_MESSAGE = "empty file: no machine, layout, space or output";

    @Override
    protected void validate(Resource resource, CheckMode mode, CancelIndicator monitor, IAcceptor<Issue> acceptor) {
        super.validate(resource, mode, monitor, acceptor);
        if (mode.shouldCheck(CheckType.FAST) && resource.getContents().isEmpty() && resource.getErrors().isEmpty()) {
            Issue.IssueImpl issue = new Issue.IssueImpl();
            issue.setSeverity(Severity.INFO);
            issue.setCode(IssueCodes.EMPTY_FILE);
            issue.setMessage(EMPTY_MESSAGE);
            issue.setOffset(0);
            issue.setLength(0);
            issue.setLineNumber(1);
            issue.setColumn(1);
            issue.setLineNumberEnd(1);
            issue.setColumnEnd(1);
            issue.setUriToProblem(resource.getURI());
            issue.setType(CheckType.FAST);
            acceptor.accept(issue);
        }
    }

    /** Every issue with a printable message. */
    @Override
    protected IAcceptor<Issue> createAcceptor(List<Issue> result) {
        IAcceptor<Issue> next = super.createAcceptor(result);
        return issue -> {
            String message = issue.getMessage();
            String printable = Printable.of(message);
            if (printable != message && issue instanceof Issue.IssueImpl impl) {
                impl.setMessage(printable);
            }
            next.accept(issue);
        };
    }

    /**
     * Xtext's, converting the first {@link SourceLimits#MAX_SYNTAX_ERRORS} syntax errors only (each conversion
     * computes a line and column), then one {@link IssueCodes#TOO_MANY_SYNTAX_ERRORS} error at the next.
     */
    @Override
    protected void collectResourceDiagnostics(Resource resource, CancelIndicator monitor, IAcceptor<Issue> acceptor) {
        List<Resource.Diagnostic> errors = resource.getErrors();
        int syntaxErrors = 0;
        Resource.Diagnostic firstUnreported = null;
        for (int i = 0; i < errors.size(); i++) {
            getOperationCanceledManager().checkCanceled(monitor);
            Resource.Diagnostic error = errors.get(i);
            if (error instanceof XtextSyntaxDiagnostic && ++syntaxErrors > SourceLimits.MAX_SYNTAX_ERRORS) {
                firstUnreported = firstUnreported == null ? error : firstUnreported;
            } else {
                convert(resource, error, Severity.ERROR, acceptor);
            }
        }
        List<Resource.Diagnostic> warnings = resource.getWarnings();
        for (int i = 0; i < warnings.size(); i++) {
            getOperationCanceledManager().checkCanceled(monitor);
            convert(resource, warnings.get(i), Severity.WARNING, acceptor);
        }
        if (firstUnreported != null) {
            int more = syntaxErrors - SourceLimits.MAX_SYNTAX_ERRORS;
            issueFromXtextResourceDiagnostic(firstUnreported, Severity.ERROR, issue -> {
                if (issue instanceof Issue.IssueImpl impl) {
                    impl.setCode(IssueCodes.TOO_MANY_SYNTAX_ERRORS);
                    impl.setMessage(SourceLimits.moreSyntaxErrorsMessage(more));
                    impl.setData(null);
                    acceptor.accept(impl);
                }
            });
        }
    }

    /**
     * Xtext's conversion of {@code d}, or, where Xtext's line and column computation fails (a diagnostic at the very
     * end of a file whose last line ends in CRLF), the same issue with the line and column counted here.
     */
    private void convert(Resource resource, Resource.Diagnostic d, Severity severity, IAcceptor<Issue> acceptor) {
        try {
            issueFromXtextResourceDiagnostic(d, severity, acceptor);
        } catch (IndexOutOfBoundsException e) {
            if (!(d instanceof org.eclipse.xtext.diagnostics.AbstractDiagnostic a)
                    || !(resource instanceof org.eclipse.xtext.resource.XtextResource x) || x.getParseResult() == null) {
                throw e;
            }
            String text = x.getParseResult().getRootNode().getText();
            int offset = Math.max(0, Math.min(a.getOffset(), text.length()));
            int length = Math.max(0, Math.min(a.getLength(), text.length() - offset));
            int[] start = lineAndColumn(text, offset);
            int[] end = lineAndColumn(text, offset + length);
            Issue.IssueImpl issue = new Issue.IssueImpl();
            issue.setSeverity(severity);
            issue.setMessage(d.getMessage());
            issue.setCode(a.getCode());
            issue.setData(a.getData());
            issue.setOffset(offset);
            issue.setLength(length);
            issue.setLineNumber(start[0]);
            issue.setColumn(start[1]);
            issue.setLineNumberEnd(end[0]);
            issue.setColumnEnd(end[1]);
            issue.setType(CheckType.FAST);
            issue.setSyntaxError(d instanceof XtextSyntaxDiagnostic);
            acceptor.accept(issue);
        }
    }

    /** The line and column (from 1) of {@code offset}, lines ending in LF, CRLF or a lone CR. */
    private static int[] lineAndColumn(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, offset - lineStart + 1};
    }
}
