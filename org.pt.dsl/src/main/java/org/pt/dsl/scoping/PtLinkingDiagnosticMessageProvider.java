package org.pt.dsl.scoping;

import com.google.inject.Inject;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.DiagnosticMessage;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.linking.impl.IllegalNodeException;
import org.eclipse.xtext.linking.impl.LinkingDiagnosticMessageProvider;
import org.eclipse.xtext.naming.IQualifiedNameConverter;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.IResourceDescriptions;
import org.eclipse.xtext.resource.impl.ResourceDescriptionsProvider;
import org.eclipse.xtext.scoping.IScopeProvider;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.validation.IssueCodes;

/**
 * Messages for names that do not resolve, with PT's own issue codes ({@link IssueCodes#UNKNOWN_REGION} for regions,
 * {@link IssueCodes#UNKNOWN_NAME} for everything else) so that every code lives in one class; the issue data carries
 * what a quick fix needs, as {@code key=value}:
 *
 * <ul>
 * <li>{@code unknown layout 'higer_half'; did you mean 'higher_half'?} with {@code suggestion=higher_half}: a visible
 * name of that kind whose last segment is the name written ({@code pc} suggests {@code std.pc}), else the closest one
 * ({@link Suggestions}); no suggestion and no data when nothing is close.</li>
 * <li>{@code unknown region 'kernal' in layout 'higher_half'; did you mean 'kernel'?}: regions are looked up in the
 * layout of the enclosing space.</li>
 * <li>{@code unknown machine 'pc'; it is defined in machines/pc.ptl, which this file does not import} with
 * {@code import=machines/pc.ptl}: the name is defined in a file that is loaded (checked together, or in the
 * workspace) or in the standard library, but not imported.</li>
 * </ul>
 *
 * <p>No message at all (no cascade) for a region of a space whose layout is itself unresolved, nor for a machine,
 * layout or space of a file with an import that cannot be read (missing, not a {@code .ptl} path, unreadable) or does
 * not parse: the name may be defined in what could not be read, and the import or that file carries the error.
 */
public class PtLinkingDiagnosticMessageProvider extends LinkingDiagnosticMessageProvider {

    /** Issue data key: the closest visible name. */
    public static final String SUGGESTION = "suggestion";
    /** Issue data key: the import path that would make the name visible. */
    public static final String IMPORT = "import";

    @Inject
    private IScopeProvider scopes;

    @Inject
    private Imports imports;

    @Inject
    private ResourceDescriptionsProvider index;

    @Inject
    private IQualifiedNameConverter converter;

    @Override
    public DiagnosticMessage getUnresolvedProxyMessage(ILinkingDiagnosticContext context) {
        EObject owner = context.getContext();
        EReference reference = context.getReference();
        EClass type = reference.getEReferenceType();
        String text = linkText(context);
        String kind = type.getName().toLowerCase(Locale.ROOT);
        String unknown;
        String code = IssueCodes.UNKNOWN_NAME;
        if (type == PtPackage.Literals.REGION) {
            Layout layout = PtScopeProvider.layoutOf(owner);
            if (layout == null) {
                return null;
            }
            unknown = "unknown region '" + text + "' in layout '" + layout.getName() + "'";
            code = IssueCodes.UNKNOWN_REGION;
        } else {
            if (imports.hasIncompleteImport(owner.eResource())) {
                return null;
            }
            unknown = "unknown " + kind + " '" + text + "'";
            Optional<String> file = notImportedFileDefining(owner.eResource(), type, text);
            if (file.isPresent()) {
                return error(code, unknown + "; it is defined in " + file.get() + ", which this file does not import",
                        IMPORT + "=" + file.get());
            }
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (IEObjectDescription d : scopes.getScope(owner, reference).getAllElements()) {
            candidates.add(d.getName().toString());
        }
        Optional<String> suggestion = candidates.stream().filter(c -> c.endsWith("." + text)).findFirst()
                .or(() -> Suggestions.closest(text, candidates));
        if (suggestion.isPresent()) {
            return error(code, unknown + "; did you mean '" + suggestion.get() + "'?", SUGGESTION + "=" + suggestion.get());
        }
        return error(code, unknown);
    }

    private static DiagnosticMessage error(String code, String message, String... data) {
        return new DiagnosticMessage(message, Severity.ERROR, code, data);
    }

    private static String linkText(ILinkingDiagnosticContext context) {
        try {
            return context.getLinkText();
        } catch (IllegalNodeException e) {
            return e.getNode().getText();
        }
    }

    /** A loaded file other than {@code resource}, or a library file, that defines {@code name}: its import path. */
    private Optional<String> notImportedFileDefining(Resource resource, EClass type, String name) {
        QualifiedName qualified;
        try {
            qualified = converter.toQualifiedName(name);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (type == PtPackage.Literals.MACHINE) {
            Optional<String> library = StandardLibrary.fileOf(name);
            if (library.isPresent()) {
                return library;
            }
        }
        URI from = resource.getURI();
        IResourceDescriptions all = index.getResourceDescriptions(resource);
        for (IEObjectDescription d : all.getExportedObjects(type, qualified, false)) {
            URI uri = d.getEObjectURI().trimFragment();
            if (!uri.equals(from)) {
                return Optional.of(Imports.display(uri, from));
            }
        }
        return Optional.empty();
    }
}
