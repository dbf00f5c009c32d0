package org.pt.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.pt.engine.analysis.Analysis;
import org.pt.engine.analysis.AnalysisResult;
import org.pt.engine.analysis.Severity;
import org.pt.engine.analysis.Slots;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.CacheType;
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
 * The images the json and binary forms are tested on, made from engine models as a spec would make them: an x86_64
 * kernel with a recursive slot and a user space sharing its kernel half, and an AArch64 4 KiB-granule space with a
 * direct map of its RAM in the TTBR1 half, device memory and a user page.
 */
final class DataImages {

    static final long KIB = 1L << 10;
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final long TIB = 1L << 40;

    private DataImages() {
    }

    /** The x86_64 example: 'kernel' (recursive slot 510) and 'init' (sharing its kernel half). */
    static Job x86(Output.Kind kind, OptionalLong at, String source, String baseName) {
        PagingFormat f = Formats.standard("x86_64").orElseThrow();
        Machine pc = new Machine("pc", f, 1, List.of(ram(0, 0, 1 * GIB)),
                List.of(AddressRange.ofSize(0x20_0000L, 1 * MIB)), Machine.maxFrameBudget(f.frameShift()));
        Layout hh = new Layout("hh", pc, List.of(
                Region.of("user", Purpose.USER, AddressRange.ofSize(0, 128 * TIB)),
                new Region("self", Purpose.SELF_MAP, Slots.range(f, 510), OptionalInt.of(510)),
                Region.of("kernel", Purpose.KERNEL, AddressRange.ofSize(0xFFFF_FFFF_8000_0000L, 512 * MIB))));
        Attributes userRw = Attributes.of("rw").withUser(true);
        SpaceSpec kernel = new SpaceSpec("kernel", hh, Optional.of(new StrategySpec.Recursive("self",
                OptionalInt.empty())), Optional.empty(), List.of(
                        map(0, 0xFFFF_FFFF_8000_0000L, 4 * MIB, 0x100_0000L, Attributes.KERNEL_RW),
                        map(1, 0xFFFF_FFFF_8040_0000L, 8 * KIB, 0xB_8000L,
                                Attributes.KERNEL_RW.withCache(CacheType.UNCACHED)),
                        map(2, 0x40_0000L, 12 * KIB, 0x80_0000L, userRw)), List.of());
        SpaceSpec init = new SpaceSpec("init", hh, Optional.empty(), Optional.of("kernel"), List.of(
                map(0, 0x40_0000L, 8 * KIB, 0x90_0000L, userRw)), List.of());
        return job(pc, List.of(hh), List.of(kernel, init), kind, at, source, baseName);
    }

    /** The AArch64 example: 'el1' with a direct map of its 1 GiB of RAM in TTBR1, a UART page and a user page. */
    static Job aarch64(Output.Kind kind, OptionalLong at, String source, String baseName) {
        PagingFormat f = Formats.standard("aarch64-4k").orElseThrow();
        Machine virt = new Machine("virt", f, 1, List.of(
                new PhysicalRegion(0, PhysicalKind.MMIO, AddressRange.ofSize(0x900_0000L, 4 * KIB), "uart"),
                ram(1, 0x4000_0000L, 1 * GIB)),
                List.of(AddressRange.ofSize(0x4200_0000L, 1 * MIB)), Machine.maxFrameBudget(f.frameShift()));
        Layout l = new Layout("split", virt, List.of(
                Region.of("user", Purpose.USER, AddressRange.ofSize(0, 256 * TIB)),
                Region.of("direct_map", Purpose.DIRECT_MAP, AddressRange.ofSize(0xFFFF_0000_0000_0000L, 64 * GIB)),
                Region.of("devices", Purpose.KERNEL, AddressRange.ofSize(0xFFFF_8000_0000_0000L, 2 * MIB))));
        SpaceSpec el1 = new SpaceSpec("el1", l, Optional.of(new StrategySpec.DirectMap("direct_map")),
                Optional.empty(), List.of(
                        new Operation.Map(0, Optional.empty(), Optional.of("direct_map"), new MapSource.AllRam(),
                                Attributes.KERNEL_RW, PageSizePolicy.LARGEST, false),
                        map(1, 0xFFFF_8000_0000_0000L, 4 * KIB, 0x900_0000L,
                                Attributes.KERNEL_RW.withCache(CacheType.DEVICE)),
                        map(2, 0x40_0000L, 4 * KIB, 0x4010_0000L, Attributes.of("rx").withUser(true))),
                List.of());
        return job(virt, List.of(l), List.of(el1), kind, at, source, baseName);
    }

    /** The bytes {@code a} writes. */
    static byte[] bytes(Artifact a) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            a.body().writeTo(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Compares {@code actual} with golden file {@code name} under src/test/resources/golden, byte for byte; with
     * {@code -Dpt.golden.update=true} writes it there instead (then review the diff).
     */
    static void assertGolden(String name, byte[] actual) throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("pt.golden.update")) {
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.write(file, actual);
            return;
        }
        org.junit.jupiter.api.Assertions.assertTrue(java.nio.file.Files.isRegularFile(file),
                file + " is missing: run with -Dpt.golden.update=true");
        org.junit.jupiter.api.Assertions.assertEquals(
                new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8),
                new String(actual, java.nio.charset.StandardCharsets.UTF_8), "golden file " + file);
    }

    private static PhysicalRegion ram(int index, long start, long size) {
        return new PhysicalRegion(index, PhysicalKind.RAM, AddressRange.ofSize(start, size), "");
    }

    private static Operation map(int index, long va, long size, long pa, Attributes a) {
        return new Operation.Map(index, Optional.of(AddressRange.ofSize(va, size)), Optional.empty(),
                new MapSource.Physical(pa), a, PageSizePolicy.LARGEST, false);
    }

    private static Job job(Machine m, List<Layout> layouts, List<SpaceSpec> spaces, Output.Kind kind, OptionalLong at,
            String source, String baseName) {
        List<String> names = new ArrayList<>();
        for (SpaceSpec s : spaces) {
            names.add(s.name());
        }
        Output out = new Output(0, kind, names, at, Optional.empty());
        AnalysisResult r = Analysis.run(new SystemModel(List.of(m), layouts, spaces, List.of(out)));
        List<String> errors = r.findings().stream().filter(x -> x.severity() == Severity.ERROR)
                .map(Object::toString).toList();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("the example has errors: " + errors);
        }
        TableImage image = r.image(0).orElseThrow();
        return new Job(image, out, baseName, source, Job.DEFAULT_PREFIX);
    }
}
