package org.pt.tests.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pt.cli.Ptc;
import org.pt.dsl.validation.IssueCodes;

/**
 * Every spec snippet of the documentation ({@code docs/*.md} and {@code README.md}): each fenced {@code ```ptl} block
 * is checked with {@code ptc check} and must show exactly the errors and warnings announced, once per finding, and
 * none when none is announced; notes (walk results, reports) are free unless announced, in which case they are
 * counted too. A finding is announced by a first line {@code // expect: CODE} of the block, or by a line
 * {@code <!-- expect: CODE -->} right above it (invisible on the rendered page). A block may hold several files, each starting with a
 * line {@code // file: NAME.ptl}; otherwise it is one file, {@code spec.ptl}.
 *
 * <p>A {@code ```text} block right after a snippet whose first line is {@code $ ptc check ...} is the output that
 * check prints, verbatim (file names relative to the snippet's folder): the pages show what {@code ptc} really says.
 * Any other {@code ```text} block starting with {@code $ ptc} is a transcript of a command run from the repository
 * root ({@code $ ptc check examples/broken/region_overlap.ptl}): its other lines are what that command prints.
 * After an intended change of output, {@code -Dpt.golden.update=true} rewrites these blocks; review the diff.
 *
 * <p>{@code docs/diagnostics.md} documents every issue code of {@link IssueCodes}.
 */
public class DocsSnippetsTest {

    /** The repository root, seen from this module's folder (Surefire's working directory). */
    static final Path ROOT = Path.of("..");
    /** With {@code -Dpt.golden.update=true}, output blocks are rewritten with what ptc prints (review the diff). */
    private static final boolean UPDATE = Boolean.getBoolean("pt.golden.update");

    private static final Pattern FENCE = Pattern.compile("(?m)^```(\\w*)[ \\t]*\\n(.*?)^```[ \\t]*$", Pattern.DOTALL);
    private static final Pattern EXPECT = Pattern.compile("// expect: ([a-zA-Z][\\w.]*)\\s*");
    private static final Pattern HIDDEN_EXPECT = Pattern.compile("<!-- expect: ([a-zA-Z][\\w.]*) -->\\s*");
    private static final Pattern FILE = Pattern.compile("// file: ([\\w./-]+\\.ptl)\\s*");
    private static final Pattern FINDING = Pattern.compile("^.+?:\\d+:\\d+: (error|warning|note): .* \\[([^\\]]+)\\]$");

    /** A {@code ```ptl} block of a page, with its output block when one follows. */
    public record Snippet(Path page, int line, String text, String output, List<String> announced, String command) {
        @Override
        public String toString() {
            return ROOT.relativize(page) + ":" + line;
        }

        /** The announced codes, in order. */
        List<String> expected() {
            List<String> out = new ArrayList<>(announced);
            for (String l : text.lines().toList()) {
                Matcher m = EXPECT.matcher(l);
                if (m.matches()) {
                    out.add(m.group(1));
                } else if (!FILE.matcher(l).matches()) {
                    break;
                }
            }
            return out;
        }

        /**
         * The files of the block, by name, in order. Without {@code // file:} lines the block is one file, named as
         * in its output block's command ({@code $ ptc check first.ptl}), or {@code spec.ptl}.
         */
        public Map<String, String> files() {
            Map<String, String> files = new LinkedHashMap<>();
            String name = "spec.ptl";
            if (command != null && command.matches("\\$ ptc check [\\w-]+\\.ptl")) {
                name = command.substring("$ ptc check ".length());
            }
            StringBuilder current = new StringBuilder();
            for (String l : text.lines().toList()) {
                Matcher m = FILE.matcher(l);
                if (m.matches()) {
                    if (!current.toString().isBlank()) {
                        files.put(name, current.toString());
                    }
                    name = m.group(1);
                    current = new StringBuilder();
                }
                current.append(l).append('\n');
            }
            files.put(name, current.toString());
            return files;
        }
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        pages.add(ROOT.resolve("README.md"));
        return pages;
    }

    static List<Snippet> snippets(Path page) throws IOException {
        return read(page, new ArrayList<>());
    }

    /** The transcripts of a page: {@code ```text} blocks of a command run from the repository root. */
    static List<Snippet> transcripts(Path page) throws IOException {
        List<Snippet> transcripts = new ArrayList<>();
        read(page, transcripts);
        return transcripts;
    }

    private static List<Snippet> read(Path page, List<Snippet> transcripts) throws IOException {
        String text = Files.readString(page);
        List<Snippet> out = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        Snippet pending = null;
        int pendingEnd = -1;
        while (m.find()) {
            int line = (int) text.substring(0, m.start()).lines().count() + 1;
            String kind = m.group(1);
            boolean transcript = kind.equals("text") && m.group(2).startsWith("$ ptc");
            if (pending != null) {
                boolean adjacent = text.substring(pendingEnd, m.start()).isBlank();
                if (adjacent && transcript && m.group(2).startsWith("$ ptc check")) {
                    String body = m.group(2);
                    pending = new Snippet(pending.page(), pending.line(), pending.text(),
                            body.substring(body.indexOf('\n') + 1), pending.announced(),
                            body.substring(0, body.indexOf('\n')));
                    transcript = false;
                }
                out.add(pending);
                pending = null;
            }
            if (transcript) {
                transcripts.add(new Snippet(page, line, null, m.group(2), List.of(), null));
            }
            if (kind.equals("ptl")) {
                pending = new Snippet(page, line, m.group(2), null, hiddenExpectations(text, m.start()), null);
                pendingEnd = m.end();
            }
        }
        if (pending != null) {
            out.add(pending);
        }
        return out;
    }

