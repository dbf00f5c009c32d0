package org.pt.dsl.ui.wizards;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.core.resources.IFile;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.dialogs.WizardNewFileCreationPage;
import org.eclipse.ui.ide.IDE;

/**
 * File → New → Other → PT → PT layout spec: a {@code *.ptl} file with a starter spec that checks clean (an x86_64 PC
 * from the standard library, a layout of two halves, a space mapping 2 MiB of kernel and a walk into it), opened in
 * the editor.
 */
public final class NewPtFileWizard extends Wizard implements INewWizard {

    /** The starter spec (it validates with no error and no warning; the walk's answer is a note). */
    public static final String STARTER = """
            // A PT layout spec: a machine, a layout of its virtual address space, and a space that maps it.
            // Hover a walk for its trace; Ctrl+Space proposes what fits; see the PT documentation (docs/).
            import "std/pc-x86_64.ptl"

            layout starter for std.pc_x86_64 {
                user   user   0x0 ..= 0x7fff_ffff_ffff
                kernel kernel 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff
            }

            space boot uses starter {
                map kernel size 2 MiB to 0x0100_0000 rx global
                walk 0xffff_8000_0000_1000 expect 0x0100_1000
            }
            """;

    private IWorkbench workbench;
    private IStructuredSelection selection;
    private WizardNewFileCreationPage page;

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        this.workbench = workbench;
        this.selection = selection;
        setWindowTitle("New PT layout spec");
        setNeedsProgressMonitor(true);
    }

    @Override
    public void addPages() {
        page = new WizardNewFileCreationPage("ptFile", selection) {
            @Override
            protected InputStream getInitialContents() {
                return new ByteArrayInputStream(STARTER.getBytes(StandardCharsets.UTF_8));
            }
        };
        page.setTitle("PT layout spec");
        page.setDescription("A *.ptl file with a starter spec: a machine, a layout and a space.");
        page.setFileExtension("ptl");
        page.setFileName("layout.ptl");
        addPage(page);
    }

    /** The page where the folder and file name are chosen (for tests that fill it in). */
    public WizardNewFileCreationPage page() {
        return page;
    }

    @Override
    public boolean performFinish() {
        IFile file = page.createNewFile();
        if (file == null) {
            return false;
        }
        try {
            IDE.openEditor(workbench.getActiveWorkbenchWindow().getActivePage(), file, true);
        } catch (PartInitException e) {
            page.setErrorMessage("created, but cannot open " + file.getFullPath() + ": " + e.getMessage());
        }
        return true;
    }
}
