package org.pt.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.jface.text.hyperlink.IHyperlinkDetector;
import org.eclipse.jface.text.quickassist.IQuickAssistProcessor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.text.source.ISourceViewerExtension2;
import org.eclipse.jface.text.source.TextInvocationContext;
import org.eclipse.jface.text.source.inlined.AbstractInlinedAnnotation;
import org.eclipse.jface.text.codemining.ICodeMining;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.editors.text.EditorsUI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pt.dsl.ui.PtUiPlugin;
import org.pt.dsl.ui.markers.PtMarkers;
import org.pt.dsl.ui.server.PtServerConnection;
import org.pt.dsl.ui.services.PtContentAssist;

/**
 * The editor's services in a real workbench, each through what plugin.xml contributes. Minings are read from the
 * viewer's annotations (what it draws). Hover, content assist, quick assist and hyperlink detection cannot be
 * triggered by a gesture headless (they need the mouse or a key binding in a focused shell), so the tests create the
 * processor the extension registers and call it with the editor's own viewer, as the Generic Editor does.
 */
class PtServicesTest {

    private static final String LINUX = "examples/linux-x86_64-4level.ptl";
    /** The walk of kernel text, written with its expected physical address by the example's author. */
    private static final String KERNEL_WALK = "    walk 0xffff_ffff_8100_1234 expect 0x0100_1234";

    /** A machine whose format has no name yet, and the offset after {@code format }: the formats are proposed. */
    private static final String FORMAT_WITHOUT_NAME = "machine m {\n    format \n}\n";
    private static final int AFTER_FORMAT = "machine m {\n    format ".length();

    private static org.eclipse.core.resources.IProject project;

    @BeforeAll
    static void createProject() throws Exception {
        project = Workbench.project("services");
    }

    @Test
    void walkAnswerIsACodeMiningAtTheEndOfItsLine() throws Exception {
        IFile file = Workbench.copy(LINUX, project.getFile("linux.ptl"));
        String text = Workbench.text(file);
        ISourceViewer viewer = Workbench.viewer(Workbench.open(file));
        int lineEnd = text.indexOf(KERNEL_WALK + "\n") + KERNEL_WALK.length();
        assertTrue(lineEnd > KERNEL_WALK.length(), "the example has the kernel walk");

        Workbench.waitUntil(() -> "a code mining at offset " + lineEnd + "; minings: " + minings(viewer),
                () -> minings(viewer).containsKey(lineEnd));
        String label = minings(viewer).get(lineEnd);
        assertEquals(" → 0x100_1234 2 MiB k:r-x u:--- WB", label);
        // the answer's physical address is the one the author expected
        assertEquals(Long.parseLong("0100_1234".replace("_", ""), 16),
                Long.parseLong(label.substring(label.indexOf("0x") + 2, label.indexOf(" 2 MiB")).replace("_", ""), 16));
        long queries = text.lines().map(String::strip)
                .filter(l -> l.startsWith("walk ") || l.startsWith("reach ") || l.startsWith("report")
                        || l.startsWith("decode ")).count();
        assertEquals(queries, minings(viewer).size(), "one answer per walk, reach, report and decode");

        viewer.revealRange(lineEnd, 0);
        Path shot = Workbench.screenshot("eclipse-editor-minings.png");
        assertTrue(Files.size(shot) > 10_000, "a screenshot: " + shot);
    }