    /** The {@code <!-- expect: CODE -->} lines right above a block starting at {@code fence}, in order. */
    private static List<String> hiddenExpectations(String text, int fence) {
        List<String> lines = text.substring(0, fence).lines().toList();
        List<String> out = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = HIDDEN_EXPECT.matcher(lines.get(i));
            if (!m.matches()) {
                break;
            }
            out.add(0, m.group(1));
        }
        return out;
    }

    public static List<Snippet> allSnippets() throws IOException {
        List<Snippet> all = new ArrayList<>();
        for (Path page : pages()) {
            all.addAll(snippets(page));
        }
        return all;
    }

    static List<Snippet> allTranscripts() throws IOException {
        List<Snippet> all = new ArrayList<>();
        for (Path page : pages()) {
            all.addAll(transcripts(page));
        }
        return all;
    }

    /**
     * A command as a page shows it, run from the repository root: paths are given to {@code ptc} relative to this
     * module's folder and printed back relative to the root.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allTranscripts")
    void transcriptIsWhatPtcPrints(Snippet transcript) {
        String body = transcript.output();
        String command = body.substring(0, body.indexOf('\n'));
        List<String> args = new ArrayList<>();
        for (String word : command.substring("$ ptc".length()).trim().split(" +")) {
            boolean path = !word.isEmpty() && !word.startsWith("-") && !word.equals("check") && !word.equals("generate")
                    && !word.equals("json")
                    && !word.equals("text");
            if (path && word.contains("*")) { // a shell glob, expanded as the shell would (sorted)
                Path folder = ROOT.resolve(word).getParent();
                String glob = word.substring(word.lastIndexOf('/') + 1);
                try (java.nio.file.DirectoryStream<Path> matches = Files.newDirectoryStream(folder, glob)) {
                    List<String> expanded = new ArrayList<>();
                    matches.forEach(p -> expanded.add(p.toString()));
                    expanded.stream().sorted().forEach(args::add);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            } else {
                args.add(path ? "../" + word : word);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            Ptc.run(args.toArray(String[]::new), o, e);
        }
        String printed = (out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
                .replace("../examples/", "examples/").replace("../docs/", "docs/");
        if (UPDATE) {
            rewriteOutput(transcript, printed);
        } else {
            assertEquals(body.substring(body.indexOf('\n') + 1), printed, () -> transcript + ": not what ptc prints");
        }
    }

    /**
     * Replaces the body of a snippet's output block (the first {@code $ ptc} block after the snippet's text), or of a
     * transcript, with {@code printed}. Found by content, so that earlier rewrites of the page do not misplace it.
     */
    private static void rewriteOutput(Snippet snippet, String printed) {
        try {
            String text = Files.readString(snippet.page());
            int from = snippet.text() != null ? text.indexOf("```ptl\n" + snippet.text() + "```")
                    : text.indexOf("```text\n" + snippet.output() + "```");
            if (from < 0) {
                throw new AssertionError(snippet + ": cannot find the block to rewrite");
            }
            int block = text.indexOf("```text\n$ ptc", from);
            int body = text.indexOf('\n', block + "```text\n".length()) + 1;
            int end = text.indexOf("```", body);
            Files.writeString(snippet.page(), text.substring(0, body) + printed + text.substring(end));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allSnippets")
    void snippetShowsWhatItsPageSays(Snippet snippet, @TempDir Path dir) throws IOException {
        for (Map.Entry<String, String> file : snippet.files().entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        String prefix = dir.toString().replace(dir.getFileSystem().getSeparator(), "/") + "/";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            List<String> args = new ArrayList<>(List.of("check"));
            snippet.files().keySet().forEach(name -> args.add(prefix + name));
            status = Ptc.run(args.toArray(String[]::new), o, e);
        }
        String printed = out.toString(StandardCharsets.UTF_8).replace(prefix, "");
        assertEquals("", err.toString(StandardCharsets.UTF_8), snippet.toString());
        assertTrue(status == 0 || status == 1, snippet + ": status " + status);

        List<String> expected = snippet.expected();
        List<String> shown = new ArrayList<>();
        for (String line : printed.lines().toList()) {
            Matcher m = FINDING.matcher(line);
            if (m.matches() && (!m.group(1).equals("note") || expected.contains(m.group(2)))) {
                shown.add(m.group(2));
            }
        }
        assertEquals(expected.stream().sorted().toList(), shown.stream().sorted().toList(),
                () -> snippet + " announces " + expected + " but ptc printed:\n" + printed);
        if (snippet.output() != null) {
            if (UPDATE) {
                rewriteOutput(snippet, printed);
            } else {
                assertEquals(snippet.output(), printed, () -> snippet + ": the output block is not what ptc prints");
            }
        }
    }

    @Test
    void everyConceptPageHasSnippets() throws IOException {
        for (String page : List.of("numbers-and-sizes", "machine", "layout", "space", "mapping", "strategies", "queries",
                "outputs", "imports-and-library", "diagnostics")) {
            Path path = ROOT.resolve("docs/" + page + ".md");
            assertTrue(Files.exists(path), path::toString);
            assertFalse(snippets(path).isEmpty(), () -> path + " has no ```ptl snippet");
        }
    }

    @Test
    void diagnosticsPageDocumentsEveryIssueCode() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/diagnostics.md"));
        Set<String> missing = new TreeSet<>();
        for (Field f : IssueCodes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    String code = (String) f.get(null);
                    if (!page.contains("`" + code + "`")) {
                        missing.add(code);
                    }
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertEquals(Set.of(), missing, "codes docs/diagnostics.md does not document");
    }
}
