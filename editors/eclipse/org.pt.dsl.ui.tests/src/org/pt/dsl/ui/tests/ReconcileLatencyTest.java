package org.pt.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.text.IDocument;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.Test;
import org.pt.dsl.ui.PtUiPlugin;
import org.pt.dsl.ui.editor.PtReconciler;
import org.pt.dsl.ui.services.PtCodeMinings;

/**
 * One-character edits of the Linux x86_64 example in the editor (a map's size and a walk's address, alternately, as
 * {@code LspLatency} edits it over LSP): the time from each reconcile's start to the markers and code minings of the
 * edited text, and how late a UI-thread probe (every 10 ms) runs meanwhile. Asserted: the reconcile's server work
 * runs off the UI thread and the markers and minings end up those of the edited text. Printed, not asserted (the
 * machine is shared): the figures, and the probe's largest lateness during each of the first (uncounted) edits after
 * the file opened, with what the UI thread was doing then.
 */
class ReconcileLatencyTest {

    private static final String LINUX = "examples/linux-x86_64-4level.ptl";
    private static final int EDITS = 30;
    /**
     * Edits made first and not counted: the first of each kind pays one-time costs on the UI thread (classes loaded,
     * AWT and ImageIO started, a marker kind's SVG icon drawn), which the figures are not about.
     */
    private static final int WARM_UP = 6;
    private static final String WALK = "walk 0x0050_0000 expect fault";
    /** The walk's address made 0x0040_0000, /sbin/init's text: mapped, so "expect fault" fails there. */
    private static final String MAPPED_WALK = "walk 0x0040_0000 expect fault";
    private static final String MAP = "map 0xffff_c900_0000_0000 size 64 KiB";

    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, Long> minings = new ConcurrentHashMap<>();
    private final Map<String, List<String>> miningLabels = new ConcurrentHashMap<>();
    private final Map<Thread, Set<String>> serverThreads = new ConcurrentHashMap<>();
    private final List<Long> markerChanges = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> probeLateness = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean probing;
    /** Threads are recorded while edits are measured (opening the editor is not). */
    private volatile boolean measuring;
    private volatile long lastProbe;
    /** What the UI thread was doing when the probe was more than 100 ms late: its top frames, and how often. */
    private final Map<String, Integer> busy = new ConcurrentHashMap<>();
    private volatile String uiSender = "";