    @Test
    void hoverOnAWalksAddressShowsItsTrace() throws Exception {
        IFile file = Workbench.copy(LINUX, project.getFile("linux-hover.ptl"));
        String text = Workbench.text(file);
        ISourceViewer viewer = Workbench.viewer(Workbench.open(file));
        int address = text.indexOf(KERNEL_WALK) + KERNEL_WALK.indexOf("0xffff") + 5;
        ITextHover hover = Workbench.contributed("org.eclipse.ui.genericeditor.hoverProviders", ITextHover.class);
        // asked on the UI thread, the hover waits for the server a second at most: the file validated first
        Workbench.waitForValidation(file);

        String info = hover.getHoverInfo(viewer, hover.getHoverRegion(viewer, address));
        assertNotNull(info, "a hover at the address");
        assertTrue(info.startsWith("walk 0xffff_ffff_8100_1234 → 0x100_1234 2 MiB k:r-x u:--- WB\n"), info);
        // the walk's steps, as `ptc check` prints them for this line
        assertTrue(info.contains("CR3 root 0x200_0000"), info);
        assertTrue(!info.contains("**"), "markdown made plain text: " + info);
    }

    @Test
    void completionAfterFormatProposesThePagingFormats() throws Exception {
        IFile file = Workbench.write(project.getFile("assist.ptl"), FORMAT_WITHOUT_NAME);
        ISourceViewer viewer = Workbench.viewer(Workbench.open(file));
        int offset = AFTER_FORMAT;
        IContentAssistProcessor assist = assist();

        // right after opening: the first request sends the text itself
        ICompletionProposal[] proposals = assist.computeCompletionProposals(viewer, offset);
        // a server still building the workspace may take longer than the UI thread waits: a user asks again
        for (int again = 0; again < 20 && proposals.length == 0
                && PtContentAssist.NO_ANSWER.equals(assist.getErrorMessage()); again++) {
            proposals = assist.computeCompletionProposals(viewer, offset);
        }
        Map<String, ICompletionProposal> byLabel = new TreeMap<>();
        for (ICompletionProposal proposal : proposals) {
            byLabel.put(proposal.getDisplayString().split(" — ")[0], proposal);
        }
        // docs/paging-formats.md lists these twelve
        assertEquals(new java.util.TreeSet<>(List.of("x86-32", "x86-pae", "x86_64", "x86_64-la57", "aarch64-4k",
                "aarch64-16k", "aarch64-64k", "armv7", "sv32", "sv39", "sv48", "sv57")), byLabel.keySet());
        ICompletionProposal x86 = byLabel.get("x86_64");
        assertEquals("x86_64 — paging format: 4 levels, 48-bit VA, 46-bit PA by default", x86.getDisplayString());
        assertTrue(x86.getAdditionalProposalInfo().startsWith("levels PML4, PDPT, PD, PT;"),
                x86.getAdditionalProposalInfo());

        x86.apply(viewer.getDocument());
        assertEquals("machine m {\n    format x86_64\n}\n", viewer.getDocument().get());

        // a second position: a statement of a space proposes the queries
        IFile space = Workbench.copy(LINUX, project.getFile("assist-space.ptl"));
        ISourceViewer spaceViewer = Workbench.viewer(Workbench.open(space));
        String text = Workbench.text(space);
        Workbench.waitForValidation(space);
        int statement = text.indexOf(KERNEL_WALK) + 4;
        List<String> keywords = Arrays.stream(assist.computeCompletionProposals(spaceViewer, statement))
                .map(p -> p.getDisplayString().split(" — ")[0]).toList();
        assertTrue(keywords.containsAll(List.of("walk", "reach", "report", "map")), keywords.toString());
        assertTrue(!keywords.contains("x86_64"), "no format in a space: " + keywords);
    }

