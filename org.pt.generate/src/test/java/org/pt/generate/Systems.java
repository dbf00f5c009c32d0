package org.pt.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.pt.engine.analysis.Analysis;
import org.pt.engine.analysis.AnalysisResult;
import org.pt.engine.analysis.Finding;
import org.pt.engine.analysis.Severity;
import org.pt.engine.analysis.Slots;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.MapSource;
import org.pt.engine.model.Operation;
import org.pt.engine.model.Output;
import org.pt.engine.model.PhysicalKind;
import org.pt.engine.model.PhysicalRegion;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.Region;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.model.SystemModel;
import org.pt.engine.space.PageSizePolicy;

/**
 * Small systems of every family, one {@link Sys} each, analysed by the engine, whose table images the assembly tests write: the job of an
 * output without {@code at physical} (relocatable) and with it (absolute), and the bytes the engine says an image
 * holds.
 */
final class Systems {
    private static final long KIB = Images.KIB;
    private static final long MIB = Images.MIB;
    private static final long GIB = Images.GIB;
    private static final long TIB = Images.TIB;
    private static final Attributes RW = Images.RW;
    private static final Attributes USER_RW = Images.USER_RW;

    private Systems() {
    }


    /** A system: one machine, one layout, its spaces, analysed with outputs at the given bases (empty: none). */
    record Sys(Machine machine, Layout layout, List<SpaceSpec> spaces) {

        /** The image of every space at {@code at}, or unmoved (made for a binary output, which every format has). */
        TableImage image(OptionalLong at) {
            Output o = new Output(0, Output.Kind.BINARY, spaces.stream().map(SpaceSpec::name).toList(), at, Optional.empty());
            AnalysisResult r = Analysis.run(new SystemModel(List.of(machine), List.of(layout), spaces, List.of(o)));
            List<String> errors = r.findings().stream().filter(f -> f.severity() == Severity.ERROR)
                    .map(Finding::toString).toList();
            assertEquals(List.of(), errors);
            return r.image(0).orElseThrow();
        }

        /** The job of a {@code kind} output of every space, at {@code at} or relocatable. */
        Job job(Output.Kind kind, OptionalLong at, String source) {
            Output o = new Output(0, kind, spaces.stream().map(SpaceSpec::name).toList(), at, Optional.empty());
            return new Job(image(at), o, "tables", source, Job.DEFAULT_PREFIX);
        }

        Job job(Output.Kind kind, OptionalLong at) {
            return job(kind, at, "specs/" + machine.name() + ".pt");
        }
    }

    /**
     * The relocatable line of the {@link #x86_64()} kernel's recursive slot 510 after data directive {@code data}: it
     * points at the PML4 itself, the engine's flags added to the table's link address.
     */
    static String recursiveSlotLine(TableImage image, String data) {
        long root = image.spaces().get(0).roots().get(0);
        long slot = image.entry(image.table(root).orElseThrow(), 510);
        assertEquals(root, slot & 0x000F_FFFF_FFFF_F000L);
        return data + "pt_tables + " + AsmModel.hex(root - image.base()) + " - PT_PHYS_OFFSET + "
                + AsmModel.hex(slot ^ root) + "\n";
    }

    static byte[] binary(TableImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        image.writeBinary(out);
        return out.toByteArray();
    }

