package org.pt.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.pt.dsl.ui.markers.PtMarkers;

/** The workbench as the tests drive it: the repository's files in a project, editors, waiting, screenshots. */
final class Workbench {

    /** The repository's root (the build passes it as {@code pt.root}). */
    static final Path ROOT = Path.of(System.getProperty("pt.root")).toAbsolutePath().normalize();
    static final long TIMEOUT_MILLIS = 60_000;

    private Workbench() {
    }

    /** The project {@code name}, created and opened if need be. */
    static IProject project(String name) throws CoreException {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
        return project;
    }

    /** Copies the repository's file {@code source} to {@code target} in the workspace. */
    static IFile copy(String source, IFile target) throws CoreException, IOException {
        try (InputStream in = Files.newInputStream(ROOT.resolve(source))) {
            if (target.exists()) {
                target.setContents(in, IResource.FORCE, null);
            } else {
                target.create(in, IResource.FORCE, null);
            }
        }
        return target;
    }

    /** Writes {@code text} to {@code file} (created if need be). */
    static IFile write(IFile file, String text) throws CoreException {
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (file.exists()) {
            file.setContents(in, IResource.FORCE, null);
        } else {
            file.create(in, IResource.FORCE, null);
        }
        return file;
    }

    /**
     * A new instance of the class PT's plug-in contributes to the extension point {@code point} (its "class"
     * attribute), as the Generic Editor creates it.
     */
    static <T> T contributed(String point, Class<T> type) throws CoreException {
        for (org.eclipse.core.runtime.IConfigurationElement element : org.eclipse.core.runtime.Platform
                .getExtensionRegistry().getConfigurationElementsFor(point)) {
            if ("org.pt.dsl.ui".equals(element.getContributor().getName())) {
                return type.cast(element.createExecutableExtension("class"));
            }
        }
        throw new AssertionError("org.pt.dsl.ui contributes nothing to " + point);
    }

    static String text(IFile file) throws CoreException, IOException {
        try (InputStream in = file.getContents()) {
            return new String(in.readAllBytes(), file.getCharset());
        }
    }

    static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    static ITextEditor open(IFile file) throws PartInitException {
        return (ITextEditor) IDE.openEditor(page(), file, true);
    }

    static ISourceViewer viewer(ITextEditor editor) {
        return (ISourceViewer) editor.getAdapter(ITextViewer.class);
    }

    /** Runs the UI event loop until {@code condition} holds; fails with {@code what} after {@link #TIMEOUT_MILLIS}. */
    static void waitUntil(String what, BooleanSupplier condition) {
        waitUntil(() -> what, condition);
    }

    /** As {@link #waitUntil(String, BooleanSupplier)}, describing the wait (and what it saw) only on failure. */
    static void waitUntil(Supplier<String> what, BooleanSupplier condition) {
        Display display = Display.getCurrent();
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("timed out after " + TIMEOUT_MILLIS + " ms waiting for " + what.get());
            }
            if (!display.readAndDispatch()) {
                display.timerExec(20, () -> { });
                display.sleep();
            }
        }
    }

    /** PT's markers on {@code file}, by start offset. */
    static IMarker[] markers(IFile file) {
        try {
            IMarker[] markers = file.findMarkers(PtMarkers.TYPE, false, IResource.DEPTH_ZERO);
            Arrays.sort(markers, (a, b) -> Integer.compare(a.getAttribute(IMarker.CHAR_START, -1),
                    b.getAttribute(IMarker.CHAR_START, -1)));
            return markers;
        } catch (CoreException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code file} has {@code count} PT markers and returns them. */
    static IMarker[] waitForMarkers(IFile file, int count) {
        Display display = Display.getCurrent();
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        IMarker[] markers = markers(file);
        while (markers.length != count) {
            if (System.currentTimeMillis() > deadline) {
                fail("expected " + count + " PT markers on " + file.getFullPath() + ", found " + markers.length + ": "
                        + Arrays.stream(markers).map(Workbench::describe).collect(Collectors.joining("; ")));
            }
            if (!display.readAndDispatch()) {
                display.timerExec(20, () -> { });
                display.sleep();
            }
            markers = markers(file);
        }
        return markers;
    }

    /** Waits until {@code file} has PT markers: the server validated it (every PT file here has an error or a note). */
    static void waitForValidation(IFile file) {
        waitUntil(() -> "PT markers on " + file.getFullPath(), () -> markers(file).length > 0);
    }

    static String describe(IMarker marker) {
        return marker.getAttribute(IMarker.LINE_NUMBER, -1) + ":" + marker.getAttribute(IMarker.CHAR_START, -1) + "-"
                + marker.getAttribute(IMarker.CHAR_END, -1) + " " + marker.getAttribute(PtMarkers.CODE, "") + " "
                + marker.getAttribute(IMarker.MESSAGE, "");
    }

    /** Lets queued UI work (redraws, async runnables) run. */
    static void flush() {
        Display display = Display.getCurrent();
        while (display.readAndDispatch()) {
            // drain
        }
    }

    /** Saves the workbench window as a PNG to {@code pt.screenshots}/{@code name} and returns the file. */
    static Path screenshot(String name) throws IOException {
        return screenshot(name, java.util.List.of());
    }

    /**
     * Saves the screen's area that holds the workbench window and {@code popups} (which may reach beyond the window)
     * as a PNG to {@code pt.screenshots}/{@code name} and returns the file.
     */
    static Path screenshot(String name, java.util.List<Shell> popups) throws IOException {
        flush();
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        Display display = shell.getDisplay();
        Rectangle bounds = shell.getBounds();
        for (Shell popup : popups) {
            bounds = bounds.union(popup.getBounds());
        }
        bounds = bounds.intersection(display.getBounds());
        Image image = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, bounds.x, bounds.y);
        } finally {
            gc.dispose();
        }
        Path directory = Path.of(System.getProperty("pt.screenshots"));
        Files.createDirectories(directory);
        Path file = directory.resolve(name);
        ImageLoader loader = new ImageLoader();
        loader.data = new ImageData[] { image.getImageData() };
        loader.save(file.toString(), SWT.IMAGE_PNG);
        image.dispose();
        return file;
    }
}
