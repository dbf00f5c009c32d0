package org.pt.dsl.scoping;

import com.google.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.util.Tuples;
import org.eclipse.xtext.util.Pair;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.eclipse.xtext.validation.EValidatorRegistrar;
import org.pt.dsl.pt.Element;
import org.pt.dsl.pt.Import;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.validation.IssueCodes;

/**
 * Diagnostics of imports: files that cannot be found or read, import cycles, the same file imported twice, and
 * machines, layouts or spaces that two visible files define under the same qualified name ({@link IssueCodes}
 * {@code MISSING_IMPORT}, {@code INVALID_IMPORT}, {@code IMPORT_CYCLE}, {@code DUPLICATE_IMPORT},
 * {@code DUPLICATE_IMPORTED_NAME}). Composed into {@code PtValidator} ({@code @ComposedChecks}); it registers nothing
 * itself.
 */
public class ImportValidator extends AbstractDeclarativeValidator {

    @Inject
    private Imports imports;

    @Inject
    private PtGlobalScopeProvider global;

    @Inject
    private PtQualifiedNameProvider names;

    @Override
    public void register(EValidatorRegistrar registrar) {
        // composed into PtValidator: registering here would run every check twice
    }

    @Override
    protected List<EPackage> getEPackages() {
        return List.of(PtPackage.eINSTANCE);
    }

    /** Fast: the imported files are resolved (and cached) for linking anyway. */
    @Check(CheckType.FAST)
    public void checkImportsResolve(Model model) {
        List<Imports.Target> targets = imports.targets(model.eResource());
        Map<URI, Integer> seen = new HashMap<>();
        for (int i = 0; i < targets.size() && i < model.getImports().size(); i++) {
            Import imp = model.getImports().get(i);
            Imports.Target target = targets.get(i);
            String path = target.path();
            if (target instanceof Imports.Invalid invalid) {
                error(invalid.why(), imp, PtPackage.Literals.IMPORT__IMPORT_URI, IssueCodes.INVALID_IMPORT);
            } else if (target instanceof Imports.Missing missing) {
                error("cannot find '" + path + "' (looked at " + Imports.location(missing.lookedAt()) + ")", imp,
                        PtPackage.Literals.IMPORT__IMPORT_URI, IssueCodes.MISSING_IMPORT);
            } else if (target instanceof Imports.NotInLibrary) {
                Optional<String> close = closestLibraryFile(path);
                if (close.isPresent()) {
                    error("cannot find '" + path + "' in the standard library; did you mean '" + close.get() + "'?",
                            imp, PtPackage.Literals.IMPORT__IMPORT_URI, IssueCodes.MISSING_IMPORT,
                            "suggestion=" + close.get());
                } else {
                    error("cannot find '" + path + "' in the standard library (it has "
                            + String.join(", ", StandardLibrary.files()) + ")", imp,
                            PtPackage.Literals.IMPORT__IMPORT_URI, IssueCodes.MISSING_IMPORT);
                }
            } else if (target instanceof Imports.Found found) {
                if (found.resource() == null) {
                    error("cannot read '" + path + "' (at " + Imports.location(found.uri()) + ")"
                            + (found.why() == null ? "" : ": " + found.why()), imp,
                            PtPackage.Literals.IMPORT__IMPORT_URI, IssueCodes.MISSING_IMPORT);
                } else if (seen.putIfAbsent(found.uri(), i) != null) {
                    warning("'" + path + "' is already imported", imp, PtPackage.Literals.IMPORT__IMPORT_URI,
                            IssueCodes.DUPLICATE_IMPORT);
                }
            }
        }
    }

    /** The library file whose name is closest to {@code path}'s, comparing the names without folder and extension. */
    private static Optional<String> closestLibraryFile(String path) {
        List<String> stems = StandardLibrary.files().stream().map(ImportValidator::stem).toList();
        return Suggestions.closest(stem(path), stems).map(s -> StandardLibrary.PREFIX + s + "." + Imports.EXTENSION);
    }

    private static String stem(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith("." + Imports.EXTENSION) ? name.substring(0, name.length() - 4) : name;
    }

