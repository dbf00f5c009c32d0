package org.pt.dsl.ui.services;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolutionGenerator2;
import org.pt.dsl.ui.markers.PtMarkers;
import org.pt.dsl.ui.server.PtServerConnection;

/** The server's code actions for a PT marker as the Problems view's quick fixes. */
public final class PtMarkerResolutions implements IMarkerResolutionGenerator2 {

    @Override
    public boolean hasResolutions(IMarker marker) {
        return marker.getAttribute(PtMarkers.CODE, null) != null;
    }

    @Override
    public IMarkerResolution[] getResolutions(IMarker marker) {
        if (!(marker.getResource() instanceof IFile file)) {
            return new IMarkerResolution[0];
        }
        IPath path = file.getFullPath();
        ITextFileBufferManager buffers = FileBuffers.getTextFileBufferManager();
        try {
            buffers.connect(path, LocationKind.IFILE, null);
            try {
                ServerDocument document = ServerDocument
                        .of(buffers.getTextFileBuffer(path, LocationKind.IFILE).getDocument()).orElseThrow();
                List<IMarkerResolution> resolutions = new ArrayList<>();
                for (CodeAction action : PtQuickFixes.actions(document, of(document, marker))) {
                    resolutions.add(new Resolution(document.connection(), action));
                }
                return resolutions.toArray(IMarkerResolution[]::new);
            } finally {
                buffers.disconnect(path, LocationKind.IFILE, null);
            }
        } catch (CoreException e) {
            return new IMarkerResolution[0];
        }
    }

    /** The published diagnostics the marker stands for: the same code and start. */
    private static List<Diagnostic> of(ServerDocument document, IMarker marker) {
        String code = marker.getAttribute(PtMarkers.CODE, "");
        int start = marker.getAttribute(IMarker.CHAR_START, -1);
        List<Diagnostic> found = new ArrayList<>();
        for (Diagnostic diagnostic : document.connection().diagnostics(document.uri())) {
            try {
                if (diagnostic.getCode() != null && code.equals(diagnostic.getCode().getLeft())
                        && document.offset(diagnostic.getRange().getStart()) == start) {
                    found.add(diagnostic);
                }
            } catch (BadLocationException e) {
                // of an older text
            }
        }
        return found;
    }

    private record Resolution(PtServerConnection connection, CodeAction action) implements IMarkerResolution {
        @Override
        public String getLabel() {
            return action.getTitle();
        }

        @Override
        public void run(IMarker marker) {
            new PtQuickFixes.Fix(connection, action).apply(null);
        }
    }
}
