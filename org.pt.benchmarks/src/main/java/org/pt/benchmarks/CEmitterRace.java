package org.pt.benchmarks;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.CRC32;
import org.pt.engine.core.AddressRange;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Output;
import org.pt.engine.model.PhysicalKind;
import org.pt.engine.model.PhysicalRegion;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.Region;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.Simulation;
import org.pt.generate.Artifact;
import org.pt.generate.CEmitter;
import org.pt.generate.Comments;
import org.pt.generate.Job;
import org.pt.generate.Relocation;

/**
 * The C form of a 64 GiB space mapped with 4 KiB pages (about 128 MiB of tables) against the same text written by a
 * plain {@link BufferedWriter} loop, alternating in one JVM, absolute and relocatable; both write into a sink that
 * counts and (in the first round) checksums the bytes, so the figures are the text's cost, not a disk's. Prints the
 * median and fastest round of each, their ratio (target at most 2x), and the heap: settled after the build, the peak
 * while the emitter runs (sampled every millisecond) and settled after it (target: peak at most the table memory plus
 * 64 MiB above what the simulation itself holds).
 *
 * <p>Run (after {@code ./build.sh bench -l} has built the jar): {@code java -Xms3g -Xmx3g -XX:+UseParallelGC -cp
 * org.pt.benchmarks/target/benchmarks.jar org.pt.benchmarks.CEmitterRace 9}
 */
public final class CEmitterRace {

    private CEmitterRace() {
    }

    /** Counts bytes; checksums them when asked. */
    private static final class Sink extends OutputStream {
        long count;
        final CRC32 crc;

        Sink(boolean checksum) {
            crc = checksum ? new CRC32() : null;
        }

        @Override
        public void write(int b) {
            count++;
            if (crc != null) {
                crc.update(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            if (crc != null) {
                crc.update(b, off, len);
            }
        }
    }

    /** Keeps the text before the first table comment and after the last entry line. */
    private static final class Ends extends OutputStream {
        final StringBuilder head = new StringBuilder();
        byte[] tail = new byte[0];
        boolean inBody;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (!inBody) {
                head.append(new String(b, off, len, StandardCharsets.UTF_8));
                int at = head.indexOf("= {\n");
                if (at >= 0) {
                    head.setLength(at + 4);
                    inBody = true;
                }
            }
            byte[] t = Arrays.copyOf(tail, tail.length + len);
            System.arraycopy(b, off, t, tail.length, len);
            tail = t.length > 4096 ? Arrays.copyOfRange(t, t.length - 4096, t.length) : t;
        }

        String tail() {
            String t = new String(tail, StandardCharsets.UTF_8);
            return t.substring(t.lastIndexOf(",\n") + 2);
        }
    }

    private static long emit(Job job, OutputStream sink) throws IOException {
        Artifact c = new CEmitter().emit(job).get(0);
        try (OutputStream out = new BufferedOutputStream(sink, 1 << 16)) {
            c.body().writeTo(out);
        }
        return 0;
    }

