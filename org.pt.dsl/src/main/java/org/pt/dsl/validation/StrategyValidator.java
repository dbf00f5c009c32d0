package org.pt.dsl.validation;

import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.pt.dsl.pt.StrategyDecl;

/** A space's strategy for reaching its page tables (engine: {@code StrategyChecks}, {@code StrategySetup}). */
public class StrategyValidator extends AbstractPtSubValidator {

    @Check(CheckType.FAST)
    public void translation(StrategyDecl d) {
        reportTranslation(d);
    }

    @Check(CheckType.NORMAL)
    public void findings(StrategyDecl d) {
        reportFindings(d);
    }
}
