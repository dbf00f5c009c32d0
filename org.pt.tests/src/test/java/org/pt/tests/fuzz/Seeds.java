package org.pt.tests.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.pt.tests.docs.DocsSnippetsTest;

/**
 * The specs a fuzz campaign starts from: every {@code .ptl} file of {@code examples/} (with {@code broken/} and the
 * files it imports) and every file of the documentation's {@code ```ptl} snippets, copied into a work folder so that
 * each mutant can be written next to its seed and import what the seed imports.
 */
final class Seeds {

    /** A seed file: as shown in reports, its copy in the work folder, its text. */
    record Seed(String shown, Path path, String text) {
    }

    private Seeds() {
    }

    /** Copies the seeds of the repository at {@code root} into {@code work} (emptied first); returns them, in order. */
    static List<Seed> copy(Path root, Path work) throws IOException {
        if (Files.exists(work)) {
            try (Stream<Path> old = Files.walk(work)) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        List<Seed> seeds = new ArrayList<>();
        Path examples = root.resolve("examples");
        try (Stream<Path> files = Files.walk(examples)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ptl")).sorted().toList()) {
                String shown = "examples/" + examples.relativize(file).toString().replace('\\', '/');
                seeds.add(write(work.resolve(shown), shown, Files.readString(file)));
            }
        }
        for (DocsSnippetsTest.Snippet snippet : DocsSnippetsTest.allSnippets()) {
            String folder = "docs/" + snippet.page().getFileName() + "-" + snippet.line();
            for (Map.Entry<String, String> file : snippet.files().entrySet()) {
                String shown = folder + "/" + file.getKey();
                seeds.add(write(work.resolve(shown), shown, file.getValue()));
            }
        }
        return seeds;
    }

    private static Seed write(Path to, String shown, String text) throws IOException {
        Files.createDirectories(to.getParent());
        Files.writeString(to, text);
        return new Seed(shown, to, text);
    }
}