    @Test
    void slowServerBlocksContentAssistAndHoverOnlyUpToTheirBound() throws Exception {
        IFile file = Workbench.write(project.getFile("assist-slow.ptl"), FORMAT_WITHOUT_NAME);
        ISourceViewer viewer = Workbench.viewer(Workbench.open(file));
        int offset = AFTER_FORMAT;
        Region keyword = new Region(AFTER_FORMAT - 4, 0); // in `format`
        IContentAssistProcessor assist = assist();
        ITextHover hover = Workbench.contributed("org.eclipse.ui.genericeditor.hoverProviders", ITextHover.class);
        Workbench.waitForValidation(file);
        // answered as usual
        assertEquals(12, assist.computeCompletionProposals(viewer, offset).length);
        assertEquals(null, assist.getErrorMessage());
        assertNotNull(hover.getHoverInfo(viewer, keyword), "the keyword's hover");

        PtServerConnection connection = PtUiPlugin.connection();
        long delay = 5_000;
        connection.delayRequestsForTests(delay); // the server answers nothing for five seconds
        try {
            long start = System.nanoTime();
            ICompletionProposal[] none = assist.computeCompletionProposals(viewer, offset);
            long assistMillis = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            String noHover = hover.getHoverInfo(viewer, keyword);
            long hoverMillis = (System.nanoTime() - start) / 1_000_000;

            assertEquals(0, none.length);
            assertEquals("PT's language server did not answer within 1000 ms: no proposals", assist.getErrorMessage());
            assertEquals(PtContentAssist.NO_ANSWER, assist.getErrorMessage());
            assertEquals(null, noHover);
            for (long millis : new long[] { assistMillis, hoverMillis }) {
                assertTrue(millis >= PtServerConnection.UI_TIMEOUT_MILLIS
                        && millis < PtServerConnection.UI_TIMEOUT_MILLIS + 1_500 && millis < delay,
                        "the UI thread waited " + millis + " ms (bound " + PtServerConnection.UI_TIMEOUT_MILLIS + ")");
            }
        } finally {
            connection.delayRequestsForTests(0);
        }
        // and answers again once the server does
        assertEquals(12, assist.computeCompletionProposals(viewer, offset).length);
        assertEquals(null, assist.getErrorMessage());
    }

    @Test
    void quickAssistFixesTheUnitAndItsMarkerGoes() throws Exception {
        IFile file = Workbench.copy("examples/broken/unknown_unit.ptl", project.getFile("unknown_unit.ptl"));
        String before = Workbench.text(file);
        ITextEditor editor = Workbench.open(file);
        ISourceViewer viewer = Workbench.viewer(editor);
        IMarker marker = Workbench.waitForMarkers(file, 1)[0];
        int start = marker.getAttribute(IMarker.CHAR_START, -1);
        assertEquals("GIb", before.substring(start, start + 3));
        IQuickAssistProcessor quick = Workbench.contributed("org.eclipse.ui.genericeditor.quickAssistProcessors",
                IQuickAssistProcessor.class);

        TextInvocationContext context = new TextInvocationContext(viewer, start + 1, 0);
        assertTrue(quick.canAssist(context));
        ICompletionProposal[] fixes = quick.computeQuickAssistProposals(context);
        assertEquals(List.of("Change to 'GiB'"), Arrays.stream(fixes).map(ICompletionProposal::getDisplayString)
                .toList());
        fixes[0].apply(viewer.getDocument());

        assertEquals(before.substring(0, start) + "GiB" + before.substring(start + 3), viewer.getDocument().get());
        Workbench.waitUntil(() -> "no pt.unknown_unit marker: " + Arrays.toString(codes(file)),
                () -> !Arrays.asList(codes(file)).contains("pt.unknown_unit"));
        assertTrue(!quick.canAssist(new TextInvocationContext(viewer, start + 1, 0)), "nothing left to fix");
    }

    @Test
    void problemsViewQuickFixResolvesTheMarker() throws Exception {
        IFile file = Workbench.copy("examples/broken/unknown_format.ptl", project.getFile("unknown_format.ptl"));
        String before = Workbench.text(file);
        ITextEditor editor = Workbench.open(file);
        IMarker marker = Workbench.waitForMarkers(file, 1)[0];
        assertEquals("pt.unknown_format", marker.getAttribute(PtMarkers.CODE, ""));
        int start = marker.getAttribute(IMarker.CHAR_START, -1);
        int end = marker.getAttribute(IMarker.CHAR_END, -1);

        IMarkerResolution[] resolutions = IDE.getMarkerHelpRegistry().getResolutions(marker);
        assertEquals(List.of("Change to 'x86_64'"), Arrays.stream(resolutions).map(IMarkerResolution::getLabel)
                .toList());
        resolutions[0].run(marker);

        IDocument document = Workbench.viewer(editor).getDocument();
        assertEquals(before.substring(0, start) + "x86_64" + before.substring(end), document.get());
        Workbench.waitUntil(() -> "no pt.unknown_format marker: " + Arrays.toString(codes(file)),
                () -> !Arrays.asList(codes(file)).contains("pt.unknown_format"));
    }

