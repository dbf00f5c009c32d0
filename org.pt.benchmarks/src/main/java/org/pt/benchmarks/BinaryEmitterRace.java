package org.pt.benchmarks;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.pt.engine.core.AddressRange;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Output;
import org.pt.engine.model.PhysicalKind;
import org.pt.engine.model.PhysicalRegion;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.Simulation;
import org.pt.generate.Artifact;
import org.pt.generate.BinaryEmitter;
import org.pt.generate.Job;
import org.pt.generate.OutputFiles;

/**
 * Target: the {@code binary} form at memory-copy speed. The image of {@link BuildCase#GIB64_4KIB} (64 GiB in 4 KiB
 * pages, about 128 MiB of tables) written by {@link BinaryEmitter} races a plain copy of the same bytes, alternating in
 * one run so both see the same JIT, page cache and disk state:
 * <ul>
 * <li><b>file</b>: the emitter's {@code .bin} body into a {@link FileOutputStream} (buffered as {@link OutputFiles}
 * buffers it) vs {@link Files#write} of a byte[] already holding the image's bytes;</li>
 * <li><b>OutputFiles</b>: the same through {@link OutputFiles#write} (temporary file, atomic move; the target is
 * deleted first so it is always written) vs the same plain {@code Files.write};</li>
 * <li><b>memory</b>: the body into a stream that discards what it gets vs {@link System#arraycopy} of the bytes into a
 * second array (the memcpy the emitter cannot beat).</li>
 * </ul>
 * Prints the median of each, bytes per second and the ratio emitter / plain (1.0 = memory-copy speed). The bytes are
 * checked equal first, so the race compares like with like.
 *
 * <p>Run (after {@code ./build.sh bench} has built the jar, or with the module classes on the class path):
 * {@code java -Xms3g -Xmx3g -XX:+UseParallelGC -cp org.pt.benchmarks/target/benchmarks.jar
 * org.pt.benchmarks.BinaryEmitterRace [ROUNDS] [DIR]} (default 9 rounds in java.io.tmpdir).
 */
public final class BinaryEmitterRace {

    private BinaryEmitterRace() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Path dir = Files.createTempDirectory(args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty(
                "java.io.tmpdir")), "pt-binary-race");
        Job job = job();
        TableImage image = job.image();
        Artifact bin = new BinaryEmitter().emit(job).get(0);
        ByteArrayOutputStream all = new ByteArrayOutputStream((int) image.size());
        bin.body().writeTo(all);
        byte[] bytes = all.toByteArray();
        byte[] copy = new byte[bytes.length];
        System.out.printf(Locale.ROOT, "%s: %d tables, image %,d bytes at %#x; %d rounds into %s%n", BuildCase.GIB64_4KIB,
                image.tables().size(), image.size(), image.base(), rounds, dir);

        Path plainFile = dir.resolve("plain.bin");
        Path emitFile = dir.resolve("emitted.bin");
        long[][] t = new long[6][rounds];
        for (int r = 0; r < rounds; r++) {
            long s = System.nanoTime();
            Files.write(plainFile, bytes);
            t[0][r] = System.nanoTime() - s;

            s = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(new FileOutputStream(emitFile.toFile()), 1 << 16)) {
                bin.body().writeTo(out);
            }
            t[1][r] = System.nanoTime() - s;

            Files.deleteIfExists(dir.resolve("tables.bin"));
            s = System.nanoTime();
            OutputFiles.write(dir, List.of(new Artifact("tables.bin", bin.body())));
            t[2][r] = System.nanoTime() - s;

            s = System.nanoTime();
            System.arraycopy(bytes, 0, copy, 0, bytes.length);
            t[3][r] = System.nanoTime() - s;

            s = System.nanoTime();
            bin.body().writeTo(OutputStream.nullOutputStream());
            t[4][r] = System.nanoTime() - s;

            // the plain write again, so that OutputFiles has a baseline measured right next to it
            s = System.nanoTime();
            Files.write(plainFile, bytes);
            t[5][r] = System.nanoTime() - s;
        }
        if (!Arrays.equals(bytes, Files.readAllBytes(emitFile))
                || !Arrays.equals(bytes, Files.readAllBytes(dir.resolve("tables.bin")))) {
            throw new IllegalStateException("the emitted file differs from the image's bytes");
        }
        report("file", "Files.write(byte[])", t[0], "BinaryEmitter -> FileOutputStream", t[1], bytes.length);
        report("OutputFiles", "Files.write(byte[])", t[5], "OutputFiles.write(BinaryEmitter)", t[2], bytes.length);
        report("memory", "System.arraycopy", t[3], "BinaryEmitter -> null stream", t[4], bytes.length);
        for (Path p : List.of(plainFile, emitFile, dir.resolve("tables.bin"))) {
            Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    private static void report(String what, String plainName, long[] plain, String emitName, long[] emitted,
            long bytes) {
        long p = median(plain);
        long e = median(emitted);
        System.out.printf(Locale.ROOT, "%-12s %-34s median %8.1f ms  %6.2f GB/s%n", what, plainName, p / 1e6,
                bytes / (p / 1e9) / 1e9);
        System.out.printf(Locale.ROOT, "%-12s %-34s median %8.1f ms  %6.2f GB/s   ratio %.2f%n", "", emitName,
                e / 1e6, bytes / (e / 1e9) / 1e9, (double) e / p);
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** The image of the 64 GiB / 4 KiB build, unmoved. */
    private static Job job() {
        Simulation sim = Fixtures.simulation();
        AddressSpace space = Fixtures.space(sim, "kernel");
        Fixtures.applied(BuildCase.GIB64_4KIB.build(space), "mapping " + BuildCase.GIB64_4KIB);
        Machine m = new Machine("bench", sim.format(), 1, List.of(new PhysicalRegion(0, PhysicalKind.RAM,
                AddressRange.ofSize(0, 1L << 40), "")), List.of(AddressRange.ofSize(Fixtures.POOL_BASE,
                        Fixtures.POOL_BYTES)), Fixtures.FRAME_BUDGET);
        Layout layout = new Layout("bench", m, List.of());
        TableImage.Result r = TableImage.of(List.of(new TableImage.Source("kernel", space, layout, Optional.empty())),
                OptionalLong.empty());
        if (!(r instanceof TableImage.Result.Built b)) {
            throw new IllegalStateException("no image: " + r);
        }
        Output out = new Output(0, Output.Kind.BINARY, List.of("kernel"), OptionalLong.empty(), Optional.empty());
        return new Job(b.image(), out, "tables", "bench", Job.DEFAULT_PREFIX);
    }
}
