package org.pt.dsl.model;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.validation.ValidationMessageAcceptor;

/**
 * A place in the AST a diagnostic is put on: an object, optionally one of its features and, for a many-valued
 * feature, the index of the value (the token). A null feature means the whole object.
 */
public record Located(EObject object, EStructuralFeature feature, int index) {

    public static Located at(EObject object, EStructuralFeature feature) {
        return new Located(object, feature, ValidationMessageAcceptor.INSIGNIFICANT_INDEX);
    }

    public static Located whole(EObject object) {
        return new Located(object, null, ValidationMessageAcceptor.INSIGNIFICANT_INDEX);
    }
}
