package org.pt.dsl.model;

import com.google.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import java.util.Optional;
import java.util.OptionalLong;
import org.pt.dsl.pt.Generate;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.analysis.Subject;
import org.pt.engine.model.Output;
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

    private static final PtPackage PT = PtPackage.eINSTANCE;

    @Inject
    private IQualifiedNameProvider qualifiedNames;

    public Translation translate(Resource resource) {
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model model)) {
            return Translation.empty();
        }
        Context cx = new Context(model, qualifiedNames);
        Elements e = cx.elements;
        MachineTranslator machines = new MachineTranslator(cx);
        e.inExtensionOrder(m -> machines.translate(m).ifPresent(x -> cx.machines.put(m, x)));
        LayoutTranslator layouts = new LayoutTranslator(cx);
        e.layouts.forEach(l -> layouts.translate(l).ifPresent(x -> cx.layouts.put(l, x)));
        StatementTranslator statements = new StatementTranslator(cx);
        SpaceTranslator spaces = new SpaceTranslator(cx, statements);
        e.inSharingOrder((s, path) -> spaces.translate(s, path).ifPresent(x -> cx.spaces.put(s, x)));
        statements.dropUnansweredReaches();
        List<Output> outputs = outputs(model, cx);
        List<SpecIssue> issues = new ArrayList<>();
        for (SpecIssue i : cx.problems.issues()) {
            if (!Brokenness.inSyntaxError(i.at().object())) {
                issues.add(i);
            }
        }
        SystemModel translated = new SystemModel(inOrder(e.machines, cx.machines), inOrder(e.layouts, cx.layouts),
                inOrder(e.spaces, cx.spaces), outputs);
        return new Translation(translated, cx.trace.build(), issues);
    }

    /**
     * The file's {@code generate} directives whose form is known and whose spaces are translated, numbered in file
     * order; the others are left out (their form, spaces or address have diagnostics of their own).
     */
    private static List<Output> outputs(Model model, Context cx) {
        List<Output> out = new ArrayList<>();
        int index = 0;
        for (EObject e : model.getElements()) {
            if (!(e instanceof Generate g)) {
                continue;
            }
            int i = index++;
            cx.trace.put(Subject.OutputRef.directive(i), Located.at(g, PT.getGenerate_Kind()));
            cx.trace.put(Subject.OutputRef.address(i), g.getBase() != null ? Located.at(g, PT.getGenerate_Base())
                    : Located.at(g, PT.getGenerate_Kind()));
            Optional<Output.Kind> kind = Output.Kind.of(g.getKind());
            List<String> spaces = new ArrayList<>();
            boolean ok = kind.isPresent();
            for (int k = 0; k < g.getSpaces().size(); k++) {
                org.pt.dsl.pt.Space s = g.getSpaces().get(k);
                cx.trace.put(Subject.OutputRef.space(i, k), new Located(g, PT.getGenerate_Spaces(), k));
                if (cx.usable(s, g, PT.getGenerate_Spaces(), "space", "output '" + g.getKind() + "'")) {
                    spaces.add(cx.spaces.get(s).name());
                } else {
                    ok = false;
                }
            }
            OptionalLong at = OptionalLong.empty();
            if (g.getBase() != null) {
                at = cx.numbers.address(g.getBase());
                ok &= at.isPresent();
            }
            if (ok && !spaces.isEmpty() && !Brokenness.inSyntaxError(g)) {
                out.add(new Output(i, kind.get(), spaces, at, Optional.ofNullable(g.getFile())));
            }
        }
        return out;
    }

    /** The translated ones of {@code asts}, in their order. */
    private static <T> List<T> inOrder(List<? extends EObject> asts, Map<EObject, T> translated) {
        return asts.stream().map(translated::get).filter(x -> x != null).toList();
    }
}
