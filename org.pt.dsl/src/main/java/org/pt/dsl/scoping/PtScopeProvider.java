package org.pt.dsl.scoping;

import com.google.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.EObjectDescription;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.Scopes;
import org.eclipse.xtext.scoping.impl.SimpleScope;
import org.eclipse.xtext.util.IResourceScopeCache;
import org.eclipse.xtext.util.Tuples;
import org.pt.dsl.pt.Element;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Space;

/**
 * Scopes of the cross-references.
 *
 * <ul>
 * <li>Machines, layouts and spaces ({@code layout l for pc}, {@code space s uses l}, {@code share kernel half with s},
 * {@code reach ... from s}, {@code generate ... for s}): the file's own elements by simple and by qualified name, then
 * the elements of the imported files ({@link PtGlobalScopeProvider}). A local element shadows an imported one of the
 * same name; {@link ImportValidator} reports the clash.</li>
 * <li>Regions ({@code tables via recursive self_map}, {@code map kernel ...}, {@code map all ram into direct_map}):
 * the regions of the layout the enclosing space uses, by name; nothing while that layout is unresolved.</li>
 * </ul>
 */
public class PtScopeProvider extends AbstractPtScopeProvider {

    /** The kinds of element that files export and references name by (qualified) name. */
    public static final List<EClass> NAMED_ELEMENTS = List.of(PtPackage.Literals.MACHINE, PtPackage.Literals.LAYOUT,
            PtPackage.Literals.SPACE);

    private static final String REGIONS = PtScopeProvider.class.getName() + ".regions";
    private static final String TOP_LEVEL = PtScopeProvider.class.getName() + ".topLevel";

    @Inject
    private PtGlobalScopeProvider global;

    @Inject
    private PtQualifiedNameProvider names;

    @Inject
    private IResourceScopeCache cache;

    @Override
    public IScope getScope(EObject context, EReference reference) {
        EClass type = reference.getEReferenceType();
        if (type == PtPackage.Literals.REGION) {
            Layout layout = layoutOf(context);
            return layout == null ? IScope.NULLSCOPE : regions(layout);
        }
        if (NAMED_ELEMENTS.contains(type)) {
            return topLevel(context.eResource(), reference);
        }
        return super.getScope(context, reference);
    }

    /** The layout whose regions a region reference in {@code context} names, null when it is not known. */
    public static Layout layoutOf(EObject context) {
        Space space = EcoreUtil2.getContainerOfType(context, Space.class);
        if (space == null) {
            return null;
        }
        Layout layout = space.getLayout();
        return layout == null || layout.eIsProxy() ? null : layout;
    }

    private IScope regions(Layout layout) {
        Resource resource = layout.eResource();
        if (resource == null) {
            return Scopes.scopeFor(layout.getRegions());
        }
        return cache.get(Tuples.pair(REGIONS, layout), resource, () -> Scopes.scopeFor(layout.getRegions()));
    }

    private IScope topLevel(Resource resource, EReference reference) {
        IScope imported = global.getScope(resource, reference, null);
        EClass type = reference.getEReferenceType();
        // the file's own elements, listed once per resource state (dropped on any change of it, as the regions'
        // scope): 3,000 spaces that each share with the one before would otherwise list 3,000 elements 3,000 times.
        // The imported part is not kept here: a rename in another file changes it without changing this one.
        List<IEObjectDescription> local = resource == null ? local(null, type)
                : cache.get(Tuples.pair(TOP_LEVEL, type), resource, () -> local(resource, type));
        return local.isEmpty() ? imported : new SimpleScope(imported, local, false);
    }

    /** The elements of {@code type} of the file, by simple and (in a package) by qualified name. */
    private List<IEObjectDescription> local(Resource resource, EClass type) {
        Model model = Imports.model(resource);
        if (model == null) {
            return List.of();
        }
        QualifiedName pkg = names.packageOf(model);
        List<IEObjectDescription> local = new ArrayList<>();
        for (Element element : model.getElements()) {
            if (type.isInstance(element)) {
                QualifiedName name = names.getFullyQualifiedName(element);
                if (name != null) {
                    local.add(EObjectDescription.create(name.getLastSegment(), element));
                    if (pkg != null) {
                        local.add(EObjectDescription.create(name, element));
                    }
                }
            }
        }
        return local;
    }
}
