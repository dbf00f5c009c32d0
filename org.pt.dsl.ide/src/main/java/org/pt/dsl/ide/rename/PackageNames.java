package org.pt.dsl.ide.rename;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.UriExtensions;
import org.eclipse.xtext.ide.server.WorkspaceManager;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.IResourceDescription;
import org.eclipse.xtext.resource.IResourceDescriptions;
import org.eclipse.xtext.resource.XtextResource;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.scoping.StandardLibrary;

/**
 * Packages as names to navigate and rename. A package is declared by the {@code package} line of each of its files
 * (like Java's, by all of them) and named by the package part of every qualified reference to one of its elements
 * ({@code lab} in {@code lab.board}). Only the exact package is meant: {@code lab.sub} is another package, which a
 * rename of {@code lab} leaves alone.
 *
 * <p>Everything here is computed from the syntax trees of the workspace's files, read at once through the
 * {@link WorkspaceManager} inside the caller's read request (never through read requests of its own, which would
 * wait behind a queued write).
 */
@Singleton
public class PackageNames {

    /** Where a package is named in a file: its package line ({@code declaration}) or a reference's package part. */
    public record Span(QualifiedName name, int offset, int end, boolean declaration) {
    }

    /** A span in a workspace file, as an LSP range. */
    public record Occurrence(URI uri, Range range, boolean declaration) {
    }

    @Inject
    private RenameRules rules;

    @Inject
    private UriExtensions uris;

    /** The package named at an offset (the caret inside the name or just after it), if one is. */
    public Optional<Span> at(XtextResource resource, int offset) {
        for (Span span : spans(resource)) {
            if (span.offset() <= offset && offset <= span.end()) {
                return Optional.of(span);
            }
        }
        return Optional.empty();
    }

    /** Where a file names packages: its package line first, then each qualified reference's package part. */
    static List<Span> spans(XtextResource resource) {
        List<Span> spans = new ArrayList<>();
        if (resource == null || resource.getContents().isEmpty()
                || !(resource.getContents().get(0) instanceof Model model)) {
            return spans;
        }
        for (INode node : NodeModelUtils.findNodesForFeature(model, PtPackage.Literals.MODEL__NAME)) {
            span(node, true).ifPresent(spans::add);
        }
        for (var contents = model.eAllContents(); contents.hasNext();) {
            EObject object = contents.next();
            for (EReference reference : object.eClass().getEAllReferences()) {
                if (reference.isContainment() || reference.isContainer()) {
                    continue;
                }
                for (INode node : NodeModelUtils.findNodesForFeature(object, reference)) {
                    span(node, false).ifPresent(spans::add);
                }
            }
        }
        return spans;
    }

    /**
     * The package named by a dotted name's node: the whole name on the package line, all segments but the last in a
     * reference (none when the reference is a simple name).
     */
    private static Optional<Span> span(INode node, boolean declaration) {
        List<ILeafNode> segments = new ArrayList<>();
        for (ILeafNode leaf : node.getLeafNodes()) {
            if (!leaf.isHidden() && !leaf.getText().equals(".")) {
                segments.add(leaf);
            }
        }
        int count = declaration ? segments.size() : segments.size() - 1;
        if (count < 1) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (ILeafNode segment : segments.subList(0, count)) {
            names.add(segment.getText().startsWith("^") ? segment.getText().substring(1) : segment.getText());
        }
        ILeafNode last = segments.get(count - 1);
        return Optional.of(new Span(QualifiedName.create(names), segments.get(0).getOffset(), last.getEndOffset(),
                declaration));
    }

    /** The files of the workspace's index, the standard library's copies last. */
    private static List<URI> files(WorkspaceManager workspace) {
        List<URI> own = new ArrayList<>();
        List<URI> library = new ArrayList<>();
        for (IResourceDescription d : workspace.getIndex().getAllResourceDescriptions()) {
            (StandardLibrary.pathOf(d.getURI()).isPresent() ? library : own).add(d.getURI());
        }
        own.addAll(library);
        return own;
    }

    /** Every place in the workspace that names {@code pkg}, file by file, each file's in text order. */
    public List<Occurrence> occurrences(QualifiedName pkg, WorkspaceManager workspace) {
        List<Occurrence> all = new ArrayList<>();
        for (URI file : files(workspace)) {
            all.addAll(workspace.doRead(file, (document, resource) -> occurrences(file, pkg, document, resource)));
        }
        return all;
    }

