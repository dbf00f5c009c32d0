package org.pt.dsl.ui;

import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.editors.text.EditorsUI;
import org.eclipse.ui.texteditor.AnnotationPreference;
import org.osgi.framework.Bundle;
import org.pt.dsl.ui.server.PtLog;

/**
 * The one-time costs of the first edits after a PT file opens, paid in the background when the plug-in starts
 * instead of on the UI thread at the first edits: the language server started; the markers' SVG icons rasterised
 * once (which loads and initialises JSVG, AWT's graphics environment and ImageIO: 0.3 to 1.7 s on the UI thread at
 * the first error otherwise); the classes of the editor's services and of the code minings they draw loaded. Only
 * the workbench's three severity icons are then made on the UI thread (SWT images are), while the editor opens.
 */
final class PtWarmUp extends Job {

    /** Annotation types of markers (Eclipse's error, warning and info) whose icons the editor's rulers draw. */
    private static final List<String> ANNOTATION_TYPES = List.of("org.eclipse.ui.workbench.texteditor.error",
            "org.eclipse.ui.workbench.texteditor.warning", "org.eclipse.ui.workbench.texteditor.info");
    /** The workbench's shared icons of errors, warnings and infos. */
    private static final List<String> SEVERITY_ICONS = List.of(ISharedImages.IMG_OBJS_ERROR_TSK,
            ISharedImages.IMG_OBJS_WARN_TSK, ISharedImages.IMG_OBJS_INFO_TSK);
    /** Classes the first edit's code minings and hovers need, by bundle. */
    private static final List<String[]> CLASSES = List.of(
            new String[] { "org.eclipse.jface.text", "org.eclipse.jface.text.codemining.LineContentCodeMining",
                    "org.eclipse.jface.internal.text.codemining.CodeMiningManager",
                    "org.eclipse.jface.text.source.inlined.LineContentAnnotation",
                    "org.eclipse.jface.text.source.inlined.InlinedAnnotationSupport",
                    "org.eclipse.jface.text.source.inlined.InlinedAnnotationDrawingStrategy" },
            new String[] { "org.pt.dsl.ui", "org.pt.dsl.ui.services.PtCodeMinings", "org.pt.dsl.ui.services.PtHover",
                    "org.pt.dsl.ui.services.PtHoverControl", "org.pt.dsl.ui.services.PtContentAssist",
                    "org.pt.dsl.ui.services.PtQuickFixes", "org.pt.dsl.ui.services.Markdown",
                    "org.pt.dsl.ui.markers.PtMarkers" });

    PtWarmUp() {
        super("Starting PT's editor services");
        setSystem(true);
        setPriority(DECORATE);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            return Status.CANCEL_STATUS;
        }
        try {
            PtUiPlugin.connection();
            for (ImageDescriptor icon : markerIcons()) {
                icon.getImageData(100);
            }
            // The workbench's problem icons, which marker annotations draw, made once now (images are made on the
            // UI thread): at start-up, while the editor opens, rather than at the first error typed.
            ISharedImages shared = PlatformUI.getWorkbench().getSharedImages();
            PlatformUI.getWorkbench().getDisplay().asyncExec(() -> SEVERITY_ICONS.forEach(shared::getImage));
            for (String[] classes : CLASSES) {
                Bundle bundle = Platform.getBundle(classes[0]);
                for (int i = 1; bundle != null && i < classes.length; i++) {
                    Class.forName(classes[i], true, bundle.loadClass(classes[i]).getClassLoader());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            PtLog.info("PT's warm-up skipped a step: " + e); // only a delay for the first edits, not an error
        }
        return Status.OK_STATUS;
    }

    /** The icons of marker annotations, problems and quick fixes, as the rulers and the Problems view draw them. */
    private static List<ImageDescriptor> markerIcons() {
        List<ImageDescriptor> icons = new ArrayList<>();
        for (String type : ANNOTATION_TYPES) {
            AnnotationPreference preference = EditorsUI.getAnnotationPreferenceLookup()
                    .getAnnotationPreference(new Annotation(type, false, null));
            if (preference != null && preference.getImageDescriptor() != null) {
                icons.add(preference.getImageDescriptor());
            }
        }
        ISharedImages shared = PlatformUI.getWorkbench().getSharedImages();
        for (String name : SEVERITY_ICONS) {
            icons.add(shared.getImageDescriptor(name));
        }
        Bundle editors = Platform.getBundle("org.eclipse.ui.editors");
        Enumeration<URL> quickFixes = editors == null ? null
                : editors.findEntries("icons/full/obj16", "quick_fix_*", false);
        while (quickFixes != null && quickFixes.hasMoreElements()) {
            icons.add(ImageDescriptor.createFromURL(quickFixes.nextElement()));
        }
        return icons;
    }
}
