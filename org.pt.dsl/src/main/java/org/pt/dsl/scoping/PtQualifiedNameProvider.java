package org.pt.dsl.scoping;

import com.google.inject.Inject;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.naming.IQualifiedNameConverter;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Machine;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.Space;

/**
 * Qualified names: machines, layouts and spaces are named by their file's {@code package} and their own name
 * ({@code package a.b} + {@code machine pc} = {@code a.b.pc}; without a package just {@code pc}). Nothing else has a
 * qualified name, so nothing else is visible to other files (regions are found through their layout).
 */
public class PtQualifiedNameProvider extends IQualifiedNameProvider.AbstractImpl {

    @Inject
    private IQualifiedNameConverter converter;

    @Override
    public QualifiedName getFullyQualifiedName(EObject object) {
        String name = nameOf(object);
        if (name == null || name.isEmpty()) {
            return null;
        }
        QualifiedName pkg = packageOf(EcoreUtil2.getContainerOfType(object, Model.class));
        return pkg == null ? QualifiedName.create(name) : pkg.append(name);
    }

    /** The package of a file, null without a {@code package} header. */
    public QualifiedName packageOf(Model model) {
        if (model == null || model.getName() == null || model.getName().isEmpty()) {
            return null;
        }
        return converter.toQualifiedName(model.getName());
    }

    private static String nameOf(EObject object) {
        if (object instanceof Machine machine) {
            return machine.getName();
        }
        if (object instanceof Layout layout) {
            return layout.getName();
        }
        if (object instanceof Space space) {
            return space.getName();
        }
        return null;
    }
}
