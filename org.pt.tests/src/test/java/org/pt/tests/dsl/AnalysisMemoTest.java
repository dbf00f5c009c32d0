package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.PtRuntimeModule;
import org.pt.dsl.model.SpecAnalyzer;
import org.pt.dsl.model.SpecIssue;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.engine.analysis.Analysis;
import org.pt.engine.analysis.AnalysisMemo;
import org.pt.engine.analysis.AnalysisResult;
import org.pt.engine.model.Query;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.SystemModel;

/**
 * The analysis memo across edits, validated as the language server validates (each text parsed as a new resource):
 * what it reports equals what a fresh analysis reports, it reuses the tables built for an earlier text when an edit
 * leaves them alike, and builds them again when an edit changes them.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class AnalysisMemoTest {

    /** Two spaces of one machine, sharing the kernel half; walks, a reach, reports and an output. */
    static final String SPEC = SpecTestSupport.HH + """
            space kernel uses hh {
                tables via direct-map direct_map
                map all ram into direct_map rw global nx
                map 0xffff_ffff_8000_0000 size 2 MiB to 0x20_0000 rx global
                map 0xffff_ffff_8040_0000 size 64 KiB to 0x40_0000 rw nx
                walk 0xffff_ffff_8000_1234 expect 0x20_1234
                walk 0xffff_8880_0000_5000
                reach 0xffff_ffff_8000_0000 from kernel
                report
            }
            // the first process
            space init uses hh {
                share kernel half with kernel
                map 0x40_0000 size 16 KiB to 0x80_0000 user rx
                walk 0x40_1000
                report tables
            }
            generate json for kernel, init at physical 0x80_0000 into "tables.json"
            """;

    /** The engine's analysis without the memo: what every diagnostic must equal. */
    static class FreshAnalyzer extends SpecAnalyzer {
        @Override
        protected AnalysisResult run(SystemModel model) {
            return Analysis.run(model);
        }
    }

    /** The memo, given a model whose first walk looks elsewhere the first time it runs: a corrupted input. */
    @com.google.inject.Singleton
    static class CorruptedOnceAnalyzer extends SpecAnalyzer {
        private boolean corrupted;

        @Override
        protected AnalysisResult run(SystemModel model) {
            if (corrupted) {
                return super.run(model);
            }
            corrupted = true;
            List<SpaceSpec> spaces = new ArrayList<>();
            for (SpaceSpec s : model.spaces()) {
                List<Query> queries = new ArrayList<>();
                for (Query q : s.queries()) {
                    queries.add(q instanceof Query.Walk w && spaces.isEmpty() && queries.isEmpty()
                            ? new Query.Walk(w.index(), w.va() + 0x1000, w.expectPa(), w.expectFault()) : q);
                }
                spaces.add(new SpaceSpec(s.name(), s.layout(), s.strategy(), s.shareKernelWith(), s.operations(),
                        queries));
            }
            return super.run(new SystemModel(model.machines(), model.layouts(), spaces, model.outputs()));
        }
    }

    private final Injector cached = Guice.createInjector(new PtRuntimeModule());
    private final Injector fresh = Guice.createInjector(Modules.override(new PtRuntimeModule())
            .with(b -> b.bind(SpecAnalyzer.class).to(FreshAnalyzer.class)));
    private int files;

    @Test
    void randomEditsGiveTheDiagnosticsOfAFreshAnalysis() {
        Random random = new Random(9);
        String text = SPEC;
        int compared = 0;
        int notes = 0;
        for (int step = 0; step < 100; step++) {
            String edit = edit(text, random);
            text = edit.startsWith("!") ? SPEC : edit;
            List<String> expected = validate(fresh, text);
            assertEquals(expected, validate(cached, text), "step " + step + ", text:\n" + text);
            compared++;
            notes += (int) expected.stream().filter(d -> d.startsWith("INFO")).count();
        }
        AnalysisMemo memo = cached.getInstance(SpecAnalyzer.class).memo();
        assertEquals(100, compared);
        assertTrue(notes > 500, "the edits left too few notes to compare: " + notes);
        assertTrue(memo.builds() >= 10, "too few edits changed the tables: " + memo.builds());
        assertTrue(memo.reuses() >= 10, "too few edits reused the tables: " + memo.reuses());
    }

    @Test
    void aCorruptedInputMakesTheComparisonFail() {
        Injector corrupted = Guice.createInjector(Modules.override(new PtRuntimeModule())
                .with(b -> b.bind(SpecAnalyzer.class).to(CorruptedOnceAnalyzer.class)));
        List<String> expected = validate(fresh, SPEC);
        List<String> once = validate(corrupted, SPEC);
        assertEquals(expected.size(), once.size());
        List<String> differ = new ArrayList<>(once);
        differ.removeAll(expected);
        assertEquals(1, differ.size(), "the corrupted walk, and only it, differs: " + differ);
        assertTrue(differ.get(0).contains("0xffff_ffff_8000_2234"), differ.get(0));
        assertEquals(expected, validate(corrupted, SPEC), "corrupted once only");
    }

    @Test
    void editsThatLeaveTheTablesAloneReuseThemAndOthersBuildThemAgain() {
        AnalysisMemo memo = cached.getInstance(SpecAnalyzer.class).memo();
        validate(cached, SPEC);
        assertCounts(memo, 1, 0, "the first analysis builds");
        validate(cached, SPEC.replace("// the first process", "// the first process, pid 1"));
        assertCounts(memo, 1, 1, "a comment");
        validate(cached, SPEC.replace("    walk 0xffff_8880_0000_5000", "\n\n    walk 0xffff_8880_0000_6000"));
        assertCounts(memo, 1, 2, "blank lines and a walk of kernel");
        validate(cached, SPEC.replace("report tables", "report pages").replace("0x80_0000 into", "0x90_0000 into"));
        assertCounts(memo, 1, 3, "a report of init and the output's address");
        validate(cached, SPEC.replace("size 64 KiB to 0x40_0000", "size 64 KiB to 0x50_0000"));
        assertCounts(memo, 2, 3, "a mapping of kernel");
        validate(cached, SPEC.replace("size 16 KiB to 0x80_0000", "size 16 KiB to 0x81_0000"));
        assertCounts(memo, 3, 3, "a mapping of init (one machine: its spaces share the simulated memory)");
        validate(cached, SPEC);
        assertCounts(memo, 3, 4, "back to the first text (the last builds are kept)");
        int kept = 16; // SpecAnalyzer.BUILDS_KEPT
        for (int k = 2; k <= kept + 1; k++) {
            validate(cached, SPEC.replace("map 0x40_0000 size 16 KiB", "map 0x40_0000 size " + 16 * k + " KiB"));
        }
        assertCounts(memo, 3 + kept, 4, kept + " new tables");
        validate(cached, SPEC);
        assertCounts(memo, 3 + kept + 1, 4, "the first text again, no longer kept");
    }

    private static void assertCounts(AnalysisMemo memo, long builds, long reuses, String after) {
        assertEquals(List.of(builds, reuses), List.of(memo.builds(), memo.reuses()), "builds and reuses after " + after);
    }

    /**
     * One small random edit of {@code text}: a hex digit of an address changed, a comment or blank line inserted, a
     * line deleted or duplicated, a size doubled; or "!" for going back to the first text.
     */
    static String edit(String text, Random random) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int kernel = text.indexOf("space kernel");
        // the spaces and the output, not the machine and layout
        int first = kernel < 0 ? 0 : (int) text.substring(0, kernel).chars().filter(c -> c == '\n').count();
        int line = first + random.nextInt(lines.size() - first);
        switch (random.nextInt(7)) {
            case 0, 1 -> {
                Matcher m = Pattern.compile("0x[0-9a-f_]*[0-9a-f]").matcher(lines.get(line));
                List<int[]> digits = new ArrayList<>();
                while (m.find()) {
                    for (int k = m.start() + 2; k < m.end(); k++) {
                        if (lines.get(line).charAt(k) != '_') {
                            digits.add(new int[] {k});
                        }
                    }
                }
                if (!digits.isEmpty()) {
                    int k = digits.get(random.nextInt(digits.size()))[0];
                    String l = lines.get(line);
                    lines.set(line, l.substring(0, k) + "0123456789abcdef".charAt(random.nextInt(16)) + l.substring(k + 1));
                }
            }
            case 2 -> lines.add(line, random.nextBoolean() ? "    // note " + random.nextInt(100) : "");
            case 3 -> lines.remove(line);
            case 4 -> lines.add(line, lines.get(line));
            case 5 -> lines.set(line, lines.get(line).replace("KiB", "0 KiB").replace("2 MiB", "4 MiB"));
            default -> {
                return "!";
            }
        }
        return String.join("\n", lines);
    }

    /**
     * The diagnostics of {@code text}, parsed as a new file in a new resource set (as the language server parses each
     * edit): every translation problem and engine finding with its place (the node, feature and index it is put on).
     */
    private List<String> validate(Injector injector, String text) {
        XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
        XtextResource r = injector.getInstance(XtextResource.class);
        r.setURI(URI.createURI("file:/specs/edit" + files++ + ".ptl"));
        set.getResources().add(r);
        try {
            r.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SpecAnalyzer analyzer = injector.getInstance(SpecAnalyzer.class);
        List<String> out = new ArrayList<>();
        for (SpecIssue i : analyzer.translated(r).issues().all()) {
            out.add(describe(i));
        }
        for (SpecIssue i : analyzer.analysed(r).findings().all()) {
            out.add(describe(i));
        }
        out.sort(null); // grouped by anchor, in no order: each validator reports its anchors' in AST order
        return out;
    }

    /** One diagnostic whole: severity, code, place (offset, length, feature, index), message and data. */
    static String describe(SpecIssue i) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(i.at().object());
        return i.severity() + " " + i.code() + " " + (node == null ? "-" : node.getOffset() + "+" + node.getLength())
                + " " + (i.at().feature() == null ? "whole" : i.at().feature().getName()) + "[" + i.at().index() + "] "
                + i.message() + " " + i.data();
    }
}