    @Test
    void definitionOpensTheLayoutAndTheLibraryMachine() throws Exception {
        IFile file = Workbench.copy(LINUX, project.getFile("linux-definition.ptl"));
        String text = Workbench.text(file);
        ISourceViewer viewer = Workbench.viewer(Workbench.open(file));
        IHyperlinkDetector[] detectors = EditorsUI.getHyperlinkDetectorRegistry()
                .createHyperlinkDetectors("org.eclipse.ui.genericeditor.GenericEditor", Workbench.page()
                        .getActiveEditor());

        // `space kernel uses linux` → the layout's name in this file
        int use = text.indexOf("space kernel uses linux") + "space kernel uses ".length() + 2;
        IHyperlink local = definition(detectors, viewer, use);
        assertEquals("linux", text.substring(local.getHyperlinkRegion().getOffset(),
                local.getHyperlinkRegion().getOffset() + local.getHyperlinkRegion().getLength()));
        local.open();
        assertEquals(new Region(text.indexOf("layout linux") + "layout ".length(), "linux".length()),
                selection(Workbench.page().getActiveEditor()));

        // `for std.pc_x86_64` → the standard library's machine, in its read-only copy
        int machine = text.indexOf("for std.pc_x86_64") + "for std.".length() + 2;
        definition(detectors, viewer, machine).open();
        IEditorPart library = Workbench.page().getActiveEditor();
        assertEquals("pc-x86_64.ptl", library.getEditorInput().getName());
        String libraryText = Files.readString(Workbench.ROOT.resolve("org.pt.dsl/src/main/resources/std/pc-x86_64.ptl"));
        assertEquals(new Region(libraryText.indexOf("machine pc_x86_64") + "machine ".length(), "pc_x86_64".length()),
                selection(library));
    }

