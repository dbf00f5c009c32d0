package org.pt.dsl.scoping;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.impl.DefaultResourceDescriptionStrategy;
import org.eclipse.xtext.util.IAcceptor;
import org.pt.dsl.pt.Model;

/**
 * What a file exports to the files that import it: its machines, layouts and spaces (the elements with a
 * {@link PtQualifiedNameProvider qualified name}). Does not descend below them: a spec with thousands of mappings is
 * described by looking at its top-level elements only.
 */
public class PtResourceDescriptionStrategy extends DefaultResourceDescriptionStrategy {

    @Override
    public boolean createEObjectDescriptions(EObject object, IAcceptor<IEObjectDescription> acceptor) {
        super.createEObjectDescriptions(object, acceptor);
        return object instanceof Model;
    }
}