    /** The bytes of {@code artifact}. */
    static byte[] bytes(Artifact artifact) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        artifact.body().writeTo(out);
        return out.toByteArray();
    }

    static void write(Artifact artifact, OutputStream out) throws IOException {
        artifact.body().writeTo(out);
    }

    // ---- the systems -------------------------------------------------------------------------------------------

    private static Machine machine(String name, String format, long[] ram, long poolStart, long poolSize) {
        return Images.machine(name, Images.format(format), ram, poolStart, poolSize);
    }

    private static SpaceSpec space(String name, Layout l, Optional<StrategySpec> strategy, Optional<String> share,
            Operation... ops) {
        return new SpaceSpec(name, l, strategy, share, List.of(ops), List.of());
    }

    /**
     * x86_64, a higher-half kernel reaching its tables through recursive slot 510, and a process sharing its kernel
     * half; tables from a pool at 32 MiB; RAM up to 3 GiB and 4..5 GiB.
     */
    static Sys x86_64() {
        return x86_64("kernel", "init", "kernel");
    }

    /** {@link #x86_64()} with its space and region names given (for hostile names). */
    static Sys x86_64(String kernel, String init, String kernelRegion) {
        Machine m = machine("pc", "x86_64", new long[] {0, 3 * GIB, 4 * GIB, GIB}, 0x200_0000L, 4 * MIB);
        long k = 0xFFFF_FFFF_8000_0000L;
        Layout l = new Layout("hh", m, List.of(Images.region("user", Purpose.USER, 0, 128 * TIB),
                new Region("self", Purpose.SELF_MAP, Slots.range(m.format(), 510), OptionalInt.of(510)),
                Images.region(kernelRegion, Purpose.KERNEL, k, 512 * MIB)));
        SpaceSpec ks = space(kernel, l, Optional.of(new StrategySpec.Recursive("self", OptionalInt.empty())),
                Optional.empty(), Images.map(0, k, 2 * MIB + 8 * KIB, 0x100_0000L, RW),
                Images.map(1, 0x40_0000L, 16 * KIB, 0x800_0000L, USER_RW));
        SpaceSpec is = space(init, l, Optional.empty(), Optional.of(kernel),
                Images.map(0, 0x40_0000L, 8 * KIB, 0x900_0000L, USER_RW));
        return new Sys(m, l, List.of(ks, is));
    }

    /** x86_64 with 5-level paging: a user mapping and a kernel one with a 2 MiB page in the high half. */
    static Sys la57() {
        Machine m = machine("pc57", "x86_64-la57", new long[] {0, GIB}, 0x200_0000L, 4 * MIB);
        long k = 0xFF00_0000_0000_0000L;
        Layout l = new Layout("l", m, List.of(Images.region("user", Purpose.USER, 0, 64 * TIB),
                Images.region("kernel", Purpose.KERNEL, k, 64 * TIB)));
        return new Sys(m, l, List.of(space("k", l, Optional.empty(), Optional.empty(),
                Images.map(0, 0x40_0000L, 8 * KIB, 0x100_0000L, USER_RW), Images.map(1, k, 2 * MIB + 4 * KIB, 0x60_0000L,
                        RW))));
    }

    /** x86 with PAE (8-byte entries on a 32-bit target). */
    static Sys pae() {
        Machine m = machine("pae", "x86-pae", new long[] {0, 3 * GIB}, 0x100_0000L, MIB);
        Layout l = new Layout("l", m, List.of(Images.region("user", Purpose.USER, 0, 3 * GIB),
                Images.region("kernel", Purpose.KERNEL, 3 * GIB, GIB)));
        return new Sys(m, l, List.of(space("k", l, Optional.empty(), Optional.empty(),
                Images.map(0, 3 * GIB, 2 * MIB + 12 * KIB, 0x20_0000L, RW), Images.map(1, 0x40_0000L, 8 * KIB, 0x30_0000L, USER_RW))));
    }

    /** x86-32 with 4-byte entries and 4 MiB pages. */
    static Sys x86_32() {
        Machine m = machine("i386", "x86-32", new long[] {0, GIB}, 0x100_0000L, MIB);
        Layout l = new Layout("l", m, List.of(Images.region("all", Purpose.KERNEL, 0, 4 * GIB - 4 * MIB)));
        return new Sys(m, l, List.of(space("k", l, Optional.empty(), Optional.empty(),
                Images.map(0, 0xC000_0000L, 4 * MIB + 8 * KIB, 0x40_0000L, Attributes.of("rwx")))));
    }

    /** RISC-V Sv39. */
    static Sys sv39() {
        Machine m = machine("rv", "sv39", new long[] {0x8000_0000L, GIB}, 0x8200_0000L, 4 * MIB);
        Layout l = new Layout("l", m, List.of(Images.region("user", Purpose.USER, 0, 256 * GIB)));
        return new Sys(m, l, List.of(space("s", l, Optional.empty(), Optional.empty(),
                Images.map(0, 0x40_0000L, 2 * MIB + 4 * KIB, 0x8020_0000L, USER_RW))));
    }

    /** RISC-V Sv32. */
    static Sys sv32() {
        Machine m = machine("rv32", "sv32", new long[] {0x8000_0000L, GIB}, 0x8200_0000L, 4 * MIB);
        Layout l = new Layout("l", m, List.of(Images.region("user", Purpose.USER, 0, 2 * GIB)));
        return new Sys(m, l, List.of(space("s", l, Optional.empty(), Optional.empty(),
                Images.map(0, 0x40_0000L, 4 * MIB + 4 * KIB, 0x8040_0000L, USER_RW))));
    }

    /** AArch64 with 4 KiB granules: a user mapping in the low half and a kernel one in the high half. */
    static Sys aarch64() {
        Machine m = machine("virt", "aarch64-4k", new long[] {0x4000_0000L, 2 * GIB}, 0x4200_0000L, 4 * MIB);
        Layout l = new Layout("l", m, List.of(Images.region("user", Purpose.USER, 0, 256 * TIB),
                Images.region("kernel", Purpose.KERNEL, 0xFFFF_0000_0000_0000L, 256 * TIB)));
        return new Sys(m, l, List.of(space("s", l, Optional.empty(), Optional.empty(),
                Images.map(0, 0x40_0000L, 8 * KIB, 0x4010_0000L, USER_RW),
                Images.map(1, 0xFFFF_0000_0020_0000L, 2 * MIB + 4 * KIB, 0x4020_0000L, RW))));
    }

    /** ARMv7 short descriptors: 4 KiB pages (an L2 table) and a 1 MiB section. */
    static Sys armv7() {
        Machine m = machine("a15", "armv7", new long[] {0x4000_0000L, GIB}, 0x4100_0000L, MIB);
        Layout l = new Layout("l", m, List.of(Images.region("all", Purpose.KERNEL, 0, 4 * GIB - MIB)));
        return new Sys(m, l, List.of(space("s", l, Optional.empty(), Optional.empty(),
                Images.map(0, 0x40_0000L, 8 * KIB, 0x4010_0000L, RW), Images.map(1, 0xC000_0000L, MIB, 0x4020_0000L, RW))));
    }
}
