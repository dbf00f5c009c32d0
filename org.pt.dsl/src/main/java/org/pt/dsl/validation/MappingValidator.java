package org.pt.dsl.validation;

import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.pt.dsl.pt.Compact;
import org.pt.dsl.pt.MapStatement;
import org.pt.dsl.pt.Protect;
import org.pt.dsl.pt.Share;
import org.pt.dsl.pt.Space;
import org.pt.dsl.pt.Unmap;

/**
 * Spaces and their map, unmap, protect, compact and share statements: forms, attributes, page policies, and the
 * engine's mapping, sharing and hazard findings ({@code MappingChecks}, {@code SharingChecks}, {@code Hazards}) and
 * their events ({@code report events}).
 */
public class MappingValidator extends AbstractPtSubValidator {

    @Check(CheckType.FAST)
    public void translation(Space s) {
        reportTranslation(s);
    }

    @Check(CheckType.NORMAL)
    public void findings(Space s) {
        reportFindings(s);
    }

    @Check(CheckType.FAST)
    public void translation(MapStatement m) {
        reportTranslation(m);
    }

    @Check(CheckType.NORMAL)
    public void findings(MapStatement m) {
        reportFindings(m);
    }

    @Check(CheckType.FAST)
    public void translation(Unmap u) {
        reportTranslation(u);
    }

    @Check(CheckType.NORMAL)
    public void findings(Unmap u) {
        reportFindings(u);
    }

    @Check(CheckType.FAST)
    public void translation(Protect p) {
        reportTranslation(p);
    }

    @Check(CheckType.NORMAL)
    public void findings(Protect p) {
        reportFindings(p);
    }

    @Check(CheckType.NORMAL)
    public void findings(Compact c) {
        reportFindings(c);
    }

    @Check(CheckType.FAST)
    public void translation(Share s) {
        reportTranslation(s);
    }

    @Check(CheckType.NORMAL)
    public void findings(Share s) {
        reportFindings(s);
    }
}
