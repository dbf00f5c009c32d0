package org.pt.dsl.validation;

import java.util.HashSet;
import java.util.Set;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Region;

/**
 * Layouts and their regions: unique region names (form), purposes and placements (translation), overlaps and
 * canonical form (engine: {@code LayoutChecks}).
 */
public class LayoutValidator extends AbstractPtSubValidator {

    @Check(CheckType.FAST)
    public void translation(Layout l) {
        reportTranslation(l);
    }

    @Check(CheckType.NORMAL)
    public void findings(Layout l) {
        reportFindings(l);
    }

    /** Two regions of one layout with one name: the later is reported. */
    @Check(CheckType.FAST)
    public void regionNamesUnique(Layout l) {
        Set<String> seen = new HashSet<>();
        for (Region r : l.getRegions()) {
            String name = r.getName() == null ? "" : r.getName();
            if (!seen.add(name)) {
                formError("layout '" + l.getName() + "' already has a region '" + name + "'", r,
                        PtPackage.Literals.REGION__NAME, IssueCodes.DUPLICATE_NAME);
            }
        }
    }
}
