package org.pt.benchmarks;

import com.google.inject.Injector;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.pt.dsl.PtStandaloneSetup;

/**
 * How checking grows with the size of a spec, for the inputs that used to grow super-linearly (issue 12): each case at
 * sizes n, 2n, 4n and 8n, validated as {@code ptc check} and the editor do (parse, link, translate, analyse, every
 * check), printing the best time of a few runs, the bytes that run allocated, the findings, and the growth of the
 * time from the size before (2.0 is linear; 4.0 quadratic).
 *
 * <ul>
 * <li>{@code overlaps}: n kernel regions at one address, region i i + 1 GiB long: n(n - 1)/2 overlapping pairs.</li>
 * <li>{@code ram}: n RAM ranges of 4 KiB, 8 KiB apart, mapped by {@code map all ram} into a direct map.</li>
 * <li>{@code chain}: n spaces, each sharing the kernel half of the one before, the first with a direct map of 4 GiB
 * of RAM, and a walk in the last.</li>
 * <li>{@code braces}: a file of n {@code "{ "} (error recovery over as many unmatched braces).</li>
 * </ul>
 * Each run is a new injector (so that no analysis memo answers a repeated run) and a new resource set; the time is
 * the validation's alone. Allocated bytes are the validating thread's ({@code com.sun.management.ThreadMXBean}).
 *
 * <p>Run from the repository root: {@code ./build.sh scaling} (every case at its default n), or
 * {@code ./build.sh scaling ram=10000 chain} (the cases named, {@code =N} for another n).
 */
public final class Scaling {

    private static final Map<String, Integer> DEFAULT_N = new LinkedHashMap<>();
    static {
        DEFAULT_N.put("overlaps", 1000);
        DEFAULT_N.put("ram", 5000);
        DEFAULT_N.put("chain", 500);
        DEFAULT_N.put("braces", 125_000);
    }

    private static final int RUNS = 3;

    private Scaling() {
    }

    public static void main(String[] args) {
        Map<String, Integer> cases = new LinkedHashMap<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (!DEFAULT_N.containsKey(kv[0])) {
                System.err.println("usage: Scaling [CASE[=N]]...   cases: " + String.join(", ", DEFAULT_N.keySet()));
                System.exit(2);
            }
            cases.put(kv[0], kv.length == 2 ? Integer.parseInt(kv[1]) : DEFAULT_N.get(kv[0]));
        }
        if (cases.isEmpty()) {
            cases.putAll(DEFAULT_N);
        }
        new PtStandaloneSetup().createInjectorAndDoEMFRegistration();
        System.out.printf(Locale.ROOT, "%-9s %9s %10s %8s %12s %9s%n", "case", "n", "bytes", "ms", "allocated MB",
                "findings");
        cases.forEach((name, n) -> run(name, n, spec(name)));
    }

    private static IntFunction<String> spec(String name) {
        return switch (name) {
            case "overlaps" -> Scaling::overlaps;
            case "ram" -> Scaling::ram;
            case "chain" -> Scaling::chain;
            default -> n -> "{ ".repeat(n);
        };
    }

    private static void run(String name, int n, IntFunction<String> spec) {
        measure(spec.apply(Math.max(1, n / 8))); // warm-up
        double before = 0;
        for (int size = n; size <= 8 * n; size *= 2) {
            String text = spec.apply(size);
            Measured best = null;
            for (int i = 0; i < RUNS; i++) {
                Measured m = measure(text);
                if (best == null || m.nanos < best.nanos) {
                    best = m;
                }
            }
            double ms = best.nanos / 1e6;
            String growth = before == 0 ? "" : String.format(Locale.ROOT, "  x%.2f", ms / before);
            System.out.printf(Locale.ROOT, "%-9s %9d %10d %8.0f %12.1f %9d%s%n", name, size, text.length(), ms,
                    best.allocated / 1e6, best.findings, growth);
            before = ms;
        }
    }

    private record Measured(long nanos, long allocated, int findings) {
    }

    private static Measured measure(String text) {
        Injector injector = new PtStandaloneSetup().createInjector();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        long bytes = threads.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        XtextResource resource = LanguageBenchmark.load(injector, "bench/scaling.ptl", text);
        List<Issue> issues = resource.getResourceServiceProvider().getResourceValidator().validate(resource,
                CheckMode.ALL, CancelIndicator.NullImpl);
        long nanos = System.nanoTime() - start;
        return new Measured(nanos, threads.getThreadAllocatedBytes(thread) - bytes, new ArrayList<>(issues).size());
    }

    /** {@code n} kernel regions at one address, region i i + 1 GiB long: every pair overlaps. */
    static String overlaps(int n) {
        StringBuilder s = new StringBuilder("""
                machine m {
                    format x86_64
                    ram 0x0 size 1 GiB
                    tables from 0x10_0000 size 1 MiB
                }
                layout l for m {
                """);
        for (int i = 0; i < n; i++) {
            s.append("    r").append(i).append(" kernel 0xffff_8000_0000_0000 size ").append(i + 1).append(" GiB\n");
        }
        return s.append("}\n").toString();
    }

    /** {@code n} RAM ranges of 4 KiB, 8 KiB apart from 16 MiB, all mapped into a direct map. */
    static String ram(int n) {
        StringBuilder s = new StringBuilder("machine m {\n    format x86_64\n    ram 0x10_0000 size 8 MiB\n");
        for (int i = 0; i < n; i++) {
            s.append("    ram 0x").append(Long.toHexString(0x100_0000L + i * 0x2000L)).append(" size 4 KiB\n");
        }
        return s.append("""
                    tables from 0x10_0000 size 8 MiB
                }
                layout l for m {
                    dm direct_map 0xffff_8880_0000_0000 size 64 TiB
                }
                space s uses l {
                    tables via direct-map dm
                    map all ram into dm rw nx
                }
                """).toString();
    }

    /** {@code n} spaces sharing the kernel half in a chain, a walk at the end of it. */
    static String chain(int n) {
        StringBuilder s = new StringBuilder("""
                machine m {
                    format x86_64
                    ram 0x0 size 4 GiB
                    tables from 0x100_0000 size 512 MiB
                }
                layout l for m {
                    dm direct_map 0xffff_8880_0000_0000 size 64 TiB
                    k kernel 0xffff_ffff_8000_0000 size 512 MiB
                }
                space s0 uses l {
                    tables via direct-map dm
                    map k to 0x100_0000 size 2 MiB rx global
                    map all ram into dm rw nx global
                }
                """);
        for (int i = 1; i < n; i++) {
            s.append("space s").append(i).append(" uses l {\n    share kernel half with s").append(i - 1).append("\n}\n");
        }
        return s.append("space last uses l {\n    share kernel half with s").append(n - 1)
                .append("\n    walk 0xffff_ffff_8000_1234 expect 0x100_1234\n}\n").toString();
    }
}