    private static List<Occurrence> occurrences(URI file, QualifiedName pkg, Document document,
            XtextResource resource) {
        List<Occurrence> found = new ArrayList<>();
        for (Span span : spans(resource)) {
            if (span.name().equals(pkg)) {
                found.add(new Occurrence(file, new Range(document.getPosition(span.offset()),
                        document.getPosition(span.end())), span.declaration()));
            }
        }
        found.sort((a, b) -> a.range().getStart().getLine() != b.range().getStart().getLine()
                ? Integer.compare(a.range().getStart().getLine(), b.range().getStart().getLine())
                : Integer.compare(a.range().getStart().getCharacter(), b.range().getStart().getCharacter()));
        return found;
    }

    /** Why {@code pkg} cannot be renamed at all; empty when it can. */
    public Optional<ResponseError> refusal(QualifiedName pkg, WorkspaceManager workspace) {
        return refusal(pkg, occurrences(pkg, workspace));
    }

    private static Optional<ResponseError> refusal(QualifiedName pkg, List<Occurrence> occurrences) {
        for (String library : StandardLibrary.files()) {
            QualifiedName machine = QualifiedName.create(StandardLibrary.machineOf(library).orElseThrow().split("\\."));
            if (machine.skipLast(1).equals(pkg)) {
                return failed("package '" + pkg + "' is declared in the standard library (" + library
                        + ", a read-only copy) and cannot be renamed");
            }
        }
        if (declaring(occurrences).isEmpty()) {
            return failed("no file of the workspace declares package '" + pkg + "': there is nothing to rename");
        }
        return Optional.empty();
    }

    private static Set<URI> declaring(List<Occurrence> occurrences) {
        Set<URI> declaring = new LinkedHashSet<>();
        for (Occurrence o : occurrences) {
            if (o.declaration()) {
                declaring.add(o.uri());
            }
        }
        return declaring;
    }

    /**
     * The rename of {@code pkg} to {@code newName}: the package line of each of its files and the package part of each
     * qualified reference to its elements, in every file of the workspace.
     *
     * @throws ResponseErrorException the refusal, when the package may not be renamed ({@link #refusal}), the new name
     *     is no package name, or an element's qualified name is taken in the new package
     */
    public WorkspaceEdit rename(QualifiedName pkg, String newName, WorkspaceManager workspace) {
        List<Occurrence> occurrences = occurrences(pkg, workspace);
        Optional<ResponseError> refused = refusal(pkg, occurrences).or(() -> rules.packageRefusal(newName))
                .or(() -> clash(pkg, QualifiedName.create(newName.split("\\.")), declaring(occurrences),
                        workspace.getIndex()));
        if (refused.isPresent()) {
            throw new ResponseErrorException(refused.get());
        }
        Map<String, List<TextEdit>> changes = new LinkedHashMap<>();
        for (Occurrence o : occurrences) {
            changes.computeIfAbsent(uris.toUriString(o.uri()), k -> new ArrayList<>())
                    .add(new TextEdit(o.range(), newName));
        }
        return new WorkspaceEdit(changes);
    }

    /**
     * The first element of {@code pkg} whose name in {@code renamed} a file outside the package already gives to an
     * element of the same kind.
     */
    private static Optional<ResponseError> clash(QualifiedName pkg, QualifiedName renamed, Set<URI> declaring,
            IResourceDescriptions index) {
        if (renamed.equals(pkg)) {
            return Optional.empty();
        }
        Set<String> seen = new TreeSet<>();
        for (URI file : declaring) {
            IResourceDescription description = index.getResourceDescription(file);
            if (description == null) {
                continue;
            }
            for (IEObjectDescription element : description.getExportedObjects()) {
                QualifiedName name = element.getName();
                if (name.getSegmentCount() != pkg.getSegmentCount() + 1 || !name.startsWith(pkg)
                        || !seen.add(element.getEClass().getName() + " " + name)) {
                    continue;
                }
                QualifiedName moved = renamed.append(name.getLastSegment());
                for (IEObjectDescription other : index.getExportedObjects(element.getEClass(), moved, false)) {
                    URI otherFile = other.getEObjectURI().trimFragment();
                    if (!declaring.contains(otherFile)) {
                        return failed("'" + moved + "' already names " + kind(element) + " in "
                                + otherFile.lastSegment() + ": renaming package '" + pkg + "' would make '" + name
                                + "' a second one");
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String kind(IEObjectDescription element) {
        String type = element.getEClass().getName().toLowerCase(java.util.Locale.ROOT);
        return "a " + type;
    }

    private static Optional<ResponseError> failed(String message) {
        return Optional.of(new ResponseError(ResponseErrorCode.RequestFailed, message, null));
    }
}
