package org.pt.dsl.validation;

import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Recursive;
import org.pt.dsl.pt.Space;
import org.pt.dsl.pt.StrategyDecl;

/**
 * A space's strategy for reaching its page tables: one {@code tables via}, a foreign slot that is a slot number (form),
 * and the engine's resolution and verification ({@code StrategyChecks}, {@code StrategySetup}).
 */
public class StrategyValidator extends AbstractPtSubValidator {

    @Check(CheckType.FAST)
    public void translation(StrategyDecl d) {
        reportTranslation(d);
    }

    @Check(CheckType.NORMAL)
    public void findings(StrategyDecl d) {
        reportFindings(d);
    }

    /** A second {@code tables via} in a space is reported. */
    @Check(CheckType.FAST)
    public void oneStrategy(Space s) {
        givenOnce(s, StrategyDecl.class, "tables via");
    }

    @Check(CheckType.FAST)
    public void foreignSlot(Recursive r) {
        long slot = r.getForeignSlot();
        if (Long.compareUnsigned(slot, Integer.MAX_VALUE) > 0) {
            formError("foreign slot " + Long.toUnsignedString(slot) + " is out of range", r,
                    PtPackage.Literals.RECURSIVE__FOREIGN_SLOT, IssueCodes.SLOT_OUT_OF_RANGE);
        }
    }
}
