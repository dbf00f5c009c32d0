package org.pt.dsl.ui.markers;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.text.Document;
import org.eclipse.jface.text.IDocument;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.pt.dsl.ui.server.PtLog;
import org.pt.dsl.ui.server.PtServerConnection;
import org.pt.dsl.ui.services.ServerDocument;

/**
 * The language server's diagnostics as markers of type {@value #TYPE}: one per diagnostic, on its exact character
 * range, with its severity (notes as infos), message and issue code; the Problems view and the editor's ruler show
 * them. Each notification replaces the file's PT markers, in a workspace job (never on the UI thread).
 */
public final class PtMarkers {

    /** The marker type (plugin.xml), a problem marker and a text marker. */
    public static final String TYPE = "org.pt.dsl.ui.problem";
    /** The marker attribute holding the diagnostic's issue code ({@code pt.unknown_unit}). */
    public static final String CODE = "code";

    private final PtServerConnection connection;

    public PtMarkers(PtServerConnection connection) {
        this.connection = connection;
    }

    /** Replaces the markers of the file the notification is about (nothing if it is not in the workspace). */
    public void publish(PublishDiagnosticsParams diagnostics) {
        URI location = connection.location(diagnostics.getUri());
        for (IFile file : ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(location)) {
            new MarkerJob(file, diagnostics.getUri(), diagnostics.getDiagnostics()).schedule();
        }
    }

    private final class MarkerJob extends WorkspaceJob {
        private final IFile file;
        private final String uri;
        private final List<Diagnostic> diagnostics;

        MarkerJob(IFile file, String uri, List<Diagnostic> diagnostics) {
            super("PT markers of " + file.getFullPath());
            this.file = file;
            this.uri = uri;
            this.diagnostics = diagnostics;
            setRule(file);
            setSystem(true);
        }

        @Override
        public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
            if (!file.exists()) {
                return Status.OK_STATUS;
            }
            // The text last sent for an open document (a newer edit brings new diagnostics), else the file's.
            IDocument text = new Document(connection.openText(uri).orElseGet(() -> contents(file)));
            List<Map<String, Object>> markers = new ArrayList<>();
            for (Diagnostic diagnostic : diagnostics) {
                markers.add(attributes(diagnostic, text));
            }
            if (unchanged(file, markers)) {
                return Status.OK_STATUS;
            }
            file.deleteMarkers(TYPE, false, IResource.DEPTH_ZERO);
            for (Map<String, Object> attributes : markers) {
                file.createMarker(TYPE, attributes);
            }
            return Status.OK_STATUS;
        }
    }

    /** Whether {@code file}'s PT markers already have exactly these attributes (then they are left alone). */
    private static boolean unchanged(IFile file, List<Map<String, Object>> markers) throws CoreException {
        List<Map<String, Object>> existing = new ArrayList<>();
        for (IMarker marker : file.findMarkers(TYPE, false, IResource.DEPTH_ZERO)) {
            existing.add(marker.getAttributes());
        }
        return existing.size() == markers.size() && existing.containsAll(markers) && markers.containsAll(existing);
    }

    /** A marker's attributes for {@code diagnostic}, its range made character offsets in {@code text}. */
    static Map<String, Object> attributes(Diagnostic diagnostic, IDocument text) {
        Map<String, Object> attributes = new HashMap<>();
        int start = ServerDocument.clampedOffset(text, diagnostic.getRange().getStart());
        int end = Math.max(start, ServerDocument.clampedOffset(text, diagnostic.getRange().getEnd()));
        attributes.put(IMarker.MESSAGE, diagnostic.getMessage().map(plain -> plain, MarkupContent::getValue));
        attributes.put(IMarker.SEVERITY, severity(diagnostic.getSeverity()));
        attributes.put(IMarker.LINE_NUMBER, diagnostic.getRange().getStart().getLine() + 1);
        attributes.put(IMarker.CHAR_START, start);
        attributes.put(IMarker.CHAR_END, end);
        attributes.put(IMarker.SOURCE_ID, "PT");
        if (diagnostic.getCode() != null) {
            attributes.put(CODE, diagnostic.getCode().map(code -> code, Object::toString));
        }
        return attributes;
    }

    /** Errors and warnings as such; notes (information) and hints as infos. */
    static int severity(DiagnosticSeverity severity) {
        if (severity == null) {
            return IMarker.SEVERITY_ERROR;
        }
        return switch (severity) {
            case Error -> IMarker.SEVERITY_ERROR;
            case Warning -> IMarker.SEVERITY_WARNING;
            case Information, Hint -> IMarker.SEVERITY_INFO;
        };
    }

    private static String contents(IFile file) {
        try (InputStream in = file.getContents(true)) {
            return new String(in.readAllBytes(), Charset.forName(file.getCharset()));
        } catch (IOException | CoreException e) {
            PtLog.error("cannot read " + file.getFullPath(), e);
            return "";
        }
    }
}
