package org.pt.dsl.validation;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.IAcceptor;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.CheckType;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.ResourceValidatorImpl;

/**
 * Xtext's resource validation, plus a note on a file with nothing in it (no root object is parsed from an empty file
 * or one of only comments, so no {@code @Check} method could say so): {@link IssueCodes#EMPTY_FILE} at offset 0.
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
}
