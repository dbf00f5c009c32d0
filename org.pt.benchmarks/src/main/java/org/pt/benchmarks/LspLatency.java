package org.pt.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * Latency of the real {@code ptc lsp} process as an editor sees it (issue 9's targets: {@code initialize} ≤ 1 s,
 * edit → diagnostics p50 ≤ 100 ms on the Linux x86_64 example on one core and ≤ 300 ms on a spec with a space that
 * maps 64 GiB with 4 KiB pages, hover ≤ 50 ms). Not a JMH benchmark: each figure is the wall time an LSP client
 * (LSP4J's client launcher, over the process's standard streams) waits.
 *
 * <ul>
 * <li><b>initialize</b>: from starting the process ({@code ./ptc lsp}, the script and the application directory it
 * runs) to the answer of {@code initialize}, sent at once; and from the same start to the first diagnostics of the
 * Linux x86_64 example, opened right after that answer (the server then has to be built, and the file checked).
 * "first" runs start with an empty cache folder (no standard library copies: the first start after an install);
 * "later" runs have what the first run left.</li>
 * <li><b>edit → diagnostics</b>: a one-character {@code didChange} (incremental) to the opened file, then the wait for
 * the next {@code publishDiagnostics} of that file; on the Linux example edits alternate between two lines, each
 * changed and changed back; on the 64 GiB spec each kind of edit cycles through five values (every edit leaves a
 * valid spec).</li>
 * <li><b>hover</b>: a hover request at a place of the opened file and its answer.</li>
 * </ul>
 *
 * <p>Run from the repository's root: {@code ./build.sh lsp-latency [--cpus 0] [--edits N] ...} (see {@link #USAGE}).
 * Each server gets a fresh cache folder ({@code XDG_CACHE_HOME}: the standard library's copies) and workspace in a temporary folder.
 */
public final class LspLatency {

    static final String USAGE = """
            usage: LspLatency [--ptc PATH] [--cpus LIST] [--starts N] [--edits N] [--big-edits N] [--hovers N]
              --ptc PATH      the ptc script to run as `PATH lsp` (default ./ptc)
              --cpus LIST     run the server under `taskset -c LIST` (e.g. 0: one core)
              --starts N      initialize runs of each kind, first and later (default 3 and 5: N and N+2)
              --edits N       edits of the Linux x86_64 example (default 50)
              --big-edits N   edits of each kind of the 64 GiB spec (default 10)
              --hovers N      hovers at each place (default 50)
              --only LIST     some of initialize,linux,big (default all three)
            """;

    private static final long WAIT_SECONDS = 120;

    private Path ptc = Path.of("ptc").toAbsolutePath();
    private String cpus;
    private int starts = 3;
    private int edits = 50;
    private int bigEdits = 10;
    private int hovers = 50;
    private String only = "initialize,linux,big";
    private final List<String> table = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        LspLatency latency = new LspLatency();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--ptc" -> latency.ptc = Path.of(value).toAbsolutePath();
                case "--cpus" -> latency.cpus = value;
                case "--starts" -> latency.starts = Integer.parseInt(value);
                case "--edits" -> latency.edits = Integer.parseInt(value);
                case "--big-edits" -> latency.bigEdits = Integer.parseInt(value);
                case "--hovers" -> latency.hovers = Integer.parseInt(value);
                case "--only" -> latency.only = value;
                default -> {
                    System.err.print(USAGE);
                    System.exit(args[i].equals("-h") || args[i].equals("--help") ? 0 : 2);
                }
            }
            i++;
        }
        latency.run();
        System.exit(0); // LSP4J's reader threads would keep the JVM for a minute
    }

    private void run() throws Exception {
        Path root = Files.createTempDirectory("pt-lsp-latency");
        try {
            System.out.printf("ptc lsp latency: %s lsp%s, %d processors, load %s%n", ptc,
                    cpus == null ? "" : " under taskset -c " + cpus, Runtime.getRuntime().availableProcessors(),
                    loadAverage());
            List<String> parts = List.of(only.split(","));
            if (parts.contains("initialize")) {
                initializeRuns(root);
            }
            if (parts.contains("linux")) {
                linuxExample(root);
            }
            if (parts.contains("big")) {
                bigSpec(root);
            }
            System.out.println();
            System.out.printf("%-52s %8s %8s %8s %8s %5s%n", "measure (ms)", "min", "p50", "p95", "max", "n");
            table.forEach(System.out::println);
        } catch (Exception e) {
            Path stderr = root.resolve("server-stderr.txt");
            if (Files.exists(stderr)) {
                System.err.println("the servers' standard error:");
                System.err.println(Files.readString(stderr));
            }
            throw e;
        } finally {
            deleteTree(root);
        }
    }

    // ---------------------------------------------------------------------------------------------- initialize

    private void initializeRuns(Path root) throws Exception {
        Path cache = root.resolve("cache-init");
        Path workspace = Files.createDirectories(root.resolve("linux-start"));
        Path file = workspace.resolve("linux-x86_64-4level.ptl");
        Files.copy(Path.of("examples", "linux-x86_64-4level.ptl"), file);
        List<double[]> first = new ArrayList<>();
        List<double[]> later = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            deleteTree(cache); // no library copies: a first start
            first.add(timeStart(cache, workspace, file));
        }
        for (int i = 0; i < starts + 2; i++) {
            later.add(timeStart(cache, workspace, file));
        }
        row("initialize, first start (empty cache)", first.stream().map(t -> t[0]).toList());
        row("initialize, later starts", later.stream().map(t -> t[0]).toList());
        row("start -> linux example's diagnostics, first", first.stream().map(t -> t[1]).toList());
        row("start -> linux example's diagnostics, later", later.stream().map(t -> t[1]).toList());
    }

    /**
     * Starts a server, times its initialize and the first diagnostics of a file opened right after (both from the
     * process's start), shuts it down and waits for its end.
     */
    private double[] timeStart(Path cache, Path workspace, Path file) throws Exception {
        try (Session session = new Session(cache, root(workspace))) {
            double initialized = session.initialize(workspace);
            double checked = session.openedAndChecked(file);
            session.shutDown();
            return new double[] {initialized, checked};
        }
    }

    private static Path root(Path workspace) {
        return workspace.getParent();
    }

    // ---------------------------------------------------------------------------------------------- Linux example

    private void linuxExample(Path root) throws Exception {
        Path workspace = Files.createDirectories(root.resolve("linux"));
        Path file = workspace.resolve("linux-x86_64-4level.ptl");
        Files.copy(Path.of("examples", "linux-x86_64-4level.ptl"), file);
        try (Session session = new Session(root.resolve("cache-linux"), root)) {
            session.initialize(workspace);
            Document doc = session.open(file);
            // A map line (64 KiB <-> 68 KiB) and a walk address (0x0050_0000 <-> 0x0060_0000: a fault either way).
            Edit map = doc.edit("map 0xffff_c900_0000_0000 size 64 KiB", "size 6", "48");
            Edit walk = doc.edit("walk 0x0050_0000 expect fault", "walk 0x00", "56");
            List<Double> both = new ArrayList<>();
            for (int i = 0; i < edits; i++) {
                both.add(session.change(doc, i % 2 == 0 ? map : walk));
            }
            row("linux example: edit -> diagnostics", both);
            row("linux example: hover on an address literal",
                    session.hovers(doc, doc.position("walk 0xffff_ffff_8100_1234", "walk 0xffff_ffff_81".length()),
                            hovers));
            row("linux example: hover on a region name",
                    session.hovers(doc, doc.position("tables via direct-map direct_map", "tables via direct-map dir".length()),
                            hovers));
            session.shutDown();
        }
    }

    // ---------------------------------------------------------------------------------------------- 64 GiB spec

    /** A spec whose space 'kernel' maps 64 GiB with 4 KiB pages (16 Mi entries) and whose space 'small' is small. */
    static String bigSpec() {
        return """
                // Generated by LspLatency: 'kernel' maps 64 GiB with 4 KiB pages; 'small' is a small space of its own.
                machine big {
                    format x86_64
                    features nx, page_1g, global_pages
                    ram 0x0000_0000 size 64 GiB
                    tables from 0x0400_0000 size 256 MiB
                }

                layout higher_half for big {
                    user           0x0000_0000_0000_0000 size 128 TiB
                    direct_map     0xffff_8880_0000_0000 size 64 TiB
                    vmalloc kernel 0xffff_c900_0000_0000 size 32 TiB
                }

                space kernel uses higher_half {
                    tables via direct-map direct_map
                    map 0xffff_8880_0000_0000 size 64 GiB to 0x0 rw global nx pages smallest
                    walk 0xffff_8880_0010_0000 expect 0x0010_0000
                }

                space small uses higher_half {
                    tables via direct-map direct_map
                    map 0xffff_8880_0000_0000 size 1 GiB to 0x0 rw global nx
                    map 0x0040_0000 size 64 KiB to 0x0800_0000 user rx
                    map 0x0070_0000 size 64 KiB to 0x0900_0000 user rw nx
                    walk 0x0040_1234 expect 0x0800_1234
                    walk 0x0050_0000 expect fault
                }
                """;
    }

    private void bigSpec(Path root) throws Exception {
        Path workspace = Files.createDirectories(root.resolve("big"));
        Path file = workspace.resolve("big-64g-4k.ptl");
        Files.writeString(file, bigSpec());
        try (Session session = new Session(root.resolve("cache-big"), root)) {
            session.initialize(workspace);
            long start = System.nanoTime();
            Document doc = session.open(file);
            double open = (System.nanoTime() - start) / 1e6;
            // A walk in 'small' (the tables stay as they are), a map in 'small' (its physical address, 0x0900_0000 ->
            // 0x0910_0000 -> ... -> 0x09a0_0000: 'small' is built again, 'kernel' is not) and the 64 GiB map itself
            // (64 -> 65 -> ... -> 69 -> 60 -> ... -> 63 GiB, and the tenth edit back to 64). Within the default 10 edits
            // a map edit repeats no value but the tenth of the 64 GiB map: each other one is a build.
            Edit elsewhere = doc.edit("walk 0x0050_0000 expect fault", "walk 0x00", "56");
            Edit smallMap = doc.edit("map 0x0070_0000 size 64 KiB to 0x0900_0000 user rw nx", "to 0x09", "0123456789a");
            Edit mapping = doc.edit("size 64 GiB to 0x0 rw global nx pages smallest", "size 6", "4567890123");
            List<Double> untouched = new ArrayList<>();
            List<Double> small = new ArrayList<>();
            List<Double> touched = new ArrayList<>();
            for (int i = 0; i < bigEdits; i++) {
                untouched.add(session.change(doc, elsewhere));
            }
            for (int i = 0; i < bigEdits; i++) {
                small.add(session.change(doc, smallMap));
            }
            for (int i = 0; i < bigEdits; i++) {
                touched.add(session.change(doc, mapping));
            }
            row("64 GiB spec: open -> diagnostics", List.of(open));
            row("64 GiB spec: edit elsewhere -> diagnostics", untouched);
            row("64 GiB spec: edit of a map in small -> diagnostics", small);
            row("64 GiB spec: edit of the 64 GiB map -> diagnostics", touched);
            session.shutDown();
        }
    }

    // ---------------------------------------------------------------------------------------------- the client

    /** One {@code ptc lsp} process and an LSP client connected to it. */
    private final class Session implements AutoCloseable {
        private final Process process;
        private final LanguageServer server;
        private final BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
        private final long started;

        Session(Path cache, Path root) throws IOException {
            List<String> command = new ArrayList<>();
            if (cpus != null) {
                command.addAll(List.of("taskset", "-c", cpus));
            }
            command.addAll(List.of(ptc.toString(), "lsp"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(root.resolve("server-stderr.txt").toFile()));
            builder.environment().put("XDG_CACHE_HOME", cache.toString());
            started = System.nanoTime();
            process = builder.start();
            var launcher = LSPLauncher.createClientLauncher(new Client(published), process.getInputStream(),
                    process.getOutputStream());
            launcher.startListening();
            server = launcher.getRemoteProxy();
        }

        /** Sends initialize (and initialized); returns the ms from the process's start to the answer. */
        double initialize(Path workspace) throws Exception {
            InitializeParams params = new InitializeParams();
            params.setProcessId((int) ProcessHandle.current().pid());
            params.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "workspace")));
            params.setRootUri(workspace.toUri().toString());
            WorkspaceClientCapabilities folders = new WorkspaceClientCapabilities();
            folders.setWorkspaceFolders(true);
            ClientCapabilities capabilities = new ClientCapabilities();
            capabilities.setWorkspace(folders);
            params.setCapabilities(capabilities);
            server.initialize(params).get(WAIT_SECONDS, TimeUnit.SECONDS);
            double ms = (System.nanoTime() - started) / 1e6;
            server.initialized(new InitializedParams());
            return ms;
        }

        /** Opens a file; returns the ms from the process's start to its first diagnostics. */
        double openedAndChecked(Path file) throws Exception {
            String uri = file.toUri().toString();
            server.getTextDocumentService()
                    .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "pt", 1, Files.readString(file))));
            awaitDiagnostics(uri);
            return (System.nanoTime() - started) / 1e6;
        }

        /** Opens a file and waits for its first diagnostics and for the server to be quiet. */
        Document open(Path file) throws Exception {
            Document doc = new Document(file.toUri().toString(), Files.readString(file));
            server.getTextDocumentService()
                    .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(doc.uri, "pt", doc.version, doc.text)));
            awaitDiagnostics(doc.uri);
            // The background build publishes the workspace's files once more: wait until nothing comes for a while.
            while (published.poll(1, TimeUnit.SECONDS) != null) {
                // drained
            }
            return doc;
        }

        /** Applies one edit; returns the ms until the file's next diagnostics. */
        double change(Document doc, Edit edit) throws Exception {
            published.clear();
            TextDocumentContentChangeEvent change = doc.apply(edit);
            long start = System.nanoTime();
            server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                    new VersionedTextDocumentIdentifier(doc.uri, doc.version), List.of(change)));
            awaitDiagnostics(doc.uri);
            return (System.nanoTime() - start) / 1e6;
        }

        private void awaitDiagnostics(String uri) throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (true) {
                PublishDiagnosticsParams params = published.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (params == null) {
                    throw new IllegalStateException("no diagnostics for " + uri + " within " + WAIT_SECONDS + " s");
                }
                if (params.getUri().equals(uri)) {
                    if (params.getDiagnostics().stream().anyMatch(d -> d.getSeverity() != null
                            && d.getSeverity() == org.eclipse.lsp4j.DiagnosticSeverity.Error)) {
                        throw new IllegalStateException("an edit made the spec invalid: " + params.getDiagnostics());
                    }
                    return;
                }
            }
        }

        /** Times {@code n} hovers at a position (each answered with some text). */
        List<Double> hovers(Document doc, Position at, int n) throws Exception {
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                Hover hover = server.getTextDocumentService()
                        .hover(new HoverParams(new TextDocumentIdentifier(doc.uri), at))
                        .get(WAIT_SECONDS, TimeUnit.SECONDS);
                times.add((System.nanoTime() - start) / 1e6);
                if (hover == null || hover.getContents() == null) {
                    throw new IllegalStateException("no hover at " + at + " of " + doc.uri);
                }
            }
            return times;
        }

        void shutDown() throws Exception {
            server.shutdown().get(WAIT_SECONDS, TimeUnit.SECONDS);
            server.exit();
            if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("ptc lsp did not end after exit");
            }
            if (process.exitValue() != 0) { // a server that crashed is not a figure
                throw new IllegalStateException("ptc lsp ended with status " + process.exitValue());
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** An open document as the client holds it. */
    private static final class Document {
        final String uri;
        String text;
        int version = 1;

        Document(String uri, String text) {
            this.uri = uri;
            this.text = text;
        }

        /** Where {@code column} characters into the first occurrence of {@code line} is. */
        Position position(String line, int column) {
            int offset = text.indexOf(line);
            if (offset < 0) {
                throw new IllegalStateException("no '" + line + "' in " + uri);
            }
            return positionOf(offset + column);
        }

        private Position positionOf(int offset) {
            String before = text.substring(0, offset);
            int line = (int) before.chars().filter(c -> c == '\n').count();
            return new Position(line, offset - (before.lastIndexOf('\n') + 1));
        }

        /**
         * An edit that changes the character after {@code prefix} in {@code context}, now the first of {@code cycle},
         * to the next character of {@code cycle} each time, after its last to its first again.
         */
        Edit edit(String context, String prefix, String cycle) {
            int at = text.indexOf(context);
            int inside = context.indexOf(prefix);
            if (at < 0 || inside < 0 || context.charAt(inside + prefix.length()) != cycle.charAt(0)) {
                throw new IllegalStateException("no '" + context + "' with '" + cycle.charAt(0) + "' after '" + prefix
                        + "'");
            }
            return new Edit(at + inside + prefix.length(), cycle);
        }

        /** Applies an edit's next change here; returns the change to send. */
        TextDocumentContentChangeEvent apply(Edit edit) {
            char now = text.charAt(edit.offset);
            char next = edit.cycle.charAt((edit.cycle.indexOf(now) + 1) % edit.cycle.length());
            Position start = positionOf(edit.offset);
            text = text.substring(0, edit.offset) + next + text.substring(edit.offset + 1);
            version++;
            return new TextDocumentContentChangeEvent(
                    new Range(start, new Position(start.getLine(), start.getCharacter() + 1)), String.valueOf(next));
        }
    }

    private record Edit(int offset, String cycle) {
    }

    /** Records what the server publishes; answers everything else it may ask trivially. */
    private record Client(BlockingQueue<PublishDiagnosticsParams> published) implements LanguageClient {
        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            published.add(params);
        }

        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public void showMessage(MessageParams params) {
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams params) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {
        }
    }

    // ---------------------------------------------------------------------------------------------- figures

    private void row(String what, List<Double> ms) {
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        table.add(String.format(Locale.ROOT, "%-52s %8.0f %8.0f %8.0f %8.0f %5d", what, sorted[0],
                percentile(sorted, 50), percentile(sorted, 95), sorted[sorted.length - 1], sorted.length));
        System.out.println(table.get(table.size() - 1));
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String loadAverage() {
        try {
            return Arrays.stream(Files.readString(Path.of("/proc/loadavg")).split(" ")).limit(3)
                    .reduce((a, b) -> a + " " + b).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                path.toFile().setWritable(true); // the library's copies are read-only
                Files.delete(path);
            }
        }
    }
}
