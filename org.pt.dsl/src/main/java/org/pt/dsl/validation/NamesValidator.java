package org.pt.dsl.validation;

import com.google.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.pt.dsl.pt.Element;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Machine;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Space;

/**
 * Names of machines, layouts and spaces: unique by qualified name among the elements of one kind in a file. Across
 * files (a name defined here and in an imported file) is the import check's ({@code ImportValidator}); region names
 * are checked per layout by the layout validator.
 */
public class NamesValidator extends AbstractPtSubValidator {

    @Inject
    private IQualifiedNameProvider qualifiedNames;

    /** Two elements of a kind with one qualified name in this file: the later is reported. */
    @Check(CheckType.FAST)
    public void uniqueInFile(Model model) {
        Map<String, EObject> seen = new HashMap<>();
        for (Element e : model.getElements()) {
            String kind = kind(e);
            QualifiedName q = kind == null ? null : qualifiedNames.getFullyQualifiedName(e);
            if (q == null) {
                continue;
            }
            if (seen.putIfAbsent(kind + " " + q, e) != null) {
                error(kind + " '" + q + "' is defined twice in this file", e, nameOf(e), IssueCodes.DUPLICATE_NAME);
            }
        }
    }

    private static String kind(EObject e) {
        return e instanceof Machine ? "machine" : e instanceof Layout ? "layout" : e instanceof Space ? "space" : null;
    }

    private static EStructuralFeature nameOf(EObject e) {
        return e instanceof Machine ? PtPackage.Literals.MACHINE__NAME
                : e instanceof Layout ? PtPackage.Literals.LAYOUT__NAME : PtPackage.Literals.SPACE__NAME;
    }
}
