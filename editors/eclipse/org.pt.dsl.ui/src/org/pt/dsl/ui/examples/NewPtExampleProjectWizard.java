package org.pt.dsl.ui.examples;

import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.dialogs.WizardNewProjectCreationPage;

/**
 * File → New → Other → PT → PT example project: a project (default name {@value PtExampleProject#NAME}) with PT's
 * shipped examples, the Linux x86_64 one opened in the editor.
 */
public final class NewPtExampleProjectWizard extends Wizard implements INewWizard {

    private IWorkbench workbench;
    private WizardNewProjectCreationPage page;

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        this.workbench = workbench;
        setWindowTitle("New PT example project");
        setNeedsProgressMonitor(true);
    }

    @Override
    public void addPages() {
        page = new WizardNewProjectCreationPage("ptExampleProject");
        page.setTitle("PT example project");
        page.setDescription("A project with PT's examples: Linux, Windows, a Rust OS, i386, arm64 and RISC-V layouts.");
        page.setInitialProjectName(PtExampleProject.NAME);
        addPage(page);
    }

    /** The page where the project's name and location are chosen (for tests that fill it in). */
    public WizardNewProjectCreationPage page() {
        return page;
    }

    @Override
    public boolean performFinish() {
        String name = page.getProjectName();
        URI location = page.useDefaults() ? null : page.getLocationURI();
        IFile[] first = new IFile[1];
        try {
            getContainer().run(true, false, monitor -> {
                try {
                    first[0] = PtExampleProject.create(name, location, monitor);
                } catch (CoreException e) {
                    throw new InvocationTargetException(e);
                }
            });
        } catch (InvocationTargetException e) {
            page.setErrorMessage("cannot create " + name + ": " + e.getCause().getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        FirstStart.open(workbench, first[0]);
        return true;
    }
}
