package org.pt.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.text.ITextViewerExtension5;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pt.dsl.ui.editor.PtTokenStyles;
import org.pt.dsl.ui.markers.PtMarkers;

/**
 * PT files in the Generic Editor of a real workbench: validation on open as markers on exact ranges (as the Problems
 * view lists them) and colours from the language server's semantic tokens.
 */
class PtEditorTest {

    private static final String GENERIC_EDITOR = "org.eclipse.ui.genericeditor.GenericEditor";
    private static final String LINUX = "examples/linux-x86_64-4level.ptl";
    private static final String UNKNOWN_UNIT = "examples/broken/unknown_unit.ptl";
    private static final String MAPPING_CONFLICT = "examples/broken/mapping_conflict.ptl";

    private static IProject project;

    @BeforeAll
    static void createProject() throws Exception {
        project = Workbench.project("examples");
    }

    @Test
    void brokenExampleHasItsExpectedErrorOnOpen() throws Exception {
        IFile file = Workbench.copy(UNKNOWN_UNIT, project.getFile("unknown_unit.ptl"));
        ITextEditor editor = Workbench.open(file);
        assertEquals(GENERIC_EDITOR, editor.getSite().getId());

        String text = Workbench.text(file);
        Expectation expected = Expectation.of(text);
        IMarker marker = Workbench.waitForMarkers(file, 1)[0];
        Map<String, Object> attributes = marker.getAttributes();

        assertEquals(expected.line(), attributes.get(IMarker.LINE_NUMBER));
        int start = (Integer) attributes.get(IMarker.CHAR_START);
        int end = (Integer) attributes.get(IMarker.CHAR_END);
        assertEquals(expected.offsetIn(text), start);
        assertEquals("GIb", text.substring(start, end));
        assertEquals(IMarker.SEVERITY_ERROR, attributes.get(IMarker.SEVERITY));
        assertEquals(expected.message(), attributes.get(IMarker.MESSAGE));
        assertEquals(expected.code(), attributes.get(PtMarkers.CODE));
        assertTrue(marker.isSubtypeOf(IMarker.PROBLEM), "a problem marker, listed by the Problems view");
    }

    @Test
    void validExampleHasOneNotePerQueryAndColours() throws Exception {
        IFile file = Workbench.copy(LINUX, project.getFile("linux-x86_64-4level.ptl"));
        String text = Workbench.text(file);
        List<String> walkLines = text.lines().filter(line -> line.strip().startsWith("walk ")).toList();
        ITextEditor editor = Workbench.open(file);

        // Every walk gets its answer as a note (an info marker) on the statement; nothing is an error or a warning.
        Workbench.waitUntil("walk notes", () -> walkResults(file).size() == walkLines.size());
        for (IMarker marker : Workbench.markers(file)) {
            assertEquals(IMarker.SEVERITY_INFO, marker.getAttribute(IMarker.SEVERITY, -1), Workbench.describe(marker));
        }
        for (IMarker walk : walkResults(file)) {
            int start = walk.getAttribute(IMarker.CHAR_START, -1);
            int lineStart = text.lastIndexOf('\n', start - 1) + 1;
            String line = text.substring(lineStart, text.indexOf('\n', start));
            assertTrue(walkLines.contains(line), "walk note on a walk line: " + Workbench.describe(walk));
            assertTrue(text.startsWith("walk ", start), "from the keyword: " + Workbench.describe(walk));
            assertEquals(text.substring(0, start).lines().count(), walk.getAttribute(IMarker.LINE_NUMBER, -1));
        }

        // Colours come from the server's semantic tokens once it has answered.
        ISourceViewer viewer = Workbench.viewer(editor);
        StyledText widget = viewer.getTextWidget();
        int layout = text.indexOf("\nlayout linux") + 1;
        int address = text.indexOf("0xffff_8000_0000_0000");
        int comment = 0;
        Workbench.waitUntil("semantic colours", () -> style(viewer, layout) != null);
        StyleRange keyword = style(viewer, layout);
        assertEquals(PtTokenStyles.KEYWORD.foreground(), keyword.foreground.getRGB());
        assertEquals(SWT.BOLD, keyword.fontStyle);
        assertEquals(PtTokenStyles.ADDRESS.foreground(), style(viewer, address).foreground.getRGB());
        assertEquals(PtTokenStyles.COMMENT.foreground(), style(viewer, comment).foreground.getRGB());
        assertNotEquals(PtTokenStyles.KEYWORD.foreground(), PtTokenStyles.ADDRESS.foreground());
        assertTrue(widget.getText().startsWith("// Linux on x86_64"));

    }

    @Test
    void screenshotOfAnErrorWithTheProblemsView() throws Exception {
        IFile file = Workbench.copy(MAPPING_CONFLICT, project.getFile("mapping_conflict.ptl"));
        String text = Workbench.text(file);
        Expectation expected = Expectation.of(text);
        Workbench.page().showView(IPageLayout.ID_PROBLEM_VIEW);
        ITextEditor editor = Workbench.open(file);
        Map<String, Object> error = Workbench.waitForMarkers(file, 1)[0].getAttributes();
        assertEquals(expected.offsetIn(text), error.get(IMarker.CHAR_START));
        assertEquals(expected.message(), error.get(IMarker.MESSAGE));

        editor.selectAndReveal(expected.offsetIn(text), 0);
        Path shot = Workbench.screenshot("eclipse-editor.png");
        assertTrue(Files.size(shot) > 10_000, "a screenshot of the workbench: " + shot);
    }

    private static List<IMarker> walkResults(IFile file) {
        return Arrays.stream(Workbench.markers(file))
                .filter(marker -> "pt.walk_result".equals(marker.getAttribute(PtMarkers.CODE, ""))).toList();
    }

    /** The style the editor shows at document offset {@code offset}, or null. */
    private static StyleRange style(ISourceViewer viewer, int offset) {
        int widgetOffset = ((ITextViewerExtension5) viewer).modelOffset2WidgetOffset(offset);
        return viewer.getTextWidget().getStyleRangeAtOffset(widgetOffset);
    }
}
