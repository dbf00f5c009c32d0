package org.pt.dsl.validation;

import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.pt.dsl.pt.Decode;
import org.pt.dsl.pt.Reach;
import org.pt.dsl.pt.Report;
import org.pt.dsl.pt.Walk;

/**
 * Walk, reach, report and decode queries: their results as info diagnostics on the statement (the message carries the
 * trace or the decoded fields), a failed expectation as an error with expected and actual, a rejected value as a
 * warning.
 */
public class QueryValidator extends AbstractPtSubValidator {

    @Check(CheckType.FAST)
    public void translation(Walk w) {
        reportTranslation(w);
    }

    @Check(CheckType.NORMAL)
    public void findings(Walk w) {
        reportFindings(w);
    }

    @Check(CheckType.FAST)
    public void translation(Reach r) {
        reportTranslation(r);
    }

    @Check(CheckType.NORMAL)
    public void findings(Reach r) {
        reportFindings(r);
    }

    @Check(CheckType.FAST)
    public void translation(Report r) {
        reportTranslation(r);
    }

    @Check(CheckType.NORMAL)
    public void findings(Report r) {
        reportFindings(r);
    }

    @Check(CheckType.FAST)
    public void translation(Decode d) {
        reportTranslation(d);
    }

    @Check(CheckType.NORMAL)
    public void findings(Decode d) {
        reportFindings(d);
    }
}
