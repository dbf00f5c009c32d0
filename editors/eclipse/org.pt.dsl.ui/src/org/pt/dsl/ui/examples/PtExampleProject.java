package org.pt.dsl.ui.examples;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * PT's example project: a project holding the shipped examples ({@code examples/*.ptl} of the source tree, copied
 * into this bundle's {@code examples/} folder by its build), each of which checks without errors.
 */
public final class PtExampleProject {

    /** The project's default name. */
    public static final String NAME = "pt-examples";
    /** The example opened in the editor after the project is created. */
    public static final String FIRST_FILE = "linux-x86_64-4level.ptl";

    private PtExampleProject() {
    }

    /** The bundled examples, sorted by file name. */
    public static List<URL> files() {
        Bundle bundle = FrameworkUtil.getBundle(PtExampleProject.class);
        Enumeration<URL> entries = bundle.findEntries("examples", "*.ptl", false);
        List<URL> files = entries == null ? new ArrayList<>() : Collections.list(entries);
        files.sort(Comparator.comparing(PtExampleProject::fileName));
        return files;
    }

    /**
     * Creates and opens the project {@code name} (at {@code location}, or in the workspace when it is null) with the
     * examples in its root folder, in one workspace operation; returns the file to open first.
     */
    public static IFile create(String name, URI location, IProgressMonitor monitor) throws CoreException {
        List<URL> files = files();
        if (files.isEmpty()) {
            throw new CoreException(Status.error("PT's examples are missing from the plug-in (examples/*.ptl)"));
        }
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        IProject project = workspace.getRoot().getProject(name);
        workspace.run(m -> {
            SubMonitor progress = SubMonitor.convert(m, "Creating " + name, files.size() + 2);
            IProjectDescription description = workspace.newProjectDescription(name);
            description.setLocationURI(location);
            project.create(description, progress.split(1));
            project.open(progress.split(1));
            for (URL url : files) {
                try (InputStream in = url.openStream()) {
                    project.getFile(fileName(url)).create(in, true, progress.split(1));
                } catch (IOException e) {
                    throw new CoreException(new Status(IStatus.ERROR, "org.pt.dsl.ui", "cannot read " + url, e));
                }
            }
        }, monitor);
        return project.getFile(FIRST_FILE);
    }

    private static String fileName(URL url) {
        String path = url.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
