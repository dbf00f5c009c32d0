package org.pt.dsl.ui;

import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.ui.PlatformUI;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.pt.dsl.ui.markers.PtMarkers;
import org.pt.dsl.ui.server.PtServerConnection;
import org.pt.dsl.ui.workspace.PtFileWatcher;

/**
 * The plug-in's life cycle: one {@link PtServerConnection} for the workspace, started when the first PT editor needs
 * it, its diagnostics turned into markers, told of {@code *.ptl} files changing in the workspace, shut down with the
 * plug-in. Started in a workbench, it warms up in the background ({@link PtWarmUp}).
 */
public final class PtUiPlugin implements BundleActivator {

    private static final Object LOCK = new Object();
    private static PtServerConnection connection;
    private static PtFileWatcher watcher;
    private static PtWarmUp warmUp;

    /**
     * In a running workbench (the plug-in starts when the first PT editor opens), starts the server and pays the
     * first edits' one-time costs in the background ({@link PtWarmUp}).
     */
    @Override
    public void start(BundleContext context) {
        if (PlatformUI.isWorkbenchRunning()) {
            warmUp = new PtWarmUp();
            warmUp.schedule();
        }
    }

    @Override
    public void stop(BundleContext context) {
        if (warmUp != null) {
            warmUp.cancel(); // a server started by it after this would outlive the plug-in
        }
        synchronized (LOCK) {
            if (connection != null) {
                ResourcesPlugin.getWorkspace().removeResourceChangeListener(watcher);
                connection.close();
                connection = null;
            }
        }
    }

    /** The workspace's language server, started on first use (it then builds the workspace's files in the background). */
    public static PtServerConnection connection() {
        synchronized (LOCK) {
            if (connection == null) {
                connection = PtServerConnection.start(ResourcesPlugin.getWorkspace().getRoot().getLocationURI());
                connection.addDiagnosticsListener(new PtMarkers(connection)::publish);
                watcher = new PtFileWatcher(connection);
                ResourcesPlugin.getWorkspace().addResourceChangeListener(watcher, IResourceChangeEvent.POST_CHANGE);
            }
            return connection;
        }
    }
}
