package org.pt.dsl.ide.rename;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.IResourceDescriptions;
import org.pt.dsl.pt.Attribute;
import org.pt.dsl.pt.Element;
import org.pt.dsl.pt.FormatDecl;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Machine;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.Region;
import org.pt.dsl.pt.Space;
import org.pt.dsl.scoping.PtQualifiedNameProvider;
import org.pt.dsl.scoping.StandardLibrary;
import org.pt.dsl.services.PtGrammarAccess;

/**
 * What may be renamed, and to what: the names a PT file declares (machines, layouts, regions and spaces), outside
 * the standard library, to an identifier that is not one of PT's keywords and that no other element of the same kind
 * already has where the renamed one is seen. A refusal is an LSP error with a message for the user; the rename then
 * changes nothing.
 */
@Singleton
public class RenameRules {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @Inject
    private PtQualifiedNameProvider names;

    private static final Pattern PACKAGE = Pattern.compile(IDENTIFIER.pattern() + "(\\." + IDENTIFIER.pattern() + ")*");

    private final Set<String> reserved = new TreeSet<>();

    @Inject
    void keywords(PtGrammarAccess grammar) {
        reserved.addAll(GrammarUtil.getAllKeywords(grammar.getGrammar()));
        for (Keyword allowed : GrammarUtil.containedKeywords(grammar.getValidIDRule())) {
            reserved.remove(allowed.getValue());
        }
    }

    /** Whether {@code element} is one of the declarations a rename may change. */
    public static boolean renamable(EObject element) {
        return element instanceof Machine || element instanceof Layout || element instanceof Region
                || element instanceof Space;
    }

    /** Why {@code element} cannot be renamed to {@code newName} in {@code index}; empty when it can. */
    public Optional<ResponseError> refusal(EObject element, String newName, IResourceDescriptions index) {
        Optional<ResponseError> refused = refusal(element);
        if (refused.isPresent()) {
            return refused;
        }
        String kind = kind(element);
        if (newName == null || !IDENTIFIER.matcher(newName).matches()) {
            return invalid("'" + newName + "' is not a name: a name is a letter or '_' followed by letters, digits"
                    + " and '_'");
        }
        if (reserved.contains(newName)) {
            return invalid("'" + newName + "' is a keyword of PT and cannot name " + kind);
        }
        if (newName.equals(nameOf(element))) {
            return Optional.empty();
        }
        return clash(element, kind, newName, index);
    }

    /**
     * Why {@code newName} cannot name a package: it is not identifiers joined by dots ({@code lab.x86}), or one of
     * them is a keyword; empty when it can.
     */
    public Optional<ResponseError> packageRefusal(String newName) {
        if (newName == null || !PACKAGE.matcher(newName).matches()) {
            return invalid("'" + newName + "' is not a package name: a package name is names joined by '.', each a"
                    + " letter or '_' followed by letters, digits and '_'");
        }
        for (String segment : newName.split("\\.")) {
            if (reserved.contains(segment)) {
                return invalid("'" + segment + "' is a keyword of PT and cannot be part of a package name");
            }
        }
        return Optional.empty();
    }

    /** Why {@code element} cannot be renamed at all (whatever the new name); empty when it can. */
    public Optional<ResponseError> refusal(EObject element) {
        String kind = kind(element);
        if (!renamable(element)) {
            return failed(element instanceof Model
                    ? "A package is renamed from its name: on its package line or in a qualified reference"
                    : "'" + nameOf(element) + "' is " + kind + " known to PT, not a name declared in this file: only"
                            + " machines, layouts, regions and spaces can be renamed");
        }
        Optional<String> library = element.eResource() == null ? Optional.empty()
                : StandardLibrary.pathOf(element.eResource().getURI());
        if (library.isPresent()) {
            return failed("'" + nameOf(element) + "' is declared in the standard library (" + library.get()
                    + ", a read-only copy) and cannot be renamed");
        }
        return Optional.empty();
    }

    private Optional<ResponseError> clash(EObject element, String kind, String newName, IResourceDescriptions index) {
        if (element instanceof Region region) {
            Layout layout = (Layout) region.eContainer();
            for (Region other : layout.getRegions()) {
                if (newName.equals(other.getName())) {
                    return failed("layout '" + layout.getName() + "' already has a region named '" + newName + "'");
                }
            }
            return Optional.empty();
        }
        Model model = (Model) element.eContainer();
        for (Element other : model.getElements()) {
            if (other.eClass() == element.eClass() && newName.equals(nameOf(other))) {
                return failed("this file already has " + kind + " named '" + newName + "'");
            }
        }
        QualifiedName pkg = names.packageOf(model);
        QualifiedName renamed = pkg == null ? QualifiedName.create(newName) : pkg.append(newName);
        for (IEObjectDescription other : index.getExportedObjects(element.eClass(), renamed, false)) {
            if (!other.getEObjectURI().equals(EcoreUtil.getURI(element))) {
                return failed("'" + renamed + "' already names " + kind + " in "
                        + other.getEObjectURI().trimFragment().lastSegment());
            }
        }
        return Optional.empty();
    }

    private static String kind(EObject element) {
        return switch (element) {
            case Machine m -> "a machine";
            case Layout l -> "a layout";
            case Region r -> "a region";
            case Space s -> "a space";
            case FormatDecl f -> "a format";
            case Attribute a -> "an attribute";
            case Model m -> "a package";
            default -> "a word";
        };
    }

    private static String nameOf(EObject element) {
        Object name = element.eClass().getEStructuralFeature("name") == null ? null
                : element.eGet(element.eClass().getEStructuralFeature("name"));
        return String.valueOf(name);
    }

    private static Optional<ResponseError> failed(String message) {
        return Optional.of(new ResponseError(ResponseErrorCode.RequestFailed, message, null));
    }

    private static Optional<ResponseError> invalid(String message) {
        return Optional.of(new ResponseError(ResponseErrorCode.InvalidParams, message, null));
    }
}