    @Test
    void editsReconcileOffTheUiThreadAndUpdateMarkersAndMinings() throws Exception {
        IFile file = Workbench.copy(LINUX, Workbench.project("latency").getFile("linux.ptl"));
        String original = Workbench.text(file);
        int walk = original.indexOf(WALK);
        int map = original.indexOf(MAP);
        assertTrue(walk > 0 && map > 0, "the example has the edited lines");
        int walkLine = (int) original.substring(0, walk).lines().count(); // 1-based: the walk's own line counts
        long walks = original.lines().filter(line -> line.strip().startsWith("walk ")).count();

        IDocument[] document = new IDocument[1];
        Thread ui = Display.getCurrent().getThread();
        PtReconciler.Listener reconciles = new PtReconciler.Listener() {
            @Override
            public void started(IDocument edited, String text) {
                if (edited == document[0]) {
                    seen("reconcile start");
                    started.putIfAbsent(text, System.nanoTime()); // the first reconcile of it
                }
            }

            @Override
            public void synced(IDocument edited, String text) {
                if (edited == document[0]) {
                    seen("reconcile's requests answered");
                }
            }
        };
        PtCodeMinings.Listener mined = (edited, text, labels) -> {
            if (edited == document[0]) {
                seen("inlay hints answered");
                minings.putIfAbsent(text, System.nanoTime());
                miningLabels.put(text, labels);
            }
        };
        Consumer<PublishDiagnosticsParams> validated = diagnostics -> seen("diagnostics published");
        Consumer<String> sent = uri -> seen("text sent");
        IResourceChangeListener markers = event -> {
            if (event.findMarkerDeltas(null, false).length > 0) {
                markerChanges.add(System.nanoTime());
            }
        };
        PtReconciler.addListener(reconciles);
        PtCodeMinings.addListener(mined);
        PtUiPlugin.connection().addDiagnosticsListener(validated);
        PtUiPlugin.connection().addSendListener(sent);
        ResourcesPlugin.getWorkspace().addResourceChangeListener(markers, IResourceChangeEvent.POST_CHANGE);
        try {
            ITextEditor editor = Workbench.open(file);
            document[0] = editor.getDocumentProvider().getDocument(editor.getEditorInput());
            Workbench.waitUntil("a note per walk", () -> notes(file).size() == walks && minings.containsKey(original));
            int baseline = Workbench.markers(file).length;
            String faultLabel = label(original, walkLine);
            startProbe();
            measuring = true;

            List<Long> toStart = new ArrayList<>();
            List<Long> toMarkers = new ArrayList<>();
            List<Long> startToBoth = new ArrayList<>();
            List<Long> toMinings = new ArrayList<>();
            List<Long> firstEdits = new ArrayList<>(); // the probe's maximum lateness during each uncounted edit
            for (int i = 0; i < WARM_UP + EDITS; i++) {
                if (i == WARM_UP) { // the steady state from here on
                    printFirstEdits(firstEdits);
                    probeLateness.clear();
                    busy.clear();
                }
                int probesBefore = probeLateness.size();
                boolean counted = i >= WARM_UP;
                IDocument edited = document[0];
                String text = edited.get();
                int edit = i;
                boolean walkEdit = i % 2 == 1;
                int offset = walkEdit ? walk + "walk 0x00".length() : map + "map 0xffff_c900_0000_0000 size 6".length();
                char now = text.charAt(offset);
                char next = walkEdit ? (now == '5' ? '4' : '5') : (now == '4' ? '8' : '4');
                int changesBefore = markerChanges.size();
                started.clear(); // texts recur (every edit is undone two edits later)
                minings.clear();
                long edit0 = System.nanoTime();
                edited.replace(offset, 1, String.valueOf(next));
                String expected = edited.get();
                boolean mapped = expected.contains(MAPPED_WALK);

                Workbench.waitUntil(() -> "markers and minings of edit " + edit,
                        () -> started.containsKey(expected) && minings.containsKey(expected)
                                && markerChanges.size() > changesBefore
                                && errors(file).size() == (mapped ? 1 : 0));
                if (!counted) {
                    List<Long> during = new ArrayList<>(probeLateness);
                    firstEdits.add(max(during.subList(probesBefore, during.size())));
                }
                if (counted) {
                    toStart.add(started.get(expected) - edit0);
                    toMarkers.add(markerChanges.get(changesBefore) - edit0);
                    toMinings.add(minings.get(expected) - edit0);
                }
                long last = Math.max(markerChanges.get(changesBefore), minings.get(expected));
                if (counted && started.get(expected) < markerChanges.get(changesBefore)) {
                    startToBoth.add(last - started.get(expected)); // the reconcile sent the text itself
                }

                // The markers and the walk line's answer are those of the edited text.
                if (mapped) {
                    List<IMarker> errors = errors(file);
                    assertEquals(walkLine, errors.get(0).getAttribute(IMarker.LINE_NUMBER, -1),
                            Workbench.describe(errors.get(0)));
                    assertEquals(baseline, Workbench.markers(file).length, "the walk's note became an error");
                    String label = label(expected, walkLine);
                    assertTrue(label.contains("0x800_0000"), "the mapped walk's answer: " + label);
                } else {
                    assertEquals(baseline, Workbench.markers(file).length);
                    assertEquals(walks, notes(file).size());
                    assertEquals(faultLabel, label(expected, walkLine));
                }
            }
            probing = false;
            measuring = false;

            // No reconcile, validation or server answer ran on the UI thread.
            assertFalse(serverThreads.isEmpty());
            assertFalse(serverThreads.containsKey(ui), "server work on the UI thread: " + serverThreads
                    + "\n" + uiSender);
            busy.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                    .forEach(entry -> System.out.println("UI thread busy (" + entry.getValue() + " samples): "
                            + entry.getKey()));
            System.out.printf("ReconcileLatencyTest (%d edits after %d not counted, %d CPUs): edit -> reconcile start p50 %d ms, p95 %d ms,"
                    + " max %d ms; edit -> markers p50 %d ms, p95 %d ms,"
                    + " max %d ms; edit -> minings p50 %d ms, p95 %d ms, max %d ms; UI probe (every 10 ms, %d runs)"
                    + " lateness p95 %d ms, max %d ms%n", EDITS, WARM_UP, Runtime.getRuntime().availableProcessors(),
                    millis(toStart, 50), millis(toStart, 95), millis(toStart, 100),
                    millis(toMarkers, 50), millis(toMarkers, 95), millis(toMarkers, 100), millis(toMinings, 50),
                    millis(toMinings, 95), millis(toMinings, 100), probeLateness.size(), millis(probeLateness, 95),
                    millis(probeLateness, 100));
            if (!startToBoth.isEmpty()) {
                System.out.printf("ReconcileLatencyTest: reconcile start -> markers and minings (the %d edits whose"
                        + " markers came after the reconcile started) p50 %d ms, p95 %d ms, max %d ms%n",
                        startToBoth.size(), millis(startToBoth, 50), millis(startToBoth, 95), millis(startToBoth, 100));
            }
            assertTrue(probeLateness.size() > EDITS, "the probe ran during the edits: " + probeLateness.size());
        } finally {
            probing = false;
            PtReconciler.removeListener(reconciles);
            PtCodeMinings.removeListener(mined);
            PtUiPlugin.connection().removeDiagnosticsListener(validated);
            PtUiPlugin.connection().removeSendListener(sent);
            ResourcesPlugin.getWorkspace().removeResourceChangeListener(markers);
            Workbench.page().closeAllEditors(false);
        }
    }

