package org.pt.dsl.model;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.pt.dsl.pt.Model;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Region;
import org.pt.engine.model.SpaceSpec;

/** The state one translation shares among its parts: the elements, problems, trace and what is translated so far. */
final class Context {
    final Problems problems = new Problems();
    final Numbers numbers = new Numbers(problems);
    final Brokenness brokenness = new Brokenness(problems);
    final Trace.Builder trace = new Trace.Builder();
    final Elements elements;

    final Map<EObject, Machine> machines = new IdentityHashMap<>();
    final Map<EObject, Layout> layouts = new IdentityHashMap<>();
    /** Per layout AST: its regions as translated (slot regions included), by region AST. */
    final Map<EObject, Map<EObject, Region>> regions = new IdentityHashMap<>();
    final Map<EObject, SpaceSpec> spaces = new IdentityHashMap<>();

    Context(Model model, IQualifiedNameProvider qualifiedNames) {
        elements = new Elements(model, qualifiedNames, problems);
    }

    /**
     * Whether the element {@code from} may use {@code dependency} (of {@code kind} machine, layout or space): not when
     * it is a proxy (a linking error reported at the reference) or not translated. A dependency in another file that
     * is not translated is reported at the reference.
     */
    boolean usable(EObject dependency, EObject from, EStructuralFeature reference, String kind, String what) {
        if (dependency == null || dependency.eIsProxy()) {
            problems.breakSilently(from);
            return false;
        }
        boolean ok = switch (kind) {
            case "machine" -> machines.containsKey(dependency);
            case "layout" -> layouts.containsKey(dependency);
            default -> spaces.containsKey(dependency);
        };
        if (ok) {
            return true;
        }
        if (dependency.eResource() != from.eResource() && !problems.isBroken(from)) {
            problems.error(Located.at(from, reference), IssueCodes.DEPENDENCY_HAS_ERRORS, kind + " '"
                    + Elements.simpleName(dependency) + "' in " + fileOf(dependency) + " has errors (or uses something "
                    + "that has), so " + what + " is not analysed");
        } else {
            problems.breakSilently(from);
        }
        return false;
    }

    /** The name of region {@code r}; empty when it does not resolve (a linking error), which breaks {@code user}. */
    Optional<String> regionName(org.pt.dsl.pt.Region r, EObject user) {
        if (r == null || r.eIsProxy()) {
            problems.breakSilently(user);
            return Optional.empty();
        }
        return Optional.ofNullable(r.getName());
    }

    static String fileOf(EObject e) {
        return e.eResource() == null ? "another file" : e.eResource().getURI().lastSegment();
    }
}
