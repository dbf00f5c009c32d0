package org.pt.dsl.ui.services;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.hyperlink.AbstractHyperlinkDetector;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.pt.dsl.ui.server.PtServerConnection;

/**
 * Go to definition (Ctrl+click, F3): the language server's definition of the name under the mouse as hyperlinks that
 * open the target file (a workspace file, or a standard-library file's read-only copy) and select its range.
 */
public final class PtHyperlinks extends AbstractHyperlinkDetector {

    @Override
    public IHyperlink[] detectHyperlinks(ITextViewer viewer, IRegion region, boolean canShowMultipleHyperlinks) {
        return ServerDocument.of(viewer.getDocument()).map(document -> {
            try {
                Either<List<? extends Location>, List<? extends LocationLink>> answer = PtServerConnection.await(
                        document.synced().connection().documents().definition(
                                new DefinitionParams(document.id(), document.position(region.getOffset()))));
                List<Location> targets = new ArrayList<>();
                if (answer != null && answer.isLeft()) {
                    targets.addAll(answer.getLeft());
                } else if (answer != null) {
                    answer.getRight().forEach(link -> targets.add(new Location(link.getTargetUri(),
                            link.getTargetSelectionRange())));
                }
                IRegion word = word(viewer, region.getOffset());
                return targets.isEmpty() ? null : targets.stream()
                        .map(target -> (IHyperlink) new Definition(document.connection(), word, target))
                        .toArray(IHyperlink[]::new);
            } catch (BadLocationException e) {
                return null;
            }
        }).orElse(null);
    }

    /** The identifier around {@code offset} (the link's underlined region). */
    private static IRegion word(ITextViewer viewer, int offset) throws BadLocationException {
        String text = viewer.getDocument().get();
        int start = offset;
        int end = offset;
        while (start > 0 && isWordPart(text.charAt(start - 1))) {
            start--;
        }
        while (end < text.length() && isWordPart(text.charAt(end))) {
            end++;
        }
        return new Region(start, end - start);
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/';
    }

    /** A definition: opens its file in an editor and selects its range. */
    public static final class Definition implements IHyperlink {
        private final PtServerConnection connection;
        private final IRegion region;
        private final Location target;

        Definition(PtServerConnection connection, IRegion region, Location target) {
            this.connection = connection;
            this.region = region;
            this.target = target;
        }

        public Location target() {
            return target;
        }

        @Override
        public IRegion getHyperlinkRegion() {
            return region;
        }

        @Override
        public String getTypeLabel() {
            return "PT definition";
        }

        @Override
        public String getHyperlinkText() {
            return "Open definition in " + target.getUri().substring(target.getUri().lastIndexOf('/') + 1);
        }

        @Override
        public void open() {
            URI location = connection.location(target.getUri());
            try {
                IFile[] files = ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(location);
                var page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
                IEditorPart editor = files.length > 0 ? IDE.openEditor(page, files[0], true)
                        : IDE.openEditorOnFileStore(page, EFS.getStore(location));
                if (editor instanceof ITextEditor text) {
                    var document = text.getDocumentProvider().getDocument(text.getEditorInput());
                    int start = ServerDocument.clampedOffset(document, target.getRange().getStart());
                    int end = Math.max(start, ServerDocument.clampedOffset(document, target.getRange().getEnd()));
                    text.selectAndReveal(start, end - start);
                }
            } catch (CoreException e) {
                throw new IllegalStateException("cannot open " + location, e);
            }
        }
    }
}
