package org.pt.dsl.validation;

import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.pt.dsl.pt.Layout;

/** Layouts and their regions: purposes, placements, overlaps, canonical form (engine: {@code LayoutChecks}). */
public class LayoutValidator extends AbstractPtSubValidator {

    @Check(CheckType.FAST)
    public void translation(Layout l) {
        reportTranslation(l);
    }

    @Check(CheckType.NORMAL)
    public void findings(Layout l) {
        reportFindings(l);
    }
}