    /**
     * Prints the probe's maximum lateness during each of the first (uncounted) edits after the file opened, and what
     * the UI thread was doing when the probe was late: the one-time costs of the first edits.
     */
    private void printFirstEdits(List<Long> firstEdits) {
        busy.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                .forEach(entry -> System.out.println("UI thread busy during the first edits (" + entry.getValue()
                        + " samples): " + entry.getKey()));
        System.out.println("ReconcileLatencyTest: the first " + firstEdits.size() + " edits after opening, UI probe"
                + " max lateness per edit (ms): " + firstEdits.stream().map(nanos -> String.valueOf(nanos / 1_000_000))
                        .collect(java.util.stream.Collectors.joining(", ")) + "; max " + max(firstEdits) / 1_000_000
                + " ms");
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private void seen(String what) {
        if (!measuring) {
            return;
        }
        if (Display.getCurrent() != null && "text sent".equals(what)) {
            uiSender = Arrays.stream(new Throwable().getStackTrace()).limit(14).map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining("\n  "));
        }
        serverThreads.computeIfAbsent(Thread.currentThread(), thread -> ConcurrentHashMap.newKeySet()).add(what);
    }

    /** Every 10 ms on the UI thread: how late it runs. */
    private void startProbe() {
        probing = true;
        Display display = Display.getCurrent();
        Runnable probe = new Runnable() {
            private long due = System.nanoTime() + 10_000_000L;

            @Override
            public void run() {
                if (!probing) {
                    return;
                }
                long now = System.nanoTime();
                probeLateness.add(Math.max(0, now - due));
                lastProbe = now;
                due = now + 10_000_000L;
                display.timerExec(10, this);
            }
        };
        display.timerExec(10, probe);
        lastProbe = System.nanoTime();
        Thread ui = display.getThread();
        Thread sampler = new Thread(() -> {
            while (probing) {
                if (System.nanoTime() - lastProbe > 100_000_000L) {
                    String frames = Arrays.stream(ui.getStackTrace()).limit(12).map(String::valueOf)
                            .collect(java.util.stream.Collectors.joining(" < "));
                    busy.merge(frames, 1, Integer::sum);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "UI probe sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The mining label on line {@code line} (1-based) of {@code text}: the one whose line's text is a walk. */
    private String label(String text, int line) {
        String walkText = text.lines().skip(line - 1).findFirst().orElseThrow().strip();
        List<String> labels = miningLabels.get(text);
        List<String> walkLines = text.lines().map(String::strip).filter(l -> l.startsWith("walk ")
                || l.startsWith("reach ") || l.startsWith("report") || l.startsWith("decode ")).toList();
        int index = walkLines.indexOf(walkText);
        assertTrue(index >= 0 && labels.size() == walkLines.size(),
                "one mining per query: " + labels.size() + " vs " + walkLines.size() + " " + labels);
        return labels.get(index);
    }

    private static List<IMarker> notes(IFile file) {
        return Arrays.stream(Workbench.markers(file))
                .filter(marker -> "pt.walk_result".equals(marker.getAttribute(org.pt.dsl.ui.markers.PtMarkers.CODE,
                        ""))).toList();
    }

    private static List<IMarker> errors(IFile file) {
        return Arrays.stream(Workbench.markers(file))
                .filter(marker -> marker.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR).toList();
    }

    /** The {@code percent} percentile of nanosecond figures, in ms (100: the maximum). */
    private static long millis(List<Long> nanos, int percent) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1_000_000;
    }
}
