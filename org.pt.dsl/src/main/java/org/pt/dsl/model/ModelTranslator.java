package org.pt.dsl.model;

import com.google.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.pt.dsl.pt.Model;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.analysis.Subject;
import org.pt.engine.model.SystemModel;

/**
 * Turns a resource, and the machines, layouts and spaces it references in other resources ({@link Elements}), into the
 * engine's {@link SystemModel}, with the {@link Trace} between engine {@link Subject}s and the AST and the problems
 * found on the way: machines ({@link MachineTranslator}), layouts ({@link LayoutTranslator}), spaces
 * ({@link SpaceTranslator}, {@link StatementTranslator}), in that order.
 *
 * <p>An element (machine, layout, space) with an error of its own, a malformed part (which the validators report), a
 * syntax or linking error inside it ({@link Brokenness}), or a dependency that is not translated is left out of the
 * model: the engine never sees half an element. When the dependency lives in another file, the reference gets
 * {@link IssueCodes#DEPENDENCY_HAS_ERRORS}; in the same file the dependency's own errors say it all. Nothing is said
 * about a line with a syntax error.
 */
public class ModelTranslator {

    @Inject
    private IQualifiedNameProvider qualifiedNames;

    public Translation translate(Resource resource) {
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model model)) {
            return Translation.empty();
        }
        Context cx = new Context(model, qualifiedNames);
        Elements e = cx.elements;
        MachineTranslator machines = new MachineTranslator(cx);
        e.machines.forEach(m -> machines.translate(m).ifPresent(x -> cx.machines.put(m, x)));
        LayoutTranslator layouts = new LayoutTranslator(cx);
        e.layouts.forEach(l -> layouts.translate(l).ifPresent(x -> cx.layouts.put(l, x)));
        StatementTranslator statements = new StatementTranslator(cx);
        SpaceTranslator spaces = new SpaceTranslator(cx, statements);
        e.inSharingOrder((s, path) -> spaces.translate(s, path).ifPresent(x -> cx.spaces.put(s, x)));
        statements.dropUnansweredReaches();
        List<SpecIssue> issues = new ArrayList<>();
        for (SpecIssue i : cx.problems.issues()) {
            if (!Brokenness.inSyntaxError(i.at().object())) {
                issues.add(i);
            }
        }
        SystemModel translated = new SystemModel(inOrder(e.machines, cx.machines), inOrder(e.layouts, cx.layouts),
                inOrder(e.spaces, cx.spaces));
        return new Translation(translated, cx.trace.build(), issues);
    }

    /** The translated ones of {@code asts}, in their order. */
    private static <T> List<T> inOrder(List<? extends EObject> asts, Map<EObject, T> translated) {
        return asts.stream().map(translated::get).filter(x -> x != null).toList();
    }
}