    /** Normal: reads the imports of other files, transitively. */
    @Check(CheckType.NORMAL)
    public void checkImportCycles(Model model) {
        Resource self = model.eResource();
        List<Imports.Target> targets = imports.targets(self);
        for (int i = 0; i < targets.size() && i < model.getImports().size(); i++) {
            if (!(targets.get(i) instanceof Imports.Found found) || found.resource() == null) {
                continue;
            }
            List<Resource> cycle = pathBack(found.resource(), self);
            if (cycle != null) {
                URI from = self.getURI();
                StringBuilder message = new StringBuilder("import cycle: ").append(Imports.display(from, from));
                for (Resource r : cycle) {
                    message.append(" -> ").append(Imports.display(r.getURI(), from));
                }
                error(message.toString(), model.getImports().get(i), PtPackage.Literals.IMPORT__IMPORT_URI,
                        IssueCodes.IMPORT_CYCLE);
            }
        }
    }

    /** The shortest chain of imports from {@code start} to {@code goal}, both included; null if there is none. */
    private List<Resource> pathBack(Resource start, Resource goal) {
        Map<Resource, Resource> parent = new HashMap<>();
        Deque<Resource> queue = new ArrayDeque<>();
        parent.put(start, null);
        queue.add(start);
        while (!queue.isEmpty()) {
            Resource r = queue.remove();
            if (r == goal) {
                List<Resource> path = new ArrayList<>();
                for (Resource at = r; at != null; at = parent.get(at)) {
                    path.add(at);
                }
                Collections.reverse(path);
                return path;
            }
            for (Resource next : imports.importedResources(r)) {
                if (!parent.containsKey(next)) {
                    parent.put(next, r);
                    queue.add(next);
                }
            }
        }
        return null;
    }

    /** Normal: compares with the contents of other files. */
    @Check(CheckType.NORMAL)
    public void checkNamesAcrossFiles(Model model) {
        Resource self = model.eResource();
        URI from = self.getURI();
        // qualified name and kind -> the file that defines it first, among the imported files
        Map<Pair<EClass, QualifiedName>, Resource> definedBy = new LinkedHashMap<>();
        List<Imports.Target> targets = imports.targets(self);
        Set<Resource> visited = new HashSet<>();
        for (int i = 0; i < targets.size() && i < model.getImports().size(); i++) {
            if (!(targets.get(i) instanceof Imports.Found found) || found.resource() == null
                    || found.resource() == self || !visited.add(found.resource())) {
                continue;
            }
            Resource imported = found.resource();
            for (EClass type : PtScopeProvider.NAMED_ELEMENTS) {
                for (IEObjectDescription d : global.exported(imported, type)) {
                    Pair<EClass, QualifiedName> key = Tuples.pair(type, d.getName());
                    Resource first = definedBy.putIfAbsent(key, imported);
                    if (first != null && first != imported) {
                        String kind = type.getName().toLowerCase(Locale.ROOT);
                        error("duplicate " + kind + " '" + d.getName() + "': defined in both "
                                + Imports.display(first.getURI(), from) + " and "
                                + Imports.display(imported.getURI(), from), model.getImports().get(i),
                                PtPackage.Literals.IMPORT__IMPORT_URI, IssueCodes.DUPLICATE_IMPORTED_NAME,
                                "name=" + d.getName(), "file=" + Imports.display(first.getURI(), from));
                    }
                }
            }
        }
        for (Element element : model.getElements()) {
            QualifiedName name = names.getFullyQualifiedName(element);
            if (name == null) {
                continue;
            }
            Resource other = definedBy.get(Tuples.pair(element.eClass(), name));
            if (other != null) {
                String kind = element.eClass().getName().toLowerCase(Locale.ROOT);
                EStructuralFeature feature = element.eClass().getEStructuralFeature("name");
                error("duplicate " + kind + " '" + name + "': also defined in " + Imports.display(other.getURI(), from),
                        element, feature, IssueCodes.DUPLICATE_IMPORTED_NAME, "name=" + name,
                        "file=" + Imports.display(other.getURI(), from));
            }
        }
    }
}
