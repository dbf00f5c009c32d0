package org.pt.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Output;
import org.pt.generate.Systems.Sys;

/**
 * The nasm form assembled by NASM ({@code -f elf64} for 4- and 5-level paging, {@code -f elf32} for x86-32 and PAE):
 * in absolute mode the section's bytes are the engine's binary image; in relocatable mode, assembled with
 * {@code -DPT_PHYS_OFFSET} and linked with the linker form at another address, they are the engine's image moved
 * there.
 */
class NasmEmitterTest {

    @TempDir
    Path dir;

    /** Assembles {@code job}'s nasm file with {@code nasm -f format} and {@code defines}; the object file. */
    private Path assemble(Job job, String format, String... defines) throws Exception {
        Path s = Toolchain.write(dir, new NasmEmitter().emit(job).get(0));
        Path o = dir.resolve(job.baseName() + ".o");
        Toolchain.run(dir, Toolchain.cat(Toolchain.cat(new String[] {"nasm", "-f", format}, defines), "-o",
                o.toString(), s.toString()));
        return o;
    }

    /** Assembles the absolute form of {@code sys} at {@code at}; the section must be the engine's image. */
    private void absolute(Sys sys, long at, String format) throws Exception {
        Job job = sys.job(Output.Kind.NASM, OptionalLong.of(at));
        byte[] expected = Systems.binary(job.image());
        assertEquals(job.image().size(), expected.length);
        assertEquals(at, job.image().base());
        assertArrayEquals(expected, Toolchain.section(dir, "objcopy", assemble(job, format)));
    }

    /**
     * Assembles the relocatable form with {@code -DPT_PHYS_OFFSET=offset} (none for 0), links it with the linker form loaded at
     * {@code at}: the section must be the engine's image moved to {@code at}.
     */
    private void relocatable(Sys sys, long at, long offset, String format, String... ld) throws Exception {
        Job job = sys.job(Output.Kind.NASM, OptionalLong.empty());
        // offset 0 is left to the file's own %ifndef default
        Path o = offset == 0 ? assemble(job, format) : assemble(job, format, "-DPT_PHYS_OFFSET=" + AsmModel.hex(offset));
        Links.checkMoved(dir, sys, o, at, offset, "", ld);
    }

