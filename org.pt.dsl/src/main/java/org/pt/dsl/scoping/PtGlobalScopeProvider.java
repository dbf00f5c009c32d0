package org.pt.dsl.scoping;

import com.google.common.base.Predicate;
import com.google.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.EObjectDescription;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.IResourceDescription;
import org.eclipse.xtext.scoping.IGlobalScopeProvider;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.impl.SimpleScope;

/**
 * Global scope: the machines, layouts and spaces of the files a file imports ({@code import "lib/pc.ptl"}, relative to
 * the importing file, or {@code import "std/pc-x86_64.ptl"} from the {@link StandardLibrary}). Imports are not
 * transitive.
 *
 * <p>Every imported element is visible by its qualified name ({@code std.pc_x86_64}); an element of the importing
 * file's own package (or of no package when the importing file has none) also by its simple name. When two imported
 * files define the same name, the first import wins here and {@link ImportValidator} reports the clash.
 */
public class PtGlobalScopeProvider implements IGlobalScopeProvider {

    @Inject
    private Imports imports;

    @Inject
    private IResourceDescription.Manager descriptions;

    @Inject
    private PtQualifiedNameProvider names;

    @Override
    public IScope getScope(Resource context, EReference reference, Predicate<IEObjectDescription> filter) {
        List<IEObjectDescription> visible = visible(context, reference.getEReferenceType());
        if (filter != null) {
            visible.removeIf(d -> !filter.apply(d));
        }
        return visible.isEmpty() ? IScope.NULLSCOPE : new SimpleScope(IScope.NULLSCOPE, visible, false);
    }

    /**
     * The imported elements of a type, under each name they are visible by, in import order; an element's simple name
     * before its qualified one, so that a rename rewrites a reference to an element of the file's own package with the simple name.
     */
    public List<IEObjectDescription> visible(Resource context, EClass type) {
        QualifiedName ownPackage = names.packageOf(Imports.model(context));
        List<IEObjectDescription> out = new ArrayList<>();
        for (Resource imported : imports.importedResources(context)) {
            for (IEObjectDescription d : exported(imported, type)) {
                QualifiedName name = d.getName();
                if (ownPackage != null && name.getSegmentCount() == ownPackage.getSegmentCount() + 1
                        && name.startsWith(ownPackage)) {
                    out.add(EObjectDescription.create(name.getLastSegment(), d.getEObjectOrProxy()));
                }
                out.add(d);
            }
        }
        return out;
    }

    /** The elements of a type that a loaded file exports, by qualified name. */
    public Iterable<IEObjectDescription> exported(Resource resource, EClass type) {
        return descriptions.getResourceDescription(resource).getExportedObjectsByType(type);
    }
}
