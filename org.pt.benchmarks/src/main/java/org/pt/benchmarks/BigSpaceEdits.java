package org.pt.benchmarks;

import com.google.inject.Injector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.pt.dsl.PtStandaloneSetup;
import org.pt.dsl.model.SpecAnalyzer;
import org.pt.engine.analysis.Analysis;
import org.pt.engine.analysis.AnalysisMemo;
import org.pt.engine.analysis.AnalysisResult;
import org.pt.engine.model.SystemModel;

/**
 * Edit → re-validate latency on a space that maps 64 GiB with 4 KiB pages (issue 9), in process, warm: the fixture
 * {@code direct-map-64g-4k.ptl} (16 M leaf entries in the space {@code kernel}, a small space {@code init} sharing its
 * kernel half), edited as a user would and re-validated the way the language server does after each change: the
 * edited text parsed as a new resource, linked and validated in {@link CheckMode#ALL}. Nothing in the resource scope
 * survives from one validation to the next; what does survive is up to the language (the analysis memo).
 *
 * <p>Edits, each one different from every earlier one (a counter in the text), so that no edit finds its own result:
 * <ul>
 * <li>{@code comment}: a comment at the end of the file changes;</li>
 * <li>{@code outside}: a walk address in {@code init} (outside the big space);</li>
 * <li>{@code initmap}: the physical address of a mapping in {@code init}: {@code init} is built again, from the
 * memo's state after {@code kernel} (the spaces of one machine share its simulated memory, so {@code init} is built
 * on {@code kernel}'s tables and allocator, forked copy-on-write; the checks across spaces run again over both);</li>
 * <li>{@code walk}: a walk address in {@code kernel};</li>
 * <li>{@code mapping}: the physical address of a 64 KiB mapping in {@code kernel} (both spaces are rebuilt).</li>
 * </ul>
 * Also {@code engine}: the engine's analysis of the translated fixture alone, cold ({@link Analysis#run}), which is
 * what {@code ptc check} spends on analysis. Prints minimum, median and maximum milliseconds per case, and how many
 * times the case built tables and each space.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -ntp -o -pl org.pt.benchmarks -am package -DskipTests}:
 * {@code java -Xmx3g -cp org.pt.benchmarks/target/benchmarks.jar org.pt.benchmarks.BigSpaceEdits [ROUNDS]}
 */
public final class BigSpaceEdits {

    static final String FIXTURE = "direct-map-64g-4k.ptl";

    private final Injector injector = new PtStandaloneSetup().createInjectorAndDoEMFRegistration();
    private final String text;
    private int counter;

    private BigSpaceEdits(String text) {
        this.text = text;
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        BigSpaceEdits b = new BigSpaceEdits(fixture());
        long t0 = System.nanoTime();
        b.requireClean(b.validate(b.text));
        System.out.printf("first validation, cold JVM: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        System.out.printf("%-8s %9s %9s %9s   (ms, %d rounds after %d warm-up)%n", "case", "min", "median", "max",
                rounds, 2);
        b.report("engine", rounds, i -> {
            b.engineOnly();
            return null;
        });
        b.report("comment", rounds, i -> b.edited(b.text + "\n// edit " + i + "\n"));
        b.report("outside", rounds, i -> b.edited(replace(b.text, "walk 0x0040_1234 expect 0x0800_1234",
                "walk 0x0040_" + hex4(0x1000 + 8 * i) + " expect 0x0800_" + hex4(0x1000 + 8 * i))));
        b.report("initmap", rounds, i -> b.edited(replace(b.text, "size 64 KiB to 0x0810_0000",
                "size 64 KiB to 0x" + Long.toHexString(0x0900_0000L + 0x1_0000L * i))));
        b.report("walk", rounds, i -> b.edited(replace(b.text, "walk 0xffff_888f_2345_6789 expect 0xf_2345_6789",
                "walk 0xffff_888f_2345_" + hex4(8 * i) + " expect 0xf_2345_" + hex4(8 * i))));
        b.report("mapping", rounds, i -> b.edited(replace(b.text, "size 64 KiB to 0x0500_0000",
                "size 64 KiB to 0x" + Long.toHexString(0x0500_0000L + 0x1_0000L * (i + 1)))));
    }

    /** The fixture's text. */
    static String fixture() {
        try (InputStream in = BigSpaceEdits.class.getResourceAsStream(FIXTURE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hex4(int v) {
        return String.format("%04x", v);
    }

    private static String replace(String text, String from, String to) {
        if (!text.contains(from)) {
            throw new IllegalStateException("the fixture lacks '" + from + "'");
        }
        return text.replace(from, to);
    }

    /** Validates {@code edited}; it must stay free of errors with the notes of the fixture. */
    private List<Issue> edited(String edited) {
        return requireClean(validate(edited));
    }

    private void report(String name, int rounds, IntFunction<Object> run) {
        long[] ms = new long[rounds];
        AnalysisMemo memo = injector.getInstance(SpecAnalyzer.class).memo();
        long builds = memo.builds();
        long kernel = memo.spaceBuilds("kernel");
        long init = memo.spaceBuilds("init");
        for (int i = 0; i < rounds + 2; i++) {
            long t0 = System.nanoTime();
            run.apply(counter++);
            long t = (System.nanoTime() - t0) / 1_000_000;
            if (i >= 2) {
                ms[i - 2] = t;
            }
        }
        Arrays.sort(ms);
        System.out.printf("%-8s %9d %9d %9d   tables built %d times (kernel %d, init %d)%n", name, ms[0],
                ms[rounds / 2], ms[rounds - 1], memo.builds() - builds, memo.spaceBuilds("kernel") - kernel,
                memo.spaceBuilds("init") - init);
    }

    private AnalysisResult engineOnly() {
        XtextResource r = load(text);
        SystemModel model = injector.getInstance(SpecAnalyzer.class).translated(r).translation().model();
        AnalysisResult result = Analysis.run(model);
        if (result.hasErrors() || result.spaces().size() != 2) {
            throw new IllegalStateException("the fixture does not analyse cleanly: " + result.findings());
        }
        return result;
    }

    /** Parses, links and validates {@code text} as a new file in a new resource set, as the language server does. */
    List<Issue> validate(String source) {
        XtextResource resource = load(source);
        return resource.getResourceServiceProvider().getResourceValidator().validate(resource, CheckMode.ALL,
                CancelIndicator.NullImpl);
    }

    private XtextResource load(String source) {
        return LanguageBenchmark.load(injector, "bench/edit" + counter++ + ".ptl", source);
    }

    /** No error or warning and the fixture's 15 notes: the analysis really ran (a broken one may report nothing). */
    private List<Issue> requireClean(List<Issue> issues) {
        List<Issue> bad = new ArrayList<>();
        long notes = 0;
        for (Issue i : issues) {
            if (i.getSeverity() == Severity.INFO) {
                notes++;
            } else {
                bad.add(i);
            }
        }
        if (!bad.isEmpty() || notes != 15) {
            throw new IllegalStateException("the edited fixture does not validate as expected (" + notes + " notes): "
                    + issues);
        }
        return issues;
    }
}