    /** The same text with strings and a BufferedWriter: what a generator without care would do. */
    private static void baseline(Job job, String head, String tail, OutputStream sink) throws IOException {
        TableImage image = job.image();
        boolean absolute = job.absolute();
        try (Writer w = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), 1 << 16)) {
            w.write(head);
            boolean first = true;
            long[] e = new long[512];
            for (TableImage.Table t : image.tables()) {
                int count = t.entries(8);
                image.entries(t, 0, count, e);
                if (!first) {
                    w.write("\n");
                }
                first = false;
                w.write("\t/* " + t.level() + " at 0x" + Long.toHexString(t.pa()) + " (depth " + t.depth() + "): "
                        + Comments.safe(String.join(", ", t.spaces())) + " */\n");
                long index = (t.pa() - image.base()) / 8;
                boolean designate = true;
                for (int i = 0; i < count; i += 4) {
                    if (e[i] == 0 && e[i + 1] == 0 && e[i + 2] == 0 && e[i + 3] == 0) {
                        designate = true;
                        continue;
                    }
                    w.write("\t");
                    if (designate) {
                        w.write("[" + (index + i) + "] = ");
                        designate = false;
                    }
                    for (int k = 0; k < 4; k++) {
                        if (k > 0) {
                            w.write(" ");
                        }
                        var to = absolute ? Optional.<TableImage.Table>empty() : Relocation.target(image, t, e[i + k]);
                        if (to.isPresent()) {
                            w.write("PT_ENTRY_AT(0x" + Long.toHexString(to.get().pa() - image.base()) + ", "
                                    + hex16(Relocation.flags(image, t, e[i + k])) + "),");
                        } else {
                            w.write(hex16(e[i + k]) + ",");
                        }
                    }
                    w.write("\n");
                }
            }
            w.write(tail);
        }
    }

    private static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0x" + "0000000000000000".substring(h.length()) + h;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Simulation sim = Fixtures.simulation();
        AddressSpace space = Fixtures.space(sim, "kernel");
        Fixtures.applied(BuildCase.GIB64_4KIB.build(space), "the 64 GiB build");
        Machine m = new Machine("race", sim.format(), 1, List.of(new PhysicalRegion(0, PhysicalKind.RAM,
                AddressRange.ofSize(0, 64L << 30), ""), new PhysicalRegion(1, PhysicalKind.RAM,
                AddressRange.ofSize(Fixtures.POOL_BASE + (64L << 30), Fixtures.POOL_BYTES), "")),
                List.of(AddressRange.ofSize(Fixtures.POOL_BASE, Fixtures.POOL_BYTES)), Fixtures.FRAME_BUDGET);
        Layout l = new Layout("race", m, List.of(Region.of("direct_map", Purpose.DIRECT_MAP,
                AddressRange.ofSize(Fixtures.DIRECT_MAP, 64L << 30))));
        TableImage image = ((TableImage.Result.Built) TableImage.of(List.of(new TableImage.Source("kernel", space, l,
                Optional.empty())), OptionalLong.empty())).image();
        long tableBytes = sim.memory().tableBytesInUse();
        System.out.println("64 GiB in 4 KiB pages: " + image.tables().size() + " tables, " + (tableBytes >> 20)
                + " MiB of table memory; " + rounds + " rounds, first dropped as warm-up");
        for (boolean absolute : new boolean[] {true, false}) {
            OptionalLong at = absolute ? OptionalLong.of(image.base()) : OptionalLong.empty();
            Job job = new Job(image, new Output(0, Output.Kind.C, List.of("kernel"), at, Optional.empty()), "race",
                    "race.pt", Job.DEFAULT_PREFIX);
            Ends ends = new Ends();
            emit(job, ends);
            String head = ends.head.toString();
            String tail = ends.tail();
            Sink a = new Sink(true);
            Sink b = new Sink(true);
            emit(job, a);
            baseline(job, head, tail, b);
            if (a.count != b.count || a.crc.getValue() != b.crc.getValue()) {
                throw new IllegalStateException("the baseline writes other text: " + a.count + " vs " + b.count
                        + " bytes");
            }
            long settled = Fixtures.settledHeapUsed();
            long[] emitter = new long[rounds];
            long[] plain = new long[rounds];
            long peak = 0;
            for (int r = 0; r < rounds; r++) {
                Fixtures.settledHeapUsed();
                Peak sampler = new Peak();
                sampler.start();
                long t0 = System.nanoTime();
                emit(job, new Sink(false));
                emitter[r] = System.nanoTime() - t0;
                peak = Math.max(peak, sampler.finish());
                Fixtures.settledHeapUsed();
                t0 = System.nanoTime();
                baseline(job, head, tail, new Sink(false));
                plain[r] = System.nanoTime() - t0;
            }
            long after = Fixtures.settledHeapUsed();
            double me = median(emitter);
            double mb = median(plain);
            System.out.printf("%s: %d MiB of text; CEmitter median %.0f ms (fastest %.0f), BufferedWriter loop median "
                    + "%.0f ms (fastest %.0f); ratio %.2f (target <= 2)%n", absolute ? "absolute" : "relocatable",
                    a.count >> 20, me / 1e6, min(emitter) / 1e6, mb / 1e6, min(plain) / 1e6, me / mb);
            System.out.printf("  heap: settled before %d MiB (table memory %d MiB), peak while emitting %d MiB "
                    + "(+%d MiB), settled after %d MiB; target peak <= table memory + 64 MiB = %d MiB%n",
                    settled >> 20, tableBytes >> 20, peak >> 20, (peak - settled) >> 20, after >> 20,
                    (tableBytes >> 20) + 64);
        }
    }

    /** The largest used heap seen while it runs. */
    private static final class Peak extends Thread {
        private volatile boolean done;
        private long peak;

        Peak() {
            setDaemon(true);
        }

        @Override
        public void run() {
            Runtime rt = Runtime.getRuntime();
            while (!done) {
                peak = Math.max(peak, rt.totalMemory() - rt.freeMemory());
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long finish() throws InterruptedException {
            done = true;
            join();
            return peak;
        }
    }

    private static double median(long[] t) {
        long[] s = Arrays.copyOfRange(t, Math.min(1, t.length - 1), t.length);
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static long min(long[] t) {
        return Arrays.stream(t, Math.min(1, t.length - 1), t.length).min().orElse(0);
    }
}
