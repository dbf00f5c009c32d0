package org.pt.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pt.cli.Ptc;

/**
 * A fuzz campaign over {@code ptc check}: mutants of every spec PT ships ({@code examples/}, {@code examples/broken/}
 * and the {@code ```ptl} snippets of the documentation; see {@link Mutator} for the mutations) are checked in process
 * as {@code ptc check --format json} checks a file, each on a worker thread with a time limit. Every run must end in
 * time with exit status 0 or 1 and nothing on standard error, no finding may be an internal error, every finding of the
 * file must lie within it, no message may hold a raw control character or a negative number, and a spec that asks
 * questions ({@code walk}, {@code reach}, {@code report}) and passes must answer something.
 *
 * <p>Bounded: {@code -Dpt.fuzz.seconds=N} (default {@value #DEFAULT_SECONDS}) of mutants from seed
 * {@code -Dpt.fuzz.seed=S} (default {@value #DEFAULT_SEED}); the mutants are a fixed sequence, so a slower machine runs
 * a shorter prefix of it. A failing mutant is saved under {@code target/fuzz/} with what was done to which seed file,
 * and {@code -Dpt.fuzz.input=I} runs that one mutant again. {@code docs/testing.md} says how to run it for hours.
 */
class SpecFuzzTest {

    static final long DEFAULT_SEED = 20261203L;
    static final int DEFAULT_SECONDS = 60;
    /**
     * The time one check may take, at least (the examples take well under a second); more on a machine so busy that a
     * check of the largest example takes more than a twentieth of it.
     */
    static final int LIMIT_SECONDS = Integer.getInteger("pt.fuzz.limit", 10);
    private static final String REFERENCE = "examples/linux-x86_64-5level.ptl";

    private static final Path ROOT = Path.of("..");
    private static final Path OUT = Path.of("target", "fuzz").toAbsolutePath();

    private static List<Seeds.Seed> seeds;
    private static ExecutorService worker;

    @BeforeAll
    static void copySeedsAndWarmUp() throws Exception {
        seeds = Seeds.copy(ROOT, OUT.resolve("work"));
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "spec-fuzz");
            t.setDaemon(true); // a hung check must not keep the test JVM alive
            return t;
        });
        // The first check builds the language and reads the library: not timed; and a seed passes the oracle.
        Seeds.Seed reference = seeds.stream().filter(s -> s.shown().equals(REFERENCE)).findFirst().orElseThrow();
        byte[] bytes = reference.text().getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(), check(reference.path(), bytes, TimeUnit.MINUTES.toSeconds(5)));
        long start = System.nanoTime();
        assertEquals(List.of(), check(reference.path(), bytes, TimeUnit.MINUTES.toSeconds(5)));
        limitSeconds = Math.max(LIMIT_SECONDS, 20 * TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
    }

    /** The time limit of one check here and now: {@link #LIMIT_SECONDS} or more. */
    private static long limitSeconds;

    @AfterAll
    static void stopWorker() {
        worker.shutdownNow();
    }

    @Test
    void noMutantCrashesHangsOrMisplacesAFinding() throws Exception {
        long seed = Long.getLong("pt.fuzz.seed", DEFAULT_SEED);
        long seconds = Long.getLong("pt.fuzz.seconds", DEFAULT_SECONDS);
        Integer only = Integer.getInteger("pt.fuzz.input");
        List<String> texts = seeds.stream().map(Seeds.Seed::text).toList();
        assertTrue(seeds.size() > 150, "seed files found: " + seeds.size());

        Map<String, String> failures = new LinkedHashMap<>(); // first input of each kind of failure -> its report
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long slowest = 0;
        int slowestInput = -1;
        int first = only == null ? 0 : only;
        int input = first;
        for (; only == null ? System.nanoTime() < end : input == first; input++) {
            Random random = new Random(seed * 0x9E37_79B9_7F4A_7C15L + input);
            Seeds.Seed from = seeds.get(random.nextInt(seeds.size()));
            Mutator.Mutant mutant = new Mutator(random, texts).mutate(from.text());
            Path file = from.path().resolveSibling("fuzz-" + from.path().getFileName());
            Files.write(file, mutant.bytes());
            long started = System.nanoTime();
            List<String> problems = check(file, mutant.bytes(), limitSeconds);
            long took = System.nanoTime() - started;
            if (took > TimeUnit.SECONDS.toNanos(limitSeconds) / 4) { // not a failure, but worth a look
                System.out.printf("SpecFuzzTest: slow: input %d took %d ms, %d bytes, a mutant of %s by %s%n", input,
                        TimeUnit.NANOSECONDS.toMillis(took), mutant.bytes().length, from.shown(),
                        shorten(Mutator.escape(mutant.steps().toString())));
            }
            if (took > slowest) {
                slowest = took;
                slowestInput = input;
            }
            boolean hung = problems.stream().anyMatch(p -> p.startsWith(HUNG));
            if (!problems.isEmpty()) {
                String kind = kind(problems.get(0));
                if (!failures.containsKey(kind)) {
                    failures.put(kind, save(seed, input, from, mutant, problems));
                }
            }
            if (hung) { // the worker is still busy with it
                input++;
                break;
            }
        }
        System.out.printf("SpecFuzzTest: seed %d, %d mutants of %d seed files in %d s (limit %d s per check, slowest"
                + " input %d: %d ms)%n", seed, input - first, seeds.size(), seconds,
                limitSeconds, slowestInput, TimeUnit.NANOSECONDS.toMillis(slowest));
        assertTrue(input - first > 0, "no mutant checked");
        assertEquals(List.of(), List.copyOf(failures.values()),
                "seed " + seed + ": each failing mutant is saved under " + OUT + "; rerun one with -Dpt.fuzz.seed=" + seed
                        + " -Dpt.fuzz.input=I");
    }

    /** What is wrong with {@code ptc check} of {@code file} (holding {@code bytes}): one line per problem. */
    static List<String> check(Path file, byte[] bytes, long limitSeconds) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Future<Integer> running = worker.submit(() -> {
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                return Ptc.run(new String[] {"check", "--format", "json", file.toString()}, o, e);
            }
        });
        int status;
        try {
            status = running.get(limitSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            return new ArrayList<>(List.of(HUNG + limitSeconds + " s"));
        } catch (ExecutionException e) {
            return new ArrayList<>(List.of("exception escaped ptc: " + e.getCause()));
        }
        return Oracle.problems(file.toString(), bytes, status, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    static final String HUNG = "no answer within ";

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** What kind of failure a problem shows: its first words, without numbers and quoted text. */
    static String kind(String problem) {
        String kind = problem.replaceAll("'[^']*'", "'…'").replaceAll("U\\+[0-9A-F]{4}", "U+X").replaceAll("[0-9]+", "N");
        return kind.substring(0, Math.min(60, kind.length()));
    }

    /** Saves the mutant and what went wrong; returns the report. */
    private static String save(long seed, int input, Seeds.Seed from, Mutator.Mutant mutant, List<String> problems)
            throws IOException {
        Path dir = OUT.resolve("failures");
        Files.createDirectories(dir);
        Path saved = dir.resolve("input-" + input + ".ptl");
        Files.write(saved, mutant.bytes());
        String report = "input " + input + " (seed " + seed + "), mutant of " + from.shown() + " by "
                + Mutator.escape(mutant.steps().toString())
                + ", saved as " + saved + ":\n  " + String.join("\n  ", problems.subList(0, Math.min(5, problems.size())));
        Files.writeString(dir.resolve("input-" + input + ".txt"), report + "\n");
        System.out.println(report);
        return report;
    }
}
