package org.pt.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.junit.jupiter.api.Test;

/**
 * A change on disk to a file that an open file imports updates the importer's markers (the workspace's resource
 * changes reach the language server as watched-file changes).
 */
class ImportedFileTest {

    private static final String IMPORTER = "examples/broken/dependency_has_errors.ptl";
    private static final String IMPORTED = "examples/broken/imported/machine_with_an_error.ptl";

    @Test
    void importersMarkersFollowChangesOfTheImportedFile() throws Exception {
        IProject project = Workbench.project("imports");
        IFolder folder = project.getFolder("imported");
        if (!folder.exists()) {
            folder.create(true, true, null);
        }
        IFile imported = Workbench.copy(IMPORTED, folder.getFile("machine_with_an_error.ptl"));
        IFile importer = Workbench.copy(IMPORTER, project.getFile("dependency_has_errors.ptl"));
        String importerText = Workbench.text(importer);
        Expectation expected = Expectation.of(importerText);
        String broken = Files.readString(Workbench.ROOT.resolve(IMPORTED));
        String fixed = broken.replace("size 4 GIb", "size 4 GiB");

        Workbench.open(importer);
        assertDependencyError(importer, importerText, expected);

        write(imported, fixed);
        Workbench.waitForMarkers(importer, 0);

        write(imported, broken);
        assertDependencyError(importer, importerText, expected);
    }

    private static void assertDependencyError(IFile importer, String text, Expectation expected) throws Exception {
        Map<String, Object> error = Workbench.waitForMarkers(importer, 1)[0].getAttributes();
        assertEquals(expected.code(), error.get("code"));
        assertEquals(expected.message(), error.get(IMarker.MESSAGE));
        assertEquals(expected.line(), error.get(IMarker.LINE_NUMBER));
        assertEquals(expected.offsetIn(text), error.get(IMarker.CHAR_START));
        assertEquals(IMarker.SEVERITY_ERROR, error.get(IMarker.SEVERITY));
    }

    /** Writes {@code text} to {@code file} as a tool would: through the workspace, not through an editor. */
    private static void write(IFile file, String text) throws Exception {
        file.setContents(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), IResource.FORCE, null);
    }
}
