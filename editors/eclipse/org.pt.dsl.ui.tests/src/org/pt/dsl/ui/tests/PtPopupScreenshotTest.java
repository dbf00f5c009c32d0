package org.pt.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.core.resources.IFile;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.texteditor.ITextEditorActionConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The popups as a user sees them, saved as screenshots: the hover of a walk's address (the editor's "Show Tooltip
 * Description", F2, which shows the text hover at the caret) and the content-assist popup after {@code format }.
 */
class PtPopupScreenshotTest {

    private static final String LINUX = "examples/linux-x86_64-4level.ptl";
    private static final String KERNEL_WALK = "walk 0xffff_ffff_8100_1234";

    @AfterEach
    void closeEditors() {
        Workbench.page().closeAllEditors(false);
    }

    @Test
    void hoverAtAWalksAddressIsShownAndSaved() throws Exception {
        IFile file = Workbench.copy(LINUX, Workbench.project("popups").getFile("linux-hover-shot.ptl"));
        ITextEditor editor = Workbench.open(file);
        ISourceViewer viewer = Workbench.viewer(editor);
        String text = viewer.getDocument().get();
        int address = text.indexOf(KERNEL_WALK) + KERNEL_WALK.indexOf("0xffff") + 5;
        // the provider's text there, checked first: the popup shows it
        ITextHover hover = Workbench.contributed("org.eclipse.ui.genericeditor.hoverProviders", ITextHover.class);
        String info = hover.getHoverInfo(viewer, hover.getHoverRegion(viewer, address));
        assertNotNull(info, "a hover at the address");
        assertTrue(info.startsWith("walk 0xffff_ffff_8100_1234 → 0x100_1234 2 MiB k:r-x u:--- WB\n"), info);

        Set<Shell> before = visibleShells();
        editor.selectAndReveal(address, 0);
        IAction show = editor.getAction(ITextEditorActionConstants.SHOW_INFORMATION);
        assertNotNull(show, "the editor's Show Tooltip Description action");
        show.run();
        Workbench.waitUntil(() -> "a hover popup; shells: " + visibleShells(),
                () -> !newShells(before).isEmpty());
        Workbench.waitUntil("the popup drawn", () -> settle(300));
        Path shot = Workbench.screenshot("eclipse-hover.png");
        assertTrue(Files.size(shot) > 10_000, "a screenshot: " + shot);
    }

    @Test
    void contentAssistAfterFormatIsShownAndSaved() throws Exception {
        IFile file = Workbench.project("popups").getFile("assist-shot.ptl");
        Workbench.write(file, "machine m {\n    format \n}\n");
        ITextEditor editor = Workbench.open(file);
        ISourceViewer viewer = Workbench.viewer(editor);
        editor.selectAndReveal("machine m {\n    format ".length(), 0);

        Set<Shell> before = visibleShells();
        ITextOperationTarget target = (ITextOperationTarget) viewer;
        assertTrue(target.canDoOperation(ISourceViewer.CONTENTASSIST_PROPOSALS), "content assist is enabled");
        target.doOperation(ISourceViewer.CONTENTASSIST_PROPOSALS);
        // the proposal list: a table in a new popup, with the twelve paging formats
        Workbench.waitUntil(() -> "the proposal popup; shells: " + visibleShells(), () -> newShells(before).stream()
                .map(PtPopupScreenshotTest::table).anyMatch(table -> table != null && table.getItemCount() == 12));
        Table table = newShells(before).stream().map(PtPopupScreenshotTest::table).filter(t -> t != null)
                .findFirst().orElseThrow();
        List<String> items = Arrays.stream(table.getItems()).map(item -> item.getText()).toList();
        assertTrue(items.stream().anyMatch(item -> item.startsWith("x86_64 — paging format")), items.toString());
        Workbench.waitUntil("the popup drawn", () -> settle(300));
        Path shot = Workbench.screenshot("eclipse-content-assist.png");
        assertTrue(Files.size(shot) > 10_000, "a screenshot: " + shot);
    }

    private static Set<Shell> visibleShells() {
        return Arrays.stream(Display.getCurrent().getShells()).filter(shell -> !shell.isDisposed() && shell.isVisible())
                .collect(Collectors.toSet());
    }

    private static List<Shell> newShells(Set<Shell> before) {
        return visibleShells().stream().filter(shell -> !before.contains(shell)).toList();
    }

    /** The first table under {@code control}, or null. */
    private static Table table(Control control) {
        if (control instanceof Table table) {
            return table;
        }
        if (control instanceof org.eclipse.swt.widgets.Composite composite) {
            for (Control child : composite.getChildren()) {
                Table found = table(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private long settleStart;

    /** True once {@code millis} have passed since the first call of a wait (the event loop runs meanwhile). */
    private boolean settle(long millis) {
        long now = System.currentTimeMillis();
        if (settleStart == 0) {
            settleStart = now;
        }
        boolean done = now - settleStart >= millis;
        if (done) {
            settleStart = 0;
        }
        return done;
    }
}
