package org.pt.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rows of the workbench's Problems view for PT files, read from its tree: description, resource, path,
 * location ("line N"), type and severity group; after a quick fix and after an imported file changes on disk.
 */
class ProblemsViewTest {

    private static final String DIRECT_MAP = "examples/broken/direct_map_incomplete.ptl";
    private static final String UNKNOWN_UNIT = "examples/broken/unknown_unit.ptl";
    private static final String IMPORTER = "examples/broken/dependency_has_errors.ptl";
    private static final String IMPORTED = "examples/broken/imported/machine_with_an_error.ptl";
    /** The name plugin.xml gives PT's marker type, which the view's Type column shows. */
    private static final String TYPE = "PT Problem";

    private static IProject project;

    @BeforeAll
    static void createProject() throws Exception {
        project = Workbench.project("problems");
    }

    @AfterEach
    void closeEditors() {
        Workbench.page().closeAllEditors(false);
    }

    @Test
    void errorAndNoteOfAnExampleAreRowsOfTheirSeverity() throws Exception {
        ProblemsView problems = ProblemsView.show();
        IFile file = Workbench.copy(DIRECT_MAP, project.getFile("direct_map_incomplete.ptl"));
        String text = Workbench.text(file);
        Expectation error = Expectation.of(text);
        Expectation note = also(text);
        Workbench.open(file);
        Workbench.waitForMarkers(file, 2);

        List<ProblemsView.Row> rows = problems.waitForRows(file, 2);
        assertEquals(List.of(
                new ProblemsView.Row("Errors", null, error.message(), "direct_map_incomplete.ptl", "/problems",
                        "line " + error.line(), TYPE),
                new ProblemsView.Row("Infos", null, note.message(), "direct_map_incomplete.ptl", "/problems",
                        "line " + note.line(), TYPE)),
                rows.stream().map(ProblemsViewTest::withoutIcon).toList());
        // the severity's icon: the error's and the note's differ
        assertFalse(Arrays.equals(rows.get(0).icon().getImageData().data, rows.get(1).icon().getImageData().data),
                "the error's and the note's icons differ");
    }

    @Test
    void quickFixTakesTheRowAway() throws Exception {
        ProblemsView problems = ProblemsView.show();
        IFile file = Workbench.copy(UNKNOWN_UNIT, project.getFile("unknown_unit.ptl"));
        Expectation expected = Expectation.of(Workbench.text(file));
        Workbench.open(file);
        IMarker marker = Workbench.waitForMarkers(file, 1)[0];
        assertEquals(new ProblemsView.Row("Errors", null, expected.message(), "unknown_unit.ptl", "/problems",
                "line " + expected.line(), TYPE), withoutIcon(problems.waitForRows(file, 1).get(0)));

        // the fix the Problems view offers for the marker (its Quick Fix dialog lists these), applied
        IMarkerResolution[] resolutions = IDE.getMarkerHelpRegistry().getResolutions(marker);
        assertEquals(List.of("Change to 'GiB'"), Arrays.stream(resolutions).map(IMarkerResolution::getLabel).toList());
        resolutions[0].run(marker);
        Workbench.waitForMarkers(file, 0);
        assertEquals(List.of(), problems.waitForRows(file, 0));
    }

    @Test
    void importersRowFollowsTheImportedFileOnDisk() throws Exception {
        ProblemsView problems = ProblemsView.show();
        IFolder folder = project.getFolder("imported");
        if (!folder.exists()) {
            folder.create(true, true, null);
        }
        IFile imported = Workbench.copy(IMPORTED, folder.getFile("machine_with_an_error.ptl"));
        IFile importer = Workbench.copy(IMPORTER, project.getFile("dependency_has_errors.ptl"));
        Expectation expected = Expectation.of(Workbench.text(importer));
        String broken = Files.readString(Workbench.ROOT.resolve(IMPORTED));
        String fixed = broken.replace("size 4 GIb", "size 4 GiB");
        ProblemsView.Row row = new ProblemsView.Row("Errors", null, expected.message(), "dependency_has_errors.ptl",
                "/problems", "line " + expected.line(), TYPE);
        Workbench.open(importer);

        Workbench.waitForMarkers(importer, 1);
        assertEquals(row, withoutIcon(problems.waitForRows(importer, 1).get(0)));

        write(imported, fixed);
        Workbench.waitForMarkers(importer, 0);
        assertEquals(List.of(), problems.waitForRows(importer, 0));

        write(imported, broken);
        Workbench.waitForMarkers(importer, 1);
        assertEquals(row, withoutIcon(problems.waitForRows(importer, 1).get(0)));
    }

    private static ProblemsView.Row withoutIcon(ProblemsView.Row row) {
        assertNotNull(row.icon(), "an icon: " + row);
        return new ProblemsView.Row(row.group(), null, row.description(), row.resource(), row.path(), row.location(),
                row.type());
    }

    /** The second diagnostic an example announces: its {@code // also:} line (the second line). */
    private static Expectation also(String text) {
        return Expectation.of(text.lines().skip(1).findFirst().orElseThrow().replace("// also:", "// expect:"));
    }

    /** Writes {@code text} to {@code file} as a tool would: through the workspace, not through an editor. */
    private static void write(IFile file, String text) throws Exception {
        file.setContents(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), IResource.FORCE, null);
    }
}
