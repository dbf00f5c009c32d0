package org.pt.benchmarks;

import com.google.inject.Injector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pt.dsl.PtStandaloneSetup;

/**
 * Targets, warm: validating {@code examples/linux-x86_64-4level.ptl} takes 50 ms or less ({@link #linuxExample});
 * validating a spec with 1,000 map statements takes 250 ms or less ({@link #thousandMappings}). Average time per
 * validation.
 *
 * <p>One validation is what the editor does after a change and what {@code ptc check} does per file: a new resource
 * in a new resource set, parsed from the text, linked, then validated in {@link CheckMode#ALL} (the translation to the
 * engine model, the whole analysis with its table simulation, walks, reaches and reports, and every check that reports
 * its findings). The injector is made once per trial, as a long-running editor or language server has it.
 *
 * <p>The 1,000-mapping spec is generated in {@link #prepare}: an x86_64 PC with 16 GiB of RAM, a higher-half layout,
 * one space with a direct map of all RAM (the strategy), then 1,000 mappings of 64 KiB each, 1 MiB apart in vmalloc
 * space, onto distinct frames, and a walk of the last one. Setup checks that both specs validate without errors and
 * with the notes their queries produce, so that a broken validation (which may report nothing) is not what is timed.
 *
 * <p>Run from the repository root (the example is read from {@code examples/}, or from the folder in the system
 * property {@code pt.examples}): {@code ./build.sh bench LanguageBenchmark -f 1 -wi 5 -i 10}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dguice_bytecode_gen_option=DISABLED"})
public class LanguageBenchmark {

    static final int MAPPINGS = 1000;

    private Injector injector;
    private String linux;
    private String thousand;
    private int counter;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        injector = new PtStandaloneSetup().createInjectorAndDoEMFRegistration();
        Path examples = Path.of(System.getProperty("pt.examples", "examples"));
        linux = Files.readString(examples.resolve("linux-x86_64-4level.ptl"));
        thousand = thousandMappings(MAPPINGS);
        requireClean("examples/linux-x86_64-4level.ptl", validate(linux), 10);
        requireClean("the generated spec", validate(thousand), 1);
    }

    @Benchmark
    public List<Issue> linuxExample() {
        return validate(linux);
    }

    @Benchmark
    public List<Issue> thousandMappings() {
        return validate(thousand);
    }

    /** Parses, links and validates {@code text} as a new file in a new resource set. */
    List<Issue> validate(String text) {
        // a new URI each time: nothing cached by URI survives from one validation to the next
        XtextResource resource = load(injector, "bench/spec" + counter++ + ".ptl", text);
        return resource.getResourceServiceProvider().getResourceValidator().validate(resource, CheckMode.ALL,
                CancelIndicator.NullImpl);
    }

    /** {@code text} parsed and linked as file {@code uri} of a new resource set. */
    static XtextResource load(Injector injector, String uri, String text) {
        XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) set.createResource(URI.createURI(uri));
        try {
            resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    Map.of(XtextResource.OPTION_ENCODING, StandardCharsets.UTF_8.name()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resource;
    }

    /** No error, and at least {@code notes} notes (walk, reach and report results): the analysis really ran. */
    private static void requireClean(String what, List<Issue> issues, int notes) {
        List<Issue> errors = issues.stream().filter(i -> i.getSeverity() == org.eclipse.xtext.diagnostics.Severity.ERROR)
                .toList();
        long infos = issues.stream().filter(i -> i.getSeverity() == org.eclipse.xtext.diagnostics.Severity.INFO).count();
        if (!errors.isEmpty() || infos < notes) {
            throw new IllegalStateException(what + " does not validate as expected (" + infos + " notes): " + issues);
        }
    }

    /** A spec with {@code n} map statements, generated. */
    static String thousandMappings(int n) {
        StringBuilder s = new StringBuilder("""
                machine pc {
                    format x86_64
                    ram      0x0000_0000   ..= 0x0009_ffff
                    ram      0x0010_0000   ..= 0xbfff_ffff
                    ram      0x1_0000_0000 size 13 GiB
                    tables from 0x0400_0000 size 16 MiB
                }

                layout higher_half for pc {
                    user       0x0000_0000_0000_0000 size 128 TiB
                    direct_map 0xffff_8880_0000_0000 size 64 TiB
                    vmalloc kernel 0xffff_c900_0000_0000 size 32 TiB
                }

                space kernel uses higher_half {
                    tables via direct-map direct_map
                    map all ram into direct_map rw global nx
                """);
        long va = 0xffff_c900_0000_0000L;
        long pa = 0x1_0000_0000L;
        for (int i = 0; i < n; i++) {
            s.append("    map 0x").append(Long.toHexString(va + i * 0x10_0000L)).append(" size 64 KiB to 0x")
                    .append(Long.toHexString(pa + i * 0x1_0000L)).append(" rw global nx\n");
        }
        long last = va + (n - 1) * 0x10_0000L;
        s.append("    walk 0x").append(Long.toHexString(last + 0x1234)).append(" expect 0x")
                .append(Long.toHexString(pa + (n - 1) * 0x1_0000L + 0x1234)).append("\n}\n");
        return s.toString();
    }
}