    @Test
    void outlineListsSpacesWithTheirStatementsAndSelectionRevealsThem() throws Exception {
        IFile file = Workbench.copy(LINUX, project.getFile("linux-outline.ptl"));
        String text = Workbench.text(file);
        ITextEditor editor = Workbench.open(file);
        Workbench.page().showView(org.eclipse.ui.IPageLayout.ID_OUTLINE);
        Workbench.page().activate(editor);
        // the outline page the Outline view shows for this editor
        org.eclipse.ui.views.contentoutline.ContentOutlinePage page =
                (org.eclipse.ui.views.contentoutline.ContentOutlinePage) ((org.eclipse.ui.part.PageBookView) Workbench
                        .page().findView(org.eclipse.ui.IPageLayout.ID_OUTLINE)).getCurrentPage();
        org.eclipse.swt.widgets.Tree tree = (org.eclipse.swt.widgets.Tree) page.getControl();

        // the top level: the layout, the two spaces and the outputs (`generate` at a line's start), in file order
        List<String> top = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("layout ") || line.startsWith("space ") || line.startsWith("machine ")) {
                top.add(line.split(" ")[1]);
            } else if (line.startsWith("generate ")) {
                top.add("generate");
            }
        }
        assertEquals(List.of("linux", "kernel", "init", "generate", "generate"), top, "the example's top level");
        Workbench.waitUntil(() -> "outline rows " + top + " in " + page.getClass().getName() + ", found "
                + Arrays.stream(tree.getItems()).map(org.eclipse.swt.widgets.TreeItem::getText).toList(),
                () -> tree.getItemCount() == top.size());
        assertEquals(top, Arrays.stream(tree.getItems()).map(org.eclipse.swt.widgets.TreeItem::getText)
                .map(row -> row.startsWith("generate ") ? "generate" : row).toList());
        // the kernel space's children are its statements as written
        org.eclipse.swt.widgets.TreeItem kernel = tree.getItem(1);
        List<String> statements = Arrays.stream(kernel.getItems()).map(org.eclipse.swt.widgets.TreeItem::getText)
                .toList();
        assertTrue(statements.contains(KERNEL_WALK.strip()), statements.toString());
        assertTrue(statements.contains("report"), statements.toString());
        // the layout's children are its regions: the EFI row among them
        assertTrue(Arrays.stream(tree.getItem(0).getItems()).anyMatch(i -> i.getText().startsWith("efi")),
                "a region 'efi'");

        org.eclipse.swt.widgets.TreeItem walk = kernel.getItems()[statements.indexOf(KERNEL_WALK.strip())];
        page.setSelection(new org.eclipse.jface.viewers.StructuredSelection(walk.getData()));
        Region selected = selection(editor);
        assertEquals(text.indexOf(KERNEL_WALK) + 4, selected.getOffset(), "the walk's keyword selected");
    }

    @Test
    void bracketsMatch() throws Exception {
        IFile file = Workbench.copy(LINUX, project.getFile("linux-brackets.ptl"));
        String text = Workbench.text(file);
        ISourceViewer viewer = Workbench.viewer(Workbench.open(file));
        org.eclipse.jface.text.source.ICharacterPairMatcher brackets = Workbench.contributed(
                "org.eclipse.ui.genericeditor.characterPairMatchers",
                org.eclipse.jface.text.source.ICharacterPairMatcher.class);
        int open = text.indexOf("space kernel uses linux {") + "space kernel uses linux ".length();
        int close = text.indexOf("\n}\n", open) + 1;
        org.eclipse.jface.text.IRegion pair = brackets.match(viewer.getDocument(), open + 1);
        assertEquals(new Region(open, close - open + 1), new Region(pair.getOffset(), pair.getLength()));
    }

    @Test
    void newFileWizardWritesAStarterSpecThatChecksClean() throws Exception {
        org.eclipse.ui.wizards.IWizardDescriptor descriptor = org.eclipse.ui.PlatformUI.getWorkbench()
                .getNewWizardRegistry().findWizard("org.pt.dsl.ui.newFile");
        assertNotNull(descriptor, "the wizard under File > New > Other");
        org.eclipse.ui.INewWizard wizard = (org.eclipse.ui.INewWizard) descriptor.createWizard();
        wizard.init(org.eclipse.ui.PlatformUI.getWorkbench(),
                new org.eclipse.jface.viewers.StructuredSelection(project));
        // the wizard's pages in a dialog that is created, not opened (opening would wait for a user)
        org.eclipse.jface.wizard.WizardDialog dialog = new org.eclipse.jface.wizard.WizardDialog(
                Workbench.page().getWorkbenchWindow().getShell(), wizard);
        dialog.create();
        org.eclipse.ui.dialogs.WizardNewFileCreationPage page = ((org.pt.dsl.ui.wizards.NewPtFileWizard) wizard).page();
        page.setFileName("starter.ptl");
        assertTrue(wizard.canFinish(), "the project is selected and the name is set");
        assertTrue(wizard.performFinish());
        dialog.close();

        IFile file = project.getFile("starter.ptl");
        assertTrue(file.exists());
        assertEquals(org.pt.dsl.ui.wizards.NewPtFileWizard.STARTER, Workbench.text(file));
        assertEquals("starter.ptl", Workbench.page().getActiveEditor().getEditorInput().getName(), "opened");
        // checked clean: its walk's answer arrives as a note, and nothing is an error or a warning
        Workbench.waitUntil(() -> "the starter's walk note: " + Arrays.toString(Workbench.markers(file)),
                () -> Arrays.stream(Workbench.markers(file))
                        .anyMatch(m -> "pt.walk_result".equals(m.getAttribute(PtMarkers.CODE, ""))));
        for (IMarker marker : Workbench.markers(file)) {
            assertEquals(IMarker.SEVERITY_INFO, marker.getAttribute(IMarker.SEVERITY, -1), Workbench.describe(marker));
        }
    }

    @Test
    void formatDocumentCommandFormatsTheEditorsText() throws Exception {
        IFile file = Workbench.write(project.getFile("format.ptl"), "machine pc{format x86_64}\n");
        ITextEditor editor = Workbench.open(file);
        Workbench.page().activate(editor);
        // the command Ctrl+Shift+F runs in a PT editor (a key press cannot be sent to an unfocused headless shell)
        Workbench.page().getWorkbenchWindow().getService(org.eclipse.ui.handlers.IHandlerService.class)
                .executeCommand("org.pt.dsl.ui.format", null);
        // PT's formatter, as PtFormatterTest states it: braces spaced, one statement a line, four spaces indented
        assertEquals("machine pc {\n    format x86_64\n}\n", Workbench.viewer(editor).getDocument().get());
    }

    @Test
    void toggleCommentCommentsAndUncommentsTheSelectedLines() throws Exception {
        String spec = "machine pc {\n    format x86_64\n    ram 0x0 size 4 GiB\n}\n";
        IFile file = Workbench.write(project.getFile("comment.ptl"), spec);
        ITextEditor editor = Workbench.open(file);
        Workbench.page().activate(editor);
        org.eclipse.ui.handlers.IHandlerService handlers = Workbench.page().getWorkbenchWindow()
                .getService(org.eclipse.ui.handlers.IHandlerService.class);
        editor.selectAndReveal(spec.indexOf("format"), spec.indexOf("GiB") - spec.indexOf("format"));

        handlers.executeCommand("org.pt.dsl.ui.toggleComment", null);
        IDocument document = Workbench.viewer(editor).getDocument();
        assertEquals("machine pc {\n    // format x86_64\n    // ram 0x0 size 4 GiB\n}\n", document.get());

        editor.selectAndReveal(document.get().indexOf("format"), 0);
        handlers.executeCommand("org.pt.dsl.ui.toggleComment", null);
        assertEquals("machine pc {\n    format x86_64\n    // ram 0x0 size 4 GiB\n}\n", document.get());
    }

    @Test
    void typingABraceAtALinesEndClosesTheBlock() throws Exception {
        String spec = "machine pc {\n    format x86_64\n}\nspace s uses l \n";
        IFile file = Workbench.write(project.getFile("braces.ptl"), spec);
        IDocument document = Workbench.viewer(Workbench.open(file)).getDocument();
        org.eclipse.jface.text.IAutoEditStrategy braces = Workbench.contributed(
                "org.eclipse.ui.genericeditor.autoEditStrategies", org.eclipse.jface.text.IAutoEditStrategy.class);
        // what the viewer does with a typed character: a document command the strategy may change, then applied
        // (typing itself needs a focused window)
        int end = spec.indexOf("l \n") + 2;
        Typed brace = new Typed(end, "{");
        braces.customizeDocumentCommand(document, brace);
        document.replace(brace.offset, brace.length, brace.text);
        assertEquals("machine pc {\n    format x86_64\n}\nspace s uses l {\n    \n}\n", document.get());
        assertEquals(end + "{\n    ".length(), brace.caretOffset, "the caret on the indented empty line");

        // in the middle of a line nothing is added
        Typed inside = new Typed(spec.indexOf("format"), "{");
        braces.customizeDocumentCommand(document, inside);
        assertEquals("{", inside.text);
    }

    /** A typed character as the viewer hands it to auto-edit strategies. */
    private static final class Typed extends org.eclipse.jface.text.DocumentCommand {
        Typed(int offset, String text) {
            this.offset = offset;
            this.length = 0;
            this.text = text;
            this.caretOffset = -1;
            this.doit = true;
        }
    }

    @Test
    void referencesOfALayoutAreItsDeclarationAndItsUses() throws Exception {
        IFile file = Workbench.copy(LINUX, project.getFile("linux-references.ptl"));
        String text = Workbench.text(file);
        ITextEditor editor = Workbench.open(file);
        Workbench.page().activate(editor);
        assertTrue(Workbench.page().getWorkbenchWindow().getService(org.eclipse.ui.commands.ICommandService.class)
                .getCommand("org.pt.dsl.ui.references").isHandled(), "Find PT References is active in a PT editor");
        // every occurrence of the name: `layout linux` and each `uses linux`, as file:line:column
        List<String> expected = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            for (String use : List.of("layout linux ", "uses linux ")) {
                int at = lines.get(i).indexOf(use);
                if (at >= 0) {
                    expected.add("linux-references.ptl:" + (i + 1) + ":" + (at + use.indexOf("linux") + 1));
                }
            }
        }
        assertEquals(3, expected.size(), "the layout and the two spaces using it: " + expected);

        // the list the command shows (the dialog itself would wait for a user)
        org.pt.dsl.ui.services.ServerDocument document = org.pt.dsl.ui.services.ServerDocument
                .of(Workbench.viewer(editor).getDocument()).orElseThrow();
        int declaration = text.indexOf("layout linux") + "layout ".length() + 1;
        List<String> found = org.pt.dsl.ui.services.PtReferences.find(document, declaration).stream()
                .map(org.pt.dsl.ui.services.PtReferences::label).sorted().toList();
        assertEquals(expected.stream().sorted().toList(), found);
    }

    private static IHyperlink definition(IHyperlinkDetector[] detectors, ISourceViewer viewer, int offset) {
        List<IHyperlink> links = new ArrayList<>();
        for (IHyperlinkDetector detector : detectors) {
            IHyperlink[] found = detector.detectHyperlinks(viewer, new Region(offset, 0), false);
            if (found != null) {
                links.addAll(Arrays.stream(found).filter(l -> "PT definition".equals(l.getTypeLabel())).toList());
            }
        }
        assertEquals(1, links.size(), "one PT definition at " + offset + ": " + links);
        return links.get(0);
    }

    private static Region selection(IEditorPart editor) {
        ITextSelection selection = (ITextSelection) ((ITextEditor) editor).getSelectionProvider().getSelection();
        return new Region(selection.getOffset(), selection.getLength());
    }

    private static String[] codes(IFile file) {
        return Arrays.stream(Workbench.markers(file)).map(m -> m.getAttribute(PtMarkers.CODE, ""))
                .filter(code -> !code.endsWith("_result") && !code.equals("pt.cost_report"))
                .toArray(String[]::new);
    }

    /** The code minings the viewer draws, by document offset: their labels. */
    private static IContentAssistProcessor assist() throws Exception {
        return Workbench.contributed("org.eclipse.ui.genericeditor.contentAssistProcessors",
                IContentAssistProcessor.class);
    }

    private static Map<Integer, String> minings(ISourceViewer viewer) {
        Map<Integer, String> labels = new TreeMap<>();
        Iterator<Annotation> annotations = ((ISourceViewerExtension2) viewer).getVisualAnnotationModel()
                .getAnnotationIterator();
        while (annotations.hasNext()) {
            if (annotations.next() instanceof AbstractInlinedAnnotation inlined && !inlined.isMarkedDeleted()) {
                StringBuilder label = new StringBuilder();
                for (ICodeMining mining : inlined.getMinings()) {
                    if (mining.getLabel() != null) {
                        label.append(mining.getLabel());
                    }
                }
                if (!label.isEmpty()) {
                    labels.put(inlined.getPosition().getOffset(), label.toString());
                }
            }
        }
        return labels;
    }
}
