package org.pt.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pt.dsl.model.SpecAnalyzer;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.engine.analysis.AnalysisResult;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.image.Register;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Output;
import org.pt.generate.Gcc;
import org.pt.generate.Identifiers;
import org.pt.generate.MiniJson;
import org.pt.generate.Toolchain;
import org.pt.tests.boot.BootSpecs;

/**
 * Every file {@code ptc generate} writes for the shipped examples, checked with the real toolchain against the engine's
 * table image of its directive, which this test computes itself by analysing the example through the language (as
 * the boot tests do):
 * <ul>
 * <li>C: compiled with {@code gcc -std=c11 -Wall -Wextra -Werror -c}, freestanding ({@code -ffreestanding
 * -nostdlib}) and hosted, {@code -m32} for 32-bit formats; the header is compiled through the C file;</li>
 * <li>GNU as ({@code .S}) with the format's assembler, NASM ({@code .asm}) with {@code nasm -f elf64} or
 * {@code elf32};</li>
 * <li>absolute forms: the object's {@code .pt_tables} section ({@code objcopy -O binary -j .pt_tables}) is the image,
 * byte for byte; relocatable forms: assembled with the example's {@code PT_PHYS_OFFSET}, linked with {@code ld} at
 * a chosen physical address plus that offset, the section is the image the engine makes with {@code at physical}
 * that address (analysed from the example with such a directive added);</li>
 * <li>register values (CR3, satp, TTBR*, TCR_EL1, ...): the C header's macros, compiled into a section of words and
 * read back (after linking, for relocatable ones), and the assembly forms' symbols, read with nm, are the image's;</li>
 * <li>linker scripts: linked with the object of the example's C or assembly form of the same tables, at the image's
 * base and moved (PT_BASE), the section is the image there and the register symbols are the image's registers
 * (an ELF32 symbol holds only their low 32 bits: see {@link Target#symbol});</li>
 * <li>{@code .bin}: the image's bytes; JSON (the json form and the binary form's companion), parsed with a strict
 * parser: base, size, entry bytes, every space's roots and register values, and for the json form the image rebuilt
 * from the listed entries.</li>
 * </ul>
 * The set of files checked must be the set written. One test flips a physical-address bit in a generated C file and
 * shows the comparison names exactly that entry, one changes a register in a header and shows that register named;
 * another compares every form of rust-os.ptl with golden files under
 * {@code src/test/resources/golden/generate/} ({@code -Dpt.golden.update=true} rewrites them; review the diff).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class ExampleOutputsTest {

    private static final Path EXAMPLES = Path.of("../examples");
    private static final Path GOLDEN = Path.of("src/test/resources/golden/generate");
    private static final boolean UPDATE = Boolean.getBoolean("pt.golden.update");

    /** The toolchain of a paging format's family: assembler, NASM object format, gcc flags, linker, objcopy. */
    enum Target {
        X86_64(List.of("as", "--64"), "elf64", List.of(), List.of("ld"), "", 64),
        X86_32(List.of("as", "--32"), "elf32", List.of("-m32"), List.of("ld", "-m", "elf_i386"), "", 32),
        AARCH64(List.of("aarch64-linux-gnu-as"), null, null, List.of("aarch64-linux-gnu-ld"), "aarch64-linux-gnu-", 64),
        RISCV64(List.of("riscv64-linux-gnu-as"), null, null, List.of("riscv64-linux-gnu-ld"), "riscv64-linux-gnu-", 64);

        final List<String> as;
        final String nasm;
        final List<String> gcc;
        final List<String> ld;
        final String tools;
        /** Bits of an ELF symbol's value: what a linker-script symbol can hold. */
        final int symbolBits;

        Target(List<String> as, String nasm, List<String> gcc, List<String> ld, String tools, int symbolBits) {
            this.as = as;
            this.nasm = nasm;
            this.gcc = gcc;
            this.ld = ld;
            this.tools = tools;
            this.symbolBits = symbolBits;
        }

        static Target of(PagingFormat f) {
            return switch (f.family()) {
                case X86 -> f.entryBytes() == 8 && f.name().startsWith("x86_64") ? X86_64 : X86_32;
                case AARCH64 -> AARCH64;
                case RISCV -> RISCV64;
                default -> throw new AssertionError("no toolchain for " + f.name());
            };
        }
    }

    /**
     * A shipped example; its relocatable outputs are linked for physical address {@code at} (in the machine's RAM,
     * away from the simulated tables) with {@code offset} as PT_PHYS_OFFSET, the kernel's link minus load address.
     */
    enum Example {
        I386("i386", 0x0080_0000L, 0xC000_0000L),
        LINUX_ARM64("linux-arm64-4k-48", 0, 0),
        LINUX_RISCV("linux-riscv-sv39", 0, 0),
        LINUX_X86_64_4LEVEL("linux-x86_64-4level", 0, 0),
        LINUX_X86_64_5LEVEL("linux-x86_64-5level", 0x1_0000_0000L, 0xFFFF_FFFF_8000_0000L),
        RUST_OS("rust-os", 0x0100_0000L, 0),
        WINDOWS_X64("windows-x64", 0x1_0000_0000L, 0xFFFF_F800_0000_0000L);

        final String name;
        final long at;
        final long offset;

        Example(String name, long at, long offset) {
            this.name = name;
            this.at = at;
            this.offset = offset;
        }

        Path spec() {
            return EXAMPLES.resolve(name + ".ptl");
        }
    }

    @Inject
    private BootSpecs specs;

    @TempDir
    Path dir;

    /** A spec analysed as {@code ptc check} does (no error allowed): its outputs and the engine's result. */
    private record Spec(Path file, List<Output> outputs, AnalysisResult result) {
        TableImage image(Output o) {
            return result.image(o.index()).orElseThrow(() -> new AssertionError(file + ": no image for output "
                    + o.index()));
        }
    }

    private Spec analyse(Path spec) {
        SpecAnalyzer.Analysed a = specs.analysed(spec);
        AnalysisResult result = a.result().orElseThrow(() -> new AssertionError("no analysis of " + spec));
        return new Spec(spec, a.translation().model().outputs(), result);
    }

    // ---- the tests -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Example.class)
    void everyFileWrittenHoldsTheEngineImage(Example e) throws Exception {
        Spec spec = analyse(e.spec());
        assertTrue(spec.outputs().size() >= 2, e.name + " has " + spec.outputs().size() + " generate directives");
        Path out = generate(e.spec());
        assertEquals(listing(out), checkAll(e, spec, out, Files.readString(e.spec())));
    }

    /**
     * Across the examples every form is generated, absolute and relocatable; the x86 examples have C in both modes,
     * the arm64 and RISC-V ones gas with {@code at physical}.
     */
    @Test
    void theExamplesUseEveryFormInBothModes() {
        TreeSet<String> forms = new TreeSet<>();
        TreeSet<String> modes = new TreeSet<>();
        TreeSet<String> x86c = new TreeSet<>();
        for (Example e : Example.values()) {
            Spec spec = analyse(e.spec());
            boolean absoluteGas = false;
            for (Output o : spec.outputs()) {
                forms.add(o.kind().word());
                String mode = o.at().isPresent() ? "absolute" : "relocatable";
                if (o.kind() == Output.Kind.C || o.kind() == Output.Kind.GAS || o.kind() == Output.Kind.NASM) {
                    modes.add(mode);
                }
                Target t = Target.of(spec.image(o).format());
                if (o.kind() == Output.Kind.C && (t == Target.X86_64 || t == Target.X86_32)) {
                    x86c.add(mode);
                }
                absoluteGas |= o.kind() == Output.Kind.GAS && o.at().isPresent();
            }
            Target t = Target.of(spec.image(spec.outputs().get(0)).format());
            assertTrue(t == Target.X86_64 || t == Target.X86_32 || absoluteGas, e.name + ": no gas at physical");
        }
        assertEquals(new TreeSet<>(Output.Kind.words()), forms);
        assertEquals(new TreeSet<>(List.of("absolute", "relocatable")), modes);
        assertEquals(new TreeSet<>(List.of("absolute", "relocatable")), x86c);
    }

    /** A C output written under {@code out}, with the engine's image of its directive. */
    private record Generated(Output output, TableImage image, Path out) {
    }

    /** The absolute C form of linux-x86_64-4level, generated. */
    private Generated absoluteC() {
        Path example = Example.LINUX_X86_64_4LEVEL.spec();
        Spec spec = analyse(example);
        Output c = spec.outputs().stream().filter(o -> o.kind() == Output.Kind.C).findFirst().orElseThrow();
        assertTrue(c.at().isPresent(), c.toString());
        return new Generated(c, spec.image(c), generate(example));
    }

    /**
     * The checker can fail: bit 30 (an address bit in every x86_64 entry) flipped in the first non-zero entry of the
     * absolute C form of linux-x86_64-4level is reported as exactly that entry.
     */
    @Test
    void aFlippedAddressBitInTheCFormIsCaught() throws Exception {
        Generated g = absoluteC();
        Path file = g.out().resolve(g.output().file().orElseThrow());
        String text = Files.readString(file);
        Matcher m = Pattern.compile("\\[(\\d+)\\] = 0x([0-9a-f]{16})").matcher(text);
        long value = 0;
        int index = -1;
        while (value == 0 && m.find()) {
            index = Integer.parseInt(m.group(1));
            value = Long.parseUnsignedLong(m.group(2), 16);
        }
        assertNotEquals(0, value, "no literal entry in " + file);
        long flipped = value ^ (1L << 30);
        Files.writeString(file, text.substring(0, m.start(2)) + String.format("%016x", flipped)
                + text.substring(m.end(2)));

        Target t = Target.of(g.image().format());
        Gcc.compile(g.out(), file.getFileName().toString(), t.gcc.toArray(String[]::new));
        byte[] section = Toolchain.section(g.out(), "objcopy", g.out().resolve(base(g.output()) + ".o"));
        assertEquals(List.of(String.format("entry %d at offset 0x%x: the engine has 0x%x, the output 0x%x", index,
                index * 8L, value, flipped)), differences(binary(g.image()), section, 8));
    }

    /** The register check can fail: CR4 of 'kernel' changed in the header is reported as exactly that register. */
    @Test
    void aWrongRegisterInTheHeaderIsCaught() throws Exception {
        Generated g = absoluteC();
        Path header = g.out().resolve(base(g.output()) + ".h");
        long cr4 = g.image().spaces().get(0).registers().stream().filter(r -> r.name().equals("CR4")).findFirst()
                .orElseThrow().value();
        String line = "#define PT_KERNEL_CR4 UINT64_C(" + hex(cr4) + ")\n";
        String text = Files.readString(header);
        assertTrue(text.contains(line), text);
        Files.writeString(header, text.replace(line, "#define PT_KERNEL_CR4 UINT64_C(" + hex(cr4 ^ 0x20) + ")\n"));

        Target t = Target.of(g.image().format());
        List<String> expected = expectedRegisters(g.image());
        List<String> found = registersInSection(g.out(), t, registersInC(t, g.output(), g.image(), g.out(), 0),
                g.image());
        assertEquals(expected.size(), found.size());
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equals(found.get(i))) {
                wrong.add(expected.get(i) + " but " + found.get(i));
            }
        }
        assertEquals(List.of("PT_KERNEL_CR4=" + hex(cr4) + " but PT_KERNEL_CR4=" + hex(cr4 ^ 0x20)), wrong);
    }

    /**
     * rust-os.ptl's own directives (c relocatable, binary as simulated) and the four other forms of its kernel
     * (gas relocatable, nasm absolute, linker, json) equal the golden files byte for byte; every file is also checked
     * as the examples' are.
     */
    @Test
    void everyFormOfRustOsEqualsItsGoldenFiles() throws Exception {
        Example e = Example.RUST_OS;
        String text = Files.readString(e.spec()) + """

                // Every other form, for the golden files of ExampleOutputsTest.
                generate gas for kernel into "rust-os-gas.S"
                generate nasm for kernel at physical 0x0200_0000 into "rust-os-nasm.asm"
                generate linker for kernel into "rust-os.ld"
                generate json for kernel into "rust-os-tables.json"
                """;
        Path spec = dir.resolve("spec/rust-os.ptl");
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, text);
        Spec analysed = analyse(spec);
        Path out = generate(spec);
        List<String> written = listing(out);
        assertEquals(List.of("rust-os-gas.S", "rust-os-nasm.asm", "rust-os-tables.json", "rust-os.bin", "rust-os.c",
                "rust-os.h", "rust-os.json", "rust-os.ld"), written);
        assertEquals(written, checkAll(e, analysed, out, text));
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            try (Stream<Path> old = Files.list(GOLDEN)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            for (String f : written) {
                Files.copy(out.resolve(f), GOLDEN.resolve(f));
            }
        }
        assertEquals(written, listing(GOLDEN), "golden files");
        for (String f : written) {
            if (f.endsWith(".bin")) {
                assertArrayEquals(Files.readAllBytes(GOLDEN.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
            } else { // text: a failure shows the lines
                assertEquals(Files.readString(GOLDEN.resolve(f)), Files.readString(out.resolve(f)), f);
            }
        }
    }

    // ---- generating and checking ---------------------------------------------------------------------------------

    /** {@code ptc generate --out DIR/out SPEC}, as GenerateCommandTest runs it; it must succeed. */
    private Path generate(Path spec) {
        Path out = dir.resolve("out");
        Transcript run = Transcript.of("generate", "--out", out.toString(), spec.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        return out;
    }

    /** Every file under {@code root}, relative, sorted. */
    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    /**
     * Checks the files of every output of {@code spec} under {@code out} (before anything else is written there);
     * the names of the files checked, sorted.
     */
    private List<String> checkAll(Example e, Spec spec, Path out, String text) throws Exception {
        TreeSet<String> checked = new TreeSet<>();
        List<String> before = listing(out);
        for (Output o : spec.outputs()) {
            TableImage image = spec.image(o);
            Target t = Target.of(image.format());
            String base = base(o);
            switch (o.kind()) {
                case C -> {
                    checked.addAll(List.of(base + ".c", base + ".h"));
                    for (List<String> flags : List.of(List.of("-ffreestanding", "-nostdlib"), List.<String>of())) {
                        Path object = object(t, o, out, 0, flags);
                        if (o.at().isPresent()) {
                            same(image, Toolchain.section(out, t.tools + "objcopy", object), o);
                        }
                    }
                    if (o.at().isPresent()) {
                        assertEquals(expectedRegisters(image), registersInSection(out, t,
                                registersInC(t, o, image, out, 0), image));
                    }
                    relocated(e, spec, o, t, out, text);
                }
                case GAS, NASM -> {
                    checked.add(o.file().orElseThrow());
                    if (o.at().isPresent()) {
                        Path object = object(t, o, out, 0, List.of());
                        same(image, Toolchain.section(out, t.tools + "objcopy", object), o);
                        assertEquals(expectedRegisters(image), registerSymbolsIn(out, t, object, image));
                    }
                    relocated(e, spec, o, t, out, text);
                }
                case BINARY -> {
                    checked.addAll(List.of(base + ".bin", base + ".json"));
                    same(image, Files.readAllBytes(out.resolve(base + ".bin")), o);
                    Map<?, ?> doc = json(out.resolve(base + ".json"), image, "binary");
                    assertEquals(Map.of("file", Path.of(base + ".bin").getFileName().toString(), "bytes",
                            hex(image.size())), doc.get("binary"));
                }
                case JSON -> {
                    checked.add(o.file().orElseThrow());
                    Map<?, ?> doc = json(out.resolve(o.file().orElseThrow()), image, "json");
                    same(image, rebuilt(doc, image), o);
                }
                case LINKER -> {
                    checked.add(o.file().orElseThrow());
                    linker(e, spec, o, t, out, text);
                }
            }
        }
        assertTrue(before.containsAll(checked), "checked " + checked + ", written " + before);
        return List.copyOf(checked);
    }

    /** The into path without its extension: the base of the output's files. */
    private static String base(Output o) {
        String f = o.file().orElseThrow(() -> new AssertionError("an example's output names its file"));
        int dot = f.lastIndexOf('.');
        return dot > f.lastIndexOf('/') ? f.substring(0, dot) : f;
    }

    /** Compiles or assembles the C, gas or nasm form of {@code o} with {@code offset} as PT_PHYS_OFFSET: the object. */
    private static Path object(Target t, Output o, Path out, long offset, List<String> cflags) throws Exception {
        String file = o.file().orElseThrow();
        Path object = out.resolve(base(o) + ".o");
        String define = "PT_PHYS_OFFSET=" + hex(offset);
        switch (o.kind()) {
            case C -> {
                List<String> flags = new ArrayList<>(t.gcc);
                flags.addAll(cflags);
                flags.add("-D" + define);
                Gcc.compile(out, file, flags.toArray(String[]::new));
            }
            case GAS -> {
                List<String> cmd = new ArrayList<>(t.as);
                cmd.addAll(List.of("--defsym", define, "-o", object.toString(), file));
                Toolchain.run(out, cmd.toArray(String[]::new));
            }
            case NASM -> Toolchain.run(out, "nasm", "-f", t.nasm, "-D" + define, "-o", object.toString(), file);
            default -> throw new AssertionError(o.kind() + " is not compiled");
        }
        return object;
    }

    /**
     * A relocatable C, gas or nasm output, linked at the example's address plus its PT_PHYS_OFFSET: the section is
     * the engine's image moved to that address, {@code pt_tables} is at the link address.
     */
    private void relocated(Example e, Spec spec, Output o, Target t, Path out, String text) throws Exception {
        if (o.at().isPresent()) {
            return;
        }
        Path object = object(t, o, out, e.offset, List.of());
        Path linked = out.resolve(base(o) + ".elf");
        List<String> cmd = new ArrayList<>(t.ld);
        cmd.addAll(List.of("--section-start=.pt_tables=" + hex(e.at + e.offset), "-e", "pt_tables", "-o",
                linked.toString(), object.toString()));
        TableImage moved = moved(spec, o, e.at, text);
        Path registers = null;
        if (o.kind() == Output.Kind.C) {
            registers = registersInC(t, o, moved, out, e.offset);
            cmd.add(registers.toString());
        }
        Toolchain.run(out, cmd.toArray(String[]::new));
        assertNotEquals(spec.image(o).base(), moved.base());
        same(moved, Toolchain.section(out, t.tools + "objcopy", linked), o);
        assertEquals(e.at + e.offset, Toolchain.symbol(out, t.tools + "nm", linked, "pt_tables"));
        assertEquals(expectedRegisters(moved),
                o.kind() == Output.Kind.C ? registersInSection(out, t, linked, moved)
                        : registerSymbolsIn(out, t, linked, moved));
        Files.delete(linked);
        Files.delete(object);
        if (registers != null) {
            Files.delete(registers);
        }
    }

    /**
     * Compiles a C file that includes the header of C output {@code o} and puts the value of each register macro
     * ({@code PT_KERNEL_CR3}, ...) into section {@code .pt_check}, in the order of {@link #registerSymbols}, with
     * {@code offset} as PT_PHYS_OFFSET: its object. One 64-bit word each; on a 32-bit target 32-bit words, a 64-bit
     * register in two (low, high), since a C initializer cannot widen an address there.
     */
    private static Path registersInC(Target t, Output o, TableImage image, Path out, long offset) throws IOException {
        String name = base(o) + "-registers.c";
        StringBuilder c = new StringBuilder("#include \"" + Path.of(base(o)).getFileName() + ".h\"\n\n")
                .append("const uint").append(t.symbolBits).append("_t pt_check[]")
                .append(" __attribute__((section(\".pt_check\"), aligned(8))) = {\n");
        for (Map.Entry<String, Register> r : registerSymbols(image).entrySet()) {
            if (r.getValue().bits() > t.symbolBits) {
                c.append("\t(uint32_t)(").append(r.getKey()).append(" & 0xffffffffu),\n");
                c.append("\t(uint32_t)((uint64_t)").append(r.getKey()).append(" >> 32),\n");
            } else {
                c.append("\t").append(r.getKey()).append(",\n");
            }
        }
        Files.writeString(out.resolve(name), c.append("};\n").toString());
        List<String> flags = new ArrayList<>(t.gcc);
        flags.add("-DPT_PHYS_OFFSET=" + hex(offset));
        Gcc.compile(out, name, flags.toArray(String[]::new));
        return out.resolve(base(o) + "-registers.o");
    }

    /** The register values {@code image} says: {@code NAME=VALUE}. */
    private static List<String> expectedRegisters(TableImage image) {
        return registerSymbols(image).entrySet().stream().map(r -> r.getKey() + "=" + hex(r.getValue().value()))
                .toList();
    }

    /** The register values in section {@code .pt_check} of {@code elf} (see {@link #registersInC}). */
    private static List<String> registersInSection(Path out, Target t, Path elf, TableImage image) throws Exception {
        Path bin = out.resolve(elf.getFileName() + ".pt_check.bin");
        Toolchain.run(out, t.tools + "objcopy", "-O", "binary", "-j", ".pt_check", elf.toString(), bin.toString());
        byte[] bytes = Files.readAllBytes(bin);
        int word = t.symbolBits / 8;
        List<String> found = new ArrayList<>();
        int at = 0;
        for (Map.Entry<String, Register> r : registerSymbols(image).entrySet()) {
            long v = entry(bytes, at++, word);
            if (r.getValue().bits() > t.symbolBits) {
                v |= entry(bytes, at++, word) << 32;
            }
            found.add(r.getKey() + "=" + hex(v));
        }
        assertEquals(at * word, bytes.length, elf + " .pt_check");
        return found;
    }

    /**
     * The symbols the assembly and linker forms write register {@code r} as: {@code name}, or on a 32-bit target a
     * 64-bit register as {@code name_LO} and {@code name_HI}, since 32-bit assemblers and linkers keep only 32 bits.
     */
    private static List<String> written(Target t, String name, Register r) {
        return r.bits() > t.symbolBits ? List.of(name + "_LO", name + "_HI") : List.of(name);
    }

    /** The values of the register symbols in {@code elf}, read with nm (a split register's halves joined). */
    private static List<String> registerSymbolsIn(Path out, Target t, Path elf, TableImage image) throws Exception {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, Register> r : registerSymbols(image).entrySet()) {
            long value = 0;
            int shift = 0;
            for (String name : written(t, r.getKey(), r.getValue())) {
                value |= Toolchain.symbol(out, t.tools + "nm", elf, name) << shift;
                shift += t.symbolBits;
            }
            found.add(r.getKey() + "=" + hex(value));
        }
        return found;
    }

    /**
     * The linker form, linked with the object of the example's C, gas or nasm output of the same spaces: at the
     * image's base (the script's default), then with PT_BASE and PT_PHYS_OFFSET given; the section is the image there
     * and the register symbols are its registers.
     */
    private void linker(Example e, Spec spec, Output o, Target t, Path out, String text) throws Exception {
        Output data = spec.outputs().stream().filter(d -> d.spaces().equals(o.spaces()) && d.at().equals(o.at())
                && List.of(Output.Kind.C, Output.Kind.GAS, Output.Kind.NASM).contains(d.kind())).findFirst()
                .orElseThrow(() -> new AssertionError(spec.file() + ": no C or assembly form to link " + o.file()
                        + " with"));
        TableImage image = spec.image(o);
        link(t, out, o, data, image, 0, List.of());
        if (o.at().isEmpty()) {
            TableImage moved = moved(spec, o, e.at, text);
            link(t, out, o, data, moved, e.offset, List.of("--defsym", "PT_BASE=" + hex(e.at), "--defsym",
                    "PT_PHYS_OFFSET=" + hex(e.offset)));
        }
    }

    private void link(Target t, Path out, Output script, Output data, TableImage expected, long offset,
            List<String> defsyms) throws Exception {
        Path object = object(t, data, out, offset, List.of());
        Path linked = out.resolve(base(script) + ".elf");
        List<String> cmd = new ArrayList<>(t.ld);
        cmd.addAll(defsyms);
        for (Map.Entry<String, Register> r : registerSymbols(expected).entrySet()) { // PROVIDE: only when used
            for (String name : written(t, r.getKey(), r.getValue())) {
                cmd.addAll(List.of("-u", name));
            }
        }
        cmd.addAll(List.of("-T", script.file().orElseThrow(), "-e", "pt_tables", "-o", linked.toString(),
                object.toString()));
        Toolchain.run(out, cmd.toArray(String[]::new));
        same(expected, Toolchain.section(out, t.tools + "objcopy", linked), script);
        assertEquals(expected.base() + offset, Toolchain.symbol(out, t.tools + "nm", linked, "pt_tables"));
        assertEquals(expectedRegisters(expected), registerSymbolsIn(out, t, linked, expected));
        Files.delete(linked);
        Files.delete(object);
    }

    /** Every register of every space of {@code image} by its symbol ({@code PT_KERNEL_CR3}), in output order. */
    private static Map<String, Register> registerSymbols(TableImage image) {
        Map<String, Register> symbols = new LinkedHashMap<>();
        for (TableImage.SpaceImage s : image.spaces()) {
            for (Register r : s.registers()) {
                symbols.put(Identifiers.constant("pt_", s.name() + "_" + r.name()), r);
            }
        }
        return symbols;
    }

    /**
     * The image of {@code o}'s spaces moved to {@code at}: the spec's text with a directive {@code generate binary
     * for SPACES at physical AT} added, analysed through the language.
     */
    private TableImage moved(Spec spec, Output o, long at, String text) {
        Path file = dir.resolve("moved/" + spec.file().getFileName());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text + "\ngenerate binary for " + String.join(", ", o.spaces()) + " at physical "
                    + hex(at) + " into \"moved.bin\"\n");
        } catch (IOException x) {
            throw new AssertionError(x);
        }
        Spec s = analyse(file);
        Output added = s.outputs().get(s.outputs().size() - 1);
        TableImage image = s.image(added);
        assertEquals(at, image.base());
        return image;
    }

    /** The output holds exactly the image's bytes. */
    private static void same(TableImage image, byte[] actual, Output o) throws IOException {
        assertEquals(List.of(), differences(binary(image), actual, image.entryBytes()), o.kind().word() + " "
                + o.file().orElseThrow());
    }

    static byte[] binary(TableImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        image.writeBinary(out);
        return out.toByteArray();
    }

    /** The entries (little-endian, {@code entryBytes} wide) where {@code actual} differs from {@code expected}. */
    static List<String> differences(byte[] expected, byte[] actual, int entryBytes) {
        List<String> found = new ArrayList<>();
        if (expected.length != actual.length) {
            found.add("the engine has " + expected.length + " bytes, the output " + actual.length);
        }
        int n = Math.min(expected.length, actual.length) / entryBytes;
        for (int i = 0; i < n && found.size() < 10; i++) {
            long a = entry(expected, i, entryBytes);
            long b = entry(actual, i, entryBytes);
            if (a != b) {
                found.add(String.format("entry %d at offset 0x%x: the engine has 0x%x, the output 0x%x", i,
                        (long) i * entryBytes, a, b));
            }
        }
        return found;
    }

    private static long entry(byte[] bytes, int index, int entryBytes) {
        long v = 0;
        for (int b = entryBytes - 1; b >= 0; b--) {
            v = v << 8 | (bytes[index * entryBytes + b] & 0xFF);
        }
        return v;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /**
     * A JSON document of {@code form} about {@code image}, parsed strictly: its base, size, entry bytes, spaces with
     * their roots and register values must be the image's.
     */
    private static Map<?, ?> json(Path file, TableImage image, String form) throws IOException {
        Map<?, ?> doc = (Map<?, ?>) MiniJson.parse(Files.readString(file));
        assertEquals(form, doc.get("form"), file.toString());
        assertEquals(image.format().name(), doc.get("format"));
        assertEquals(hex(image.base()), doc.get("base"));
        assertEquals(hex(image.size()), doc.get("size"));
        assertEquals((long) image.entryBytes(), doc.get("entryBytes"));
        List<?> spaces = (List<?>) doc.get("spaces");
        assertEquals(image.spaces().size(), spaces.size());
        for (int i = 0; i < spaces.size(); i++) {
            Map<?, ?> s = (Map<?, ?>) spaces.get(i);
            TableImage.SpaceImage expected = image.spaces().get(i);
            assertEquals(expected.name(), s.get("name"));
            assertEquals(expected.roots().stream().map(ExampleOutputsTest::hex).toList(),
                    ((List<?>) s.get("roots")).stream().map(r -> ((Map<?, ?>) r).get("pa")).toList(), expected.name());
            assertEquals(expected.registers().stream().map(r -> r.name() + "=" + hex(r.value())).toList(),
                    ((List<?>) s.get("registers")).stream().map(r -> ((Map<?, ?>) r).get("name") + "="
                            + ((Map<?, ?>) r).get("value")).toList(), expected.name());
        }
        return doc;
    }

    /** The image as the json form lists it: every table's non-zero entries at their place from the base. */
    private static byte[] rebuilt(Map<?, ?> doc, TableImage image) {
        long base = Long.parseUnsignedLong(((String) doc.get("base")).substring(2), 16);
        byte[] bytes = new byte[(int) Long.parseUnsignedLong(((String) doc.get("size")).substring(2), 16)];
        List<?> tables = (List<?>) doc.get("tables");
        assertEquals((long) tables.size(), doc.get("tableCount"));
        assertEquals(image.tables().size(), tables.size());
        int eb = image.entryBytes();
        for (Object t : tables) {
            Map<?, ?> table = (Map<?, ?>) t;
            long pa = Long.parseUnsignedLong(((String) table.get("pa")).substring(2), 16);
            for (Object x : (List<?>) table.get("entries")) {
                Map<?, ?> entry = (Map<?, ?>) x;
                long raw = Long.parseUnsignedLong(((String) entry.get("raw")).substring(2), 16);
                int at = (int) (pa - base + (Long) entry.get("index") * eb);
                for (int b = 0; b < eb; b++) {
                    bytes[at + b] = (byte) (raw >>> (8 * b));
                }
            }
        }
        return bytes;
    }
}
