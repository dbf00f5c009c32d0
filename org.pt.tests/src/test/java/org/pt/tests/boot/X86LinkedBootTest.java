package org.pt.tests.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.engine.analysis.AnalysisResult;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Output;
import org.pt.generate.AsmModel;
import org.pt.generate.GasEmitter;
import org.pt.generate.Identifiers;
import org.pt.generate.Job;
import org.pt.generate.LinkerEmitter;
import org.pt.generate.OutputFiles;
import org.pt.tests.boot.X86Mmu.Booted;

/**
 * The relocatable gas form linked into the x86 stub and booted (issue 8). The spec is {@code boot/x86_64-4level.ptl}
 * with its directive replaced by {@code generate gas for kernel} (no {@code at physical}: entries that point at a table
 * are computed by the linker) and {@code generate binary for kernel at physical 0x0060_0000} (the engine's image moved
 * to where the link puts the tables, the reference). The test assembles the gas form with
 * {@code --defsym PT_PHYS_OFFSET=0xc0000000} and {@code stubs/x86/stub.s} (its CR3 is the symbol
 * {@code PT_KERNEL_CR3} the linker form provides), links both with {@code stubs/x86/link-tables.ld}, which includes
 * the linker form, with {@code --defsym PT_BASE=0x600000}: the tables are loaded at 6 MiB, not at the 32 MiB pool the
 * simulation put them in, and linked at 3 GiB + 6 MiB. QEMU's multiboot loader takes 32-bit ELF files only, so the
 * linked file is converted with {@code objcopy -O elf32-i386}; it loads each segment at its physical address.
 *
 * <p>Then, as {@link X86BootTest} does, through {@link X86Mmu}: the registers once the stub parks (CR3 is the moved
 * root's), {@code info tlb}, {@code info mem} and {@code gva2gpa} against the engine's walks of the moved image; and a
 * second boot with three entries of the linked section flipped must show exactly those three pages.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class X86LinkedBootTest {

    private static final Path SPEC = Path.of("src/test/resources/boot/x86_64-4level.ptl");
    private static final Path STUBS = Path.of("src/test/resources/boot/stubs/x86");
    private static final String DIRECTIVE = "generate binary for kernel at physical 0x0080_0000";
    private static final long LOAD = 0x60_0000L;
    private static final long OFFSET = 0xC000_0000L;

    @Inject
    private BootSpecs specs;

    @TempDir
    Path dir;

    /** The linked ELF file (64-bit, as ld wrote it) and the engine's image moved to where it loads the tables. */
    private record Linked(Path elf, Booted moved) {
    }

    @Test
    void qemuWalksTheLinkedTablesAsTheEngineWalksTheMovedImage() throws Exception {
        Linked l = link();
        assertArrayEquals(X86Mmu.binary(l.moved.image()), section(l.elf));
        try (Qemu q = boot(l.elf, l.moved)) {
            X86Mmu.assertWalksAgree(q, l.moved, true);
        }
    }

    @Test
    void aFlippedEntryInTheLinkedSectionIsCaught() throws Exception {
        Linked l = link();
        byte[] bytes = section(l.elf);
        X86Mmu.Corruption corruption = X86Mmu.corrupt(l.moved, bytes);
        Path bin = dir.resolve("corrupt.bin");
        Files.write(bin, bytes);
        Path corrupt = dir.resolve("corrupt.elf");
        X86Mmu.run("objcopy", "--update-section", AsmModel.SECTION + "=" + bin, l.elf.toString(), corrupt.toString());
        try (Qemu q = boot(corrupt, l.moved)) {
            X86Mmu.assertCorruptionCaught(q, l.moved, corruption);
        }
    }

    /** The spec analysed, its gas and linker forms written, the stub and the tables assembled and linked. */
    private Linked link() throws IOException, InterruptedException {
        String text = Files.readString(SPEC, StandardCharsets.UTF_8);
        assertEquals(1, text.split(DIRECTIVE, -1).length - 1, "one '" + DIRECTIVE + "' in " + SPEC);
        Path spec = dir.resolve("x86_64-linked.ptl");
        Files.writeString(spec, text.replace(DIRECTIVE, "generate gas for kernel\ngenerate binary for kernel at physical "
                + AsmModel.hex(LOAD)), StandardCharsets.UTF_8);
        AnalysisResult result = specs.analyse(spec);
        TableImage relocatable = result.image(0).orElseThrow();
        TableImage moved = result.image(1).orElseThrow();
        assertNotEquals(LOAD, relocatable.base(), "the link must move the tables");
        assertEquals(LOAD, moved.base());

        Output gas = new Output(0, Output.Kind.GAS, List.of("kernel"), OptionalLong.empty(), Optional.empty());
        Job job = new Job(relocatable, gas, "tables", spec.getFileName().toString(), Job.DEFAULT_PREFIX);
        OutputFiles.write(dir, new GasEmitter().emit(job));
        OutputFiles.write(dir, new LinkerEmitter().emit(job));
        Path s = dir.resolve("tables.S");
        Booted b = X86Mmu.booted(moved);
        String cr3 = Identifiers.constant(Job.DEFAULT_PREFIX, b.space().name() + "_CR3");
        Files.writeString(dir.resolve("regs.inc"), X86Mmu.registersInclude(b, cr3), StandardCharsets.US_ASCII);

        Path stub = dir.resolve("stub.o");
        Path tables = dir.resolve("tables.o");
        Path elf = dir.resolve("linked.elf");
        X86Mmu.run("as", "--64", "-I", dir.toString(), "-o", stub.toString(), STUBS.resolve("stub.s").toString());
        X86Mmu.run("as", "--64", "--defsym", "PT_PHYS_OFFSET=" + AsmModel.hex(OFFSET), "-o", tables.toString(),
                s.toString());
        X86Mmu.run("ld", "-m", "elf_x86_64", "-L", dir.toString(), "--defsym", "PT_BASE=" + AsmModel.hex(LOAD),
                "--defsym", "PT_PHYS_OFFSET=" + AsmModel.hex(OFFSET), "-T", STUBS.resolve("link-tables.ld").toString(),
                "-o", elf.toString(), stub.toString(), tables.toString());
        return new Linked(elf, b);
    }

    /** The bytes of the linked {@code .pt_tables}, read with objcopy. */
    private byte[] section(Path elf) throws IOException, InterruptedException {
        Path out = dir.resolve(elf.getFileName() + ".bin");
        X86Mmu.run("objcopy", "-O", "binary", "-j", AsmModel.SECTION, elf.toString(), out.toString());
        return Files.readAllBytes(out);
    }

    /** {@code elf} made a 32-bit ELF file for QEMU's multiboot loader and booted; the stub parked. */
    private Qemu boot(Path elf, Booted b) throws IOException, InterruptedException {
        Path elf32 = dir.resolve(elf.getFileName() + ".32");
        X86Mmu.run("objcopy", "-O", "elf32-i386", elf.toString(), elf32.toString());
        return X86Mmu.boot("qemu-system-x86_64", List.of("-M", "pc", "-m", "2G", "-cpu", "max", "-kernel",
                elf32.toString()), b);
    }
}