    /** Each x86 mode, NASM's object format for it and an address for its absolute tables. */
    static Stream<Arguments> absoluteCases() {
        return Stream.of(Arguments.of("x86_64", Systems.x86_64(), "elf64", 0x1_0000_0000L),
                Arguments.of("la57", Systems.la57(), "elf64", 0x80_0000L),
                Arguments.of("pae", Systems.pae(), "elf32", 0x80_0000L),
                Arguments.of("x86-32", Systems.x86_32(), "elf32", 0x40_0000L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("absoluteCases")
    void absoluteAssemblesToTheEngineImage(String mode, Sys sys, String format, long at) throws Exception {
        absolute(sys, at, format);
    }

    /**
     * Each x86 mode, NASM's object format and ld's options for it, where the tables are loaded and the offset they
     * are linked at (0 for la57: the default of the form's %ifndef). PAE splits its 8-byte pointers for the 32-bit
     * link.
     */
    static Stream<Arguments> relocatableCases() {
        String[] ld64 = {"ld"};
        String[] ld32 = {"ld", "-m", "elf_i386"};
        return Stream.of(Arguments.of("x86_64", Systems.x86_64(), "elf64", ld64, 0x4000_0000L, 0xFFFF_FFFF_0000_0000L),
                Arguments.of("la57", Systems.la57(), "elf64", ld64, 0x300_0000L, 0L),
                Arguments.of("pae", Systems.pae(), "elf32", ld32, 0x200_0000L, 0xC000_0000L),
                Arguments.of("x86-32", Systems.x86_32(), "elf32", ld32, 0x200_0000L, 0xC000_0000L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("relocatableCases")
    void relocatableLinksToTheImageMovedWhereTheLinkerPutsIt(String mode, Sys sys, String format, String[] ld, long at,
            long offset) throws Exception {
        relocatable(sys, at, offset, format, ld);
    }

    @Test
    void relocatableEntriesPointingAtTablesAreExpressions() throws Exception {
        Job job = Systems.x86_64().job(Output.Kind.NASM, OptionalLong.empty());
        String text = new String(Systems.bytes(new NasmEmitter().emit(job).get(0)), StandardCharsets.US_ASCII);
        assertTrue(text.contains(Systems.recursiveSlotLine(job.image(), "\tdq ")), text);
        assertTrue(text.contains("%ifndef PT_PHYS_OFFSET\n%define PT_PHYS_OFFSET 0\n%endif\n"), text);
        assertTrue(text.contains("PT_KERNEL_CR3 equ pt_kernel_root + 0x0 - PT_PHYS_OFFSET + 0x0 ; CR3: root of "
                + "'kernel'\n"), text);
    }

    /**
     * Names and a source from a spec that try to end a comment line, continue it onto the next (a trailing backslash),
     * start preprocessor directives and data: every such text stays inside a {@code ;} comment, the names become
     * prefixed identifiers, and NASM assembles the file to the engine's image.
     */
    @Test
    void hostileNamesAndStringsCannotBreakTheFile() throws Exception {
        Sys sys = Systems.x86_64("k;\n%error kernel\\", "init\ndq 1", "kern\r%define dq db");
        Job job = sys.job(Output.Kind.NASM, OptionalLong.of(0x1_0000_0000L), "evil\n%error source \\");
        Path o = assemble(job, "elf64");
        String text = Files.readString(dir.resolve("tables.asm"), StandardCharsets.US_ASCII);
        List<String> escaped = text.lines().filter(l -> l.contains("%error") || l.contains("%define dq")
                || l.contains("dq 1")).filter(l -> !l.startsWith("; ") && !l.contains(" ; ")).toList();
        assertEquals(List.of(), escaped);
        assertTrue(text.lines().noneMatch(l -> l.endsWith("\\")), text);
        assertTrue(text.contains("\nglobal pt_k___error_kernel__root\npt_k___error_kernel__root:\n"), text);
        assertTrue(text.contains("\nPT_INIT_DQ_1_CR3 equ 0x"), text);
        assertTrue(text.contains("\nPT_K___ERROR_KERNEL__KERN__DEFINE_DQ_DB_START equ 0xffffffff80000000 ;"), text);
        assertArrayEquals(Systems.binary(job.image()), Toolchain.section(dir, "objcopy", o));
    }

    /**
     * Without a prefix, spaces and regions named like NASM's own words ({@code section}, {@code dq}) or starting with
     * a digit still become identifiers NASM takes as labels and constants (a suffix or a leading {@code _} keeps each
     * from being the word itself).
     */
    @Test
    void reservedWordsAndDigitsBecomeValidLabels() throws Exception {
        Sys sys = Systems.x86_64("section", "9lives", "dq");
        Job prefixed = sys.job(Output.Kind.NASM, OptionalLong.of(0x1_0000_0000L));
        Job job = new Job(prefixed.image(), prefixed.output(), "bare", "bare.ptl", "");
        Path o = assemble(job, "elf64");
        String text = Files.readString(dir.resolve("bare.asm"), StandardCharsets.US_ASCII);
        assertTrue(text.contains("\nsection_root:\n"), text);
        assertTrue(text.contains("\n_9lives_root:\n"), text);
        assertTrue(text.contains("\nglobal tables\ntables:\n"), text);
        assertTrue(text.contains("\nSECTION_DQ_START equ 0xffffffff80000000 ;"), text);
        assertArrayEquals(Systems.binary(job.image()), Toolchain.section(dir, "objcopy", o));
        String symbols = Toolchain.run(dir, "nm", o.toString());
        assertTrue(symbols.contains(" D section_root\n") && symbols.contains(" D _9lives_root\n"), symbols);
    }

    @Test
    void twoEmissionsAreIdentical() throws Exception {
        Sys sys = Systems.pae();
        for (OptionalLong at : new OptionalLong[] {OptionalLong.empty(), OptionalLong.of(0x80_0000L)}) {
            byte[] a = Systems.bytes(new NasmEmitter().emit(sys.job(Output.Kind.NASM, at)).get(0));
            byte[] b = Systems.bytes(new NasmEmitter().emit(sys.job(Output.Kind.NASM, at)).get(0));
            assertArrayEquals(a, b);
        }
        assertEquals("tables.asm", new NasmEmitter().emit(sys.job(Output.Kind.NASM, OptionalLong.empty())).get(0)
                .name());
    }

    /**
     * The comparison can fail: one leaf entry of the emitted text changed (its RW bit) assembles to a section that
     * differs from the engine's image in that entry's eight bytes only.
     */
    @Test
    void aChangedEntryIsCaughtAtItsOffsetAndNowhereElse() throws Exception {
        Job job = Systems.x86_64().job(Output.Kind.NASM, OptionalLong.of(0x1_0000_0000L));
        TableImage image = job.image();
        String text = new String(Systems.bytes(new NasmEmitter().emit(job).get(0)), StandardCharsets.US_ASCII);
        // a leaf whose value the file holds once: the last 4 KiB page of the kernel's mapping
        TableImage.Table last = image.tables().stream().filter(t -> t.depth() == 3).reduce((a, b) -> b).orElseThrow();
        int index = -1;
        for (int i = 0; i < 512; i++) {
            long e = image.entry(last, i);
            if (e != 0 && text.split(String.format("0x%016x", e), -1).length == 2) {
                index = i;
            }
        }
        assertTrue(index >= 0, "a leaf written once");
        long leaf = image.entry(last, index);
        Path s = dir.resolve("corrupt.asm");
        Files.writeString(s, text.replace(String.format("0x%016x", leaf), String.format("0x%016x", leaf ^ 2)),
                StandardCharsets.US_ASCII);
        Path o = dir.resolve("corrupt.o");
        Toolchain.run(dir, "nasm", "-f", "elf64", "-o", o.toString(), s.toString());
        byte[] expected = Systems.binary(image);
        byte[] got = Toolchain.section(dir, "objcopy", o);
        assertEquals(expected.length, got.length);
        ByteBuffer e = ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer g = ByteBuffer.wrap(got).order(ByteOrder.LITTLE_ENDIAN);
        List<String> differences = new ArrayList<>();
        for (int at = 0; at < expected.length; at += 8) {
            if (e.getLong(at) != g.getLong(at)) {
                differences.add(AsmModel.hex(at) + ": " + AsmModel.hex(g.getLong(at) ^ e.getLong(at)));
            }
        }
        assertEquals(List.of(AsmModel.hex(last.pa() - image.base() + 8L * index) + ": 0x2"), differences);
    }

    @Test
    void otherFamiliesAreRefusedNamingGas() {
        Job job = Systems.aarch64().job(Output.Kind.NASM, OptionalLong.of(0x6000_0000L));
        GenerateRefusal r = assertThrows(GenerateRefusal.class, () -> new NasmEmitter().emit(job));
        assertEquals("nasm: NASM assembles x86 only, and these tables are aarch64-4k; generate gas for them instead",
                r.message());
    }
}
