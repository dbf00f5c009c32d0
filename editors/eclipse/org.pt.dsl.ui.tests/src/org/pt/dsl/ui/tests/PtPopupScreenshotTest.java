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
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Rectangle;
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
        Workbench.waitForValidation(file);
        String info = hover.getHoverInfo(viewer, hover.getHoverRegion(viewer, address));
        assertNotNull(info, "a hover at the address");
        assertTrue(info.startsWith("walk 0xffff_ffff_8100_1234 → 0x100_1234 2 MiB k:r-x u:--- WB\n"), info);

        // the window as large as the screen, so that the popup beside the address is inside it
        Shell window = Workbench.page().getWorkbenchWindow().getShell();
        Rectangle windowBounds = window.getBounds();
        window.setBounds(Display.getCurrent().getClientArea());
        try {
            showHover(editor, address);
        } finally {
            window.setBounds(windowBounds);
        }
    }

    private void showHover(ITextEditor editor, int address) throws Exception {
        Set<Shell> before = visibleShells();
        editor.selectAndReveal(address, 0);
        IAction show = editor.getAction(ITextEditorActionConstants.SHOW_INFORMATION);
        assertNotNull(show, "the editor's Show Tooltip Description action");
        show.run();
        Workbench.waitUntil(() -> "a hover popup; shells: " + visibleShells(),
                () -> !newShells(before).isEmpty());
        Workbench.waitUntil("the popup drawn", () -> settle(300));
        // the whole popup is on the screen (a trace's long lines wrap instead of running off its right edge)
        Rectangle screen = Display.getCurrent().getBounds();
        for (Shell popup : newShells(before)) {
            Rectangle bounds = popup.getBounds();
            assertTrue(screen.contains(bounds.x, bounds.y) && screen.contains(bounds.x + bounds.width - 1,
                    bounds.y + bounds.height - 1), "popup " + bounds + " inside the screen " + screen);
        }
        // PT's part of it: the trace, its lines broken at 80 characters, all of its width inside the popup
        StyledText trace = newShells(before).stream().flatMap(popup -> styledTexts(popup).stream())
                .filter(text -> text.getText().contains("CR3 root 0x200_0000")).findFirst()
                .orElseThrow(() -> new AssertionError("no popup text with the walk's trace"));
        assertTrue(trace.getText().lines().allMatch(line -> line.length() <= 80), trace.getText());
        assertTrue(trace.getText().contains("| PML4 | 0x200_0000 | 511 | 0x2004027 | table addr=0x200_4000"),
                trace.getText());
        // (the widget may be wider, as wide as the widest hover above it; its text is what must fit)
        Rectangle popup = trace.getShell().getBounds();
        int right = trace.toDisplay(trace.computeSize(SWT.DEFAULT, SWT.DEFAULT).x, 0).x;
        assertTrue(right <= popup.x + popup.width, "the trace's right edge " + right + " inside the popup " + popup);
        Path shot = Workbench.screenshot("eclipse-hover.png", newShells(before));
        assertTrue(Files.size(shot) > 10_000, "a screenshot: " + shot);
    }

    @Test
    void contentAssistAfterFormatIsShownAndSaved() throws Exception {
        IFile file = Workbench.project("popups").getFile("assist-shot.ptl");
        Workbench.write(file, "machine m {\n    format \n}\n");
        ITextEditor editor = Workbench.open(file);
        ISourceViewer viewer = Workbench.viewer(editor);
        editor.selectAndReveal("machine m {\n    format ".length(), 0);
        Workbench.waitForValidation(file); // the server has the file: it answers within the UI thread's bound

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

    /** The styled texts under {@code control}. */
    private static List<StyledText> styledTexts(Control control) {
        List<StyledText> found = new java.util.ArrayList<>();
        if (control instanceof StyledText text) {
            found.add(text);
        } else if (control instanceof org.eclipse.swt.widgets.Composite composite) {
            for (Control child : composite.getChildren()) {
                found.addAll(styledTexts(child));
            }
        }
        return found;
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
