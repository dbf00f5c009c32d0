package org.pt.dsl.scoping;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.service.OperationCanceledManager;
import org.eclipse.xtext.util.IResourceScopeCache;
import org.pt.dsl.pt.Import;
import org.pt.dsl.pt.Model;
import org.pt.dsl.resource.SourceFileHandler;

/**
 * What the {@code import} statements of a file point at.
 *
 * <p>An import path is relative to the importing file ({@code import "lib/pc.ptl"}, {@code "../machines.ptl"}), or
 * absolute ({@code "/opt/pt/pc.ptl"}), or names a file of the {@link StandardLibrary} ({@code "std/pc-x86_64.ptl"},
 * always the library). Imports are not transitive: a file sees the elements of the files it imports itself.
 */
@Singleton
public class Imports {

    /** The file extension of PT files, without the dot. */
    public static final String EXTENSION = "ptl";

    private static final String CACHE_KEY = Imports.class.getName();

    @Inject
    private IResourceScopeCache cache;

    @Inject
    private OperationCanceledManager cancellation;

    /** Where one import statement points. */
    public sealed interface Target {
        /** The path as written in the import. */
        String path();
    }

    /**
     * An import of a file that exists (or is already loaded); {@code resource} is null when it cannot be loaded, and
     * then {@code why} says why when it is known ("not a regular file"), else it is null.
     */
    public record Found(String path, URI uri, Resource resource, String why) implements Target {

        public Found(String path, URI uri, Resource resource) {
            this(path, uri, resource, null);
        }
    }

    /** An import of a library file that the library does not have. */
    public record NotInLibrary(String path) implements Target {
    }

    /** An import of a file that does not exist; {@code lookedAt} is where it was looked for. */
    public record Missing(String path, URI lookedAt) implements Target {
    }

    /** An import path that cannot name a PT file (empty, or without the .ptl extension); {@code why} says so. */
    public record Invalid(String path, String why) implements Target {
    }

    /** Where each import of a file points, in the order written (cached until the file changes). */
    public List<Target> targets(Resource resource) {
        if (resource == null) {
            return List.of();
        }
        return cache.get(CACHE_KEY, resource, () -> {
            Model model = model(resource);
            if (model == null) {
                return List.of();
            }
            List<Target> out = new ArrayList<>();
            for (Import imp : model.getImports()) {
                out.add(resolve(imp));
            }
            return Collections.unmodifiableList(out);
        });
    }

    /** The loaded files a file imports, each once, in the order written. */
    public List<Resource> importedResources(Resource resource) {
        List<Resource> out = new ArrayList<>();
        for (Target target : targets(resource)) {
            if (target instanceof Found found && found.resource() != null && found.resource() != resource
                    && !out.contains(found.resource())) {
                out.add(found.resource());
            }
        }
        return out;
    }

    /**
     * Whether a file imports something it cannot see completely: an import that is missing, invalid or unreadable,
     * or a file with syntax errors. Names that do not resolve in such a file are not reported (they may be in the part that is missing).
     */
    public boolean hasIncompleteImport(Resource resource) {
        for (Target target : targets(resource)) {
            if (!(target instanceof Found found) || found.resource() == null || hasSyntaxErrors(found.resource())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSyntaxErrors(Resource resource) {
        if (resource instanceof XtextResource xtext && xtext.getParseResult() != null) {
            return xtext.getParseResult().hasSyntaxErrors();
        }
        return !resource.getErrors().isEmpty();
    }

    /** Where one import statement points; loads the imported file into the importing file's resource set. */
    public Target resolve(Import imp) {
        String path = imp.getImportURI();
        if (path == null || path.isBlank()) {
            return new Invalid(path == null ? "" : path, "an import needs the path of a ." + EXTENSION + " file");
        }
        if (!path.endsWith("." + EXTENSION)) {
            return new Invalid(path, "'" + path + "' is not a ." + EXTENSION + " file");
        }
        Resource importing = imp.eResource();
        if (StandardLibrary.isLibraryPath(path)) {
            Optional<URI> uri = StandardLibrary.uri(path);
            return uri.isPresent() ? found(path, uri.get(), importing) : new NotInLibrary(path);
        }
        URI uri;
        try {
            uri = resolve(path, importing.getURI());
        } catch (IllegalArgumentException e) {
            return new Invalid(path, "'" + path + "' is not a valid path");
        }
        return found(path, uri, importing);
    }

    private Target found(String path, URI uri, Resource importing) {
        ResourceSet set = importing.getResourceSet();
        if (set == null) {
            return new Found(path, uri, null);
        }
        Resource loaded = set.getResource(uri, false);
        if (loaded != null && loaded.isLoaded()) {
            return new Found(path, uri, loaded);
        }
        if (!set.getURIConverter().exists(uri, null)) {
            return new Missing(path, uri);
        }
        try {
            return new Found(path, uri, set.getResource(uri, true));
        } catch (RuntimeException e) { // unreadable: EMF wraps the I/O problem
            cancellation.propagateIfCancelException(e);
            return new Found(path, uri, null, reason(e));
        }
    }

    /** What the I/O problem under EMF's exception says (the {@code SourceFileHandler}'s refusal), or null. */
    private static String reason(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SourceFileHandler.Refused refused) {
                return refused.getMessage();
            }
        }
        return null;
    }

    /** A relative path resolved against the importing file's URI (which may itself be relative, as in tests). */
    static URI resolve(String path, URI base) {
        URI relative = URI.createFileURI(path);
        if (!relative.isRelative()) {
            return relative;
        }
        if (base == null) {
            return relative;
        }
        if (!base.isRelative() && base.isHierarchical()) {
            return relative.resolve(base);
        }
        URI anchor = URI.createURI("relative:/");
        URI resolved = relative.resolve(base.resolve(anchor));
        return URI.createURI(resolved.path().substring(1));
    }

    /**
     * How a file is named in a message about {@code from}: a library file by its import path, another file by its
     * path relative to {@code from}'s folder, or its last segment when no relative path exists.
     */
    public static String display(URI uri, URI from) {
        Optional<String> library = StandardLibrary.pathOf(uri);
        if (library.isPresent()) {
            return library.get();
        }
        if (from != null && uri.isHierarchical() && from.isHierarchical() && !uri.isRelative() && !from.isRelative()
                && !uri.equals(from)) {
            URI relative = uri.deresolve(from, true, true, false);
            if (relative.isRelative()) {
                return URI.decode(relative.toString());
            }
        }
        return uri.lastSegment() == null ? uri.toString() : URI.decode(uri.lastSegment());
    }

    /** Where an import was looked for, for a message: a local path when it is a file. */
    public static String location(URI uri) {
        return uri.isFile() ? uri.toFileString() : uri.toString();
    }

    static Model model(Resource resource) {
        return resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model model) ? null
                : model;
    }
}
