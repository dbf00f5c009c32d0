package org.pt.dsl.ui.examples;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.part.ISetSelectionTarget;
import org.osgi.service.prefs.BackingStoreException;
import org.pt.dsl.ui.server.PtLog;

/**
 * The PT IDE's first start ({@code org.eclipse.ui.startup}): when the preference {@value #ON_FIRST_START} is true —
 * the PT IDE's {@code plugin_customization.ini} sets it, an Eclipse PT was installed into does not — and the
 * workspace has no project yet, the example project is created and its Linux x86_64 example opened. Once per
 * workspace: the workspace's preference {@value #OFFERED} records that it was done (a deleted example project is not
 * created again).
 */
public final class FirstStart implements IStartup {

    private static final String PLUGIN_ID = "org.pt.dsl.ui";
    /** Whether a new workspace gets the example project (default false). */
    public static final String ON_FIRST_START = "exampleProjectOnFirstStart";
    /** Set in a workspace once it was given the example project or found with projects of its own. */
    public static final String OFFERED = "exampleProjectOffered";

    @Override
    public void earlyStartup() {
        if (!Platform.getPreferencesService().getBoolean(PLUGIN_ID, ON_FIRST_START, false, null)) {
            return;
        }
        IEclipsePreferences workspacePreferences = InstanceScope.INSTANCE.getNode(PLUGIN_ID);
        if (workspacePreferences.getBoolean(OFFERED, false)) {
            return;
        }
        workspacePreferences.putBoolean(OFFERED, true);
        try {
            workspacePreferences.flush();
        } catch (BackingStoreException e) {
            PtLog.error("cannot save the preference " + OFFERED, e);
        }
        if (ResourcesPlugin.getWorkspace().getRoot().getProjects().length > 0) {
            return;
        }
        try {
            IFile first = PtExampleProject.create(PtExampleProject.NAME, null, null);
            IWorkbench workbench = PlatformUI.getWorkbench();
            workbench.getDisplay().asyncExec(() -> open(workbench, first));
        } catch (CoreException e) {
            PtLog.error("cannot create the example project " + PtExampleProject.NAME, e);
        }
    }

    /**
     * Opens {@code file} in the editor of the workbench's active (or first) window and shows it in the Project
     * Explorer; on the UI thread.
     */
    static void open(IWorkbench workbench, IFile file) {
        IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
        if (window == null && workbench.getWorkbenchWindowCount() > 0) {
            window = workbench.getWorkbenchWindows()[0];
        }
        IWorkbenchPage page = window == null ? null : window.getActivePage();
        if (page == null || !file.exists()) {
            return;
        }
        try {
            IDE.openEditor(page, file, true);
        } catch (PartInitException e) {
            PtLog.error("cannot open " + file.getFullPath(), e);
        }
        // The project unfolded in the Project Explorer, the file selected.
        if (page.findView(IPageLayout.ID_PROJECT_EXPLORER) instanceof ISetSelectionTarget explorer) {
            explorer.selectReveal(new StructuredSelection(file));
        }
    }
}
