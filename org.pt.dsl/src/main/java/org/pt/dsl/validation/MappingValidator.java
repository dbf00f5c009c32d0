package org.pt.dsl.validation;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.pt.dsl.pt.Expr;
import org.pt.dsl.pt.AddressTarget;
import org.pt.dsl.pt.AllRamTarget;
import org.pt.dsl.pt.Compact;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.MapStatement;
import org.pt.dsl.pt.Protect;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Region;
import org.pt.dsl.pt.RegionTarget;
import org.pt.dsl.pt.RootAt;
import org.pt.dsl.pt.Share;
import org.pt.dsl.pt.Space;
import org.pt.dsl.pt.Statement;
import org.pt.dsl.pt.Target;
import org.pt.dsl.pt.Unmap;

/**
 * Spaces and their map, unmap, protect, compact and share statements: forms (a source, one end, all RAM only mapped,
 * a region of the space's layout, one share), attributes and page policies (translation), the engine's mapping,
 * sharing and hazard findings ({@code MappingChecks}, {@code SharingChecks}, {@code Hazards}) and the statements'
 * events ({@code report events}).
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

    @Check(CheckType.FAST)
    public void translation(RootAt r) {
        reportTranslation(r);
    }

    /** A pinned root the engine refused ({@code pt.root_misplaced}) is reported on its address. */
    @Check(CheckType.NORMAL)
    public void findings(RootAt r) {
        reportFindings(r);
    }

    /** A second {@code share kernel half with} (or {@code root at}) in a space is reported. */
    @Check(CheckType.FAST)
    public void oneShare(Space s) {
        givenOnce(s, Share.class, "share kernel half with");
        givenOnce(s, RootAt.class, "root at");
    }

    /** {@code map all ram into R} takes range and source from the machine; other maps need a source and one end. */
    @Check(CheckType.FAST)
    public void mapForm(MapStatement m) {
        if (m.getTarget() instanceof AllRamTarget ar) {
            String into = "'all ram into " + (ar.getRegion() != null && !ar.getRegion().eIsProxy()
                    ? ar.getRegion().getName() : "...") + "'";
            if (m.getLast() != null) {
                formError("'..=' cannot follow " + into + ": all RAM takes its addresses from the machine's RAM", m,
                        PtPackage.Literals.MAP_STATEMENT__LAST, IssueCodes.INCLUSIVE_END_NEEDS_ADDRESS);
            }
            for (EStructuralFeature size : new EStructuralFeature[] {PtPackage.Literals.MAP_STATEMENT__SIZE,
                    PtPackage.Literals.MAP_STATEMENT__TRAILING_SIZE}) {
                if (m.eGet(size) != null) {
                    formError("'map all ram' takes its size from the machine's RAM: remove 'size'", m, size,
                            IssueCodes.ALL_RAM_FORM);
                }
            }
            if (m.getPa() != null) {
                formError("'map all ram' takes its physical addresses from the machine's RAM: remove 'to'", m,
                        PtPackage.Literals.MAP_STATEMENT__PA, IssueCodes.ALL_RAM_FORM);
            }
            if (m.isIdentity()) {
                formError("'map all ram' maps RAM at the region's offset, not identity: remove 'identity'", m,
                        PtPackage.Literals.MAP_STATEMENT__IDENTITY, IssueCodes.ALL_RAM_FORM);
            }
            return;
        }
        if (m.getPa() == null && !m.isIdentity()) {
            formError("a mapping needs a physical source: 'to ADDRESS' or 'identity'", m,
                    PtPackage.Literals.MAP_STATEMENT__TARGET, IssueCodes.SOURCE_MISSING);
        }
        if (m.getTrailingSize() != null && m.getSize() != null) {
            formError("the size of the mapping is given twice", m, PtPackage.Literals.MAP_STATEMENT__TRAILING_SIZE,
                    IssueCodes.GIVEN_TWICE);
            return;
        }
        boolean trailing = m.getTrailingSize() != null;
        targetForm(m, m.getTarget(), m.getLast(), PtPackage.Literals.MAP_STATEMENT__LAST,
                trailing ? m.getTrailingSize() : m.getSize(), trailing ? PtPackage.Literals.MAP_STATEMENT__TRAILING_SIZE
                        : PtPackage.Literals.MAP_STATEMENT__SIZE);
    }

    @Check(CheckType.FAST)
    public void unmapForm(Unmap u) {
        rangeForm(u, "unmap", "unmapped", u.getTarget(), u.getLast(), PtPackage.Literals.UNMAP__LAST, u.getSize(),
                PtPackage.Literals.UNMAP__SIZE);
    }

    @Check(CheckType.FAST)
    public void protectForm(Protect p) {
        rangeForm(p, "protect", "protected", p.getTarget(), p.getLast(), PtPackage.Literals.PROTECT__LAST, p.getSize(),
                PtPackage.Literals.PROTECT__SIZE);
    }

    /** An unmap or protect ({@code verb}, {@code done}) of all RAM is refused; else its target's form is checked. */
    private void rangeForm(Statement st, String verb, String done, Target t, Expr last,
            EStructuralFeature lastFeature, Expr size, EStructuralFeature sizeFeature) {
        if (t instanceof AllRamTarget) {
            formError("'all ram into' can only be mapped, not " + done + ": " + verb + " the region instead", st,
                    st.eClass().getEStructuralFeature("target"), IssueCodes.ALL_RAM_FORM);
            return;
        }
        targetForm(st, t, last, lastFeature, size, sizeFeature);
    }

    /**
     * A region target takes its range from the region (a region of the space's layout; no {@code ..=}); an address
     * target needs a size or an inclusive end, not both.
     */
    private void targetForm(EObject st, Target t, Expr last, EStructuralFeature lastFeature, Expr size,
            EStructuralFeature sizeFeature) {
        if (t instanceof RegionTarget rt) {
            Region r = rt.getRegion();
            if (last != null) {
                String name = r == null || r.eIsProxy() ? "" : r.getName();
                formError("'..=' cannot follow region '" + name + "': a region target takes its range from the region "
                        + "(write 'size' to use part of it)", st, lastFeature, IssueCodes.INCLUSIVE_END_NEEDS_ADDRESS);
                return;
            }
            Layout layout = st.eContainer() instanceof Space s ? s.getLayout() : null;
            if (r != null && !r.eIsProxy() && layout != null && !layout.eIsProxy() && r.eContainer() != layout) {
                formError("region '" + r.getName() + "' is not in layout '" + layout.getName() + "'", t, null,
                        IssueCodes.UNKNOWN_REGION);
            }
        } else if (t instanceof AddressTarget) {
            if (last != null && size != null) {
                formError("the end is given twice: by '..=' and by 'size'", st, sizeFeature, IssueCodes.GIVEN_TWICE);
            } else if (last == null && size == null) {
                formError("a statement on an address needs a size ('size 4 KiB') or an inclusive end ('..= 0x1fff')",
                        st, st.eClass().getEStructuralFeature("target"), IssueCodes.SIZE_MISSING);
            }
        }
    }
}
