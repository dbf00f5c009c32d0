package org.pt.dsl.scoping;

import com.google.common.collect.Iterables;
import com.google.inject.Inject;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IDefaultResourceDescriptionStrategy;
import org.eclipse.xtext.resource.IResourceDescription;
import org.eclipse.xtext.resource.IResourceDescriptions;
import org.eclipse.xtext.resource.impl.DefaultResourceDescription;
import org.eclipse.xtext.resource.impl.DefaultResourceDescriptionManager;

/**
 * Describes a file with the files it imports, so that the builder re-checks it when one of them changes in any way.
 *
 * <p>A file's findings depend on the whole content of the files it imports (a machine's table pool decides where a
 * walk ends), not only on the names they export, which Xtext's default affectedness check compares. So each import
 * target (found or missing) is recorded among the description's imported names as a marker, and a file is affected by
 * any change to, creation or deletion of a file it imports ({@link AllChangeAware}: also changes that leave the
 * exported names alone).
 */
public class PtResourceDescriptionManager extends DefaultResourceDescriptionManager
        implements IResourceDescription.Manager.AllChangeAware {

    /** The first segment of the imported-name markers: not a PT name, so no real reference can equal a marker. */
    private static final String IMPORT_MARKER = " import";

    @Inject
    private Imports imports;

    @Override
    protected IResourceDescription internalGetResourceDescription(Resource resource,
            IDefaultResourceDescriptionStrategy strategy) {
        return new DefaultResourceDescription(resource, strategy, getCache()) {
            @Override
            public Iterable<QualifiedName> getImportedNames() {
                return Iterables.concat(super.getImportedNames(), importMarkers(resource));
            }
        };
    }

    private List<QualifiedName> importMarkers(Resource resource) {
        return imports.targets(resource).stream().map(target -> switch (target) {
            case Imports.Found found -> marker(found.uri());
            case Imports.Missing missing -> marker(missing.lookedAt());
            default -> null;
        }).filter(m -> m != null).toList();
    }

    private static QualifiedName marker(URI uri) {
        return QualifiedName.create(IMPORT_MARKER, uri.toString());
    }

    @Override
    public boolean isAffectedByAny(Collection<IResourceDescription.Delta> deltas, IResourceDescription candidate,
            IResourceDescriptions context) {
        Set<QualifiedName> imported = new HashSet<>();
        candidate.getImportedNames().forEach(imported::add);
        for (IResourceDescription.Delta delta : deltas) {
            if (imported.contains(marker(delta.getUri()))) {
                return true;
            }
        }
        return isAffected(deltas, candidate, context);
    }
}
