package org.pt.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pt.generate.Images.image;
import static org.pt.generate.Images.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pt.engine.analysis.AnalysisResult;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Output;

/**
 * The {@code c} form: golden files, gcc acceptance (hosted, freestanding kernel object, i386), relocatable entries as
 * the linker computes them, hygiene of spec strings, determinism and refusals.
 */
class CEmitterTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @TempDir
    Path dir;

    static Job job(TableImage image, OptionalLong at, String base, String source) {
        return new Job(image, output(0, Output.Kind.C, at, "x"), base, source, Job.DEFAULT_PREFIX);
    }

    /** The x86_64 example: 'kernel', 'init' and 'dm', at physical 4 GiB or relocatable with 'pools' too. */
    static Job x86(boolean absolute) {
        OptionalLong at = absolute ? OptionalLong.of(0x1_0000_0000L) : OptionalLong.empty();
        AnalysisResult r = absolute ? Images.pc(output(0, Output.Kind.C, at, "kernel", "init", "dm"))
                : Images.pc(output(0, Output.Kind.C, at, "kernel", "init", "dm", "pools"));
        return job(image(r, 0), at, "tables", "examples/pc.pt");
    }

    static Map<String, byte[]> bytes(Job job) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Artifact a : new CEmitter().emit(job)) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            a.body().writeTo(b);
            out.put(a.name(), b.toByteArray());
        }
        return out;
    }

    private void write(Job job) throws IOException {
        OutputFiles.write(dir, new CEmitter().emit(job));
    }

    private static void golden(String name, Job job) throws IOException {
        Path folder = GOLDEN.resolve(name);
        boolean update = Boolean.getBoolean("pt.golden.update");
        for (Map.Entry<String, byte[]> e : bytes(job).entrySet()) {
            Path file = folder.resolve(e.getKey());
            if (update) {
                Files.createDirectories(folder);
                Files.write(file, e.getValue());
            }
            assertTrue(Files.isRegularFile(file), file + " is missing; run with -Dpt.golden.update=true");
            assertEquals(Files.readString(file), new String(e.getValue(), StandardCharsets.UTF_8), file.toString());
        }
    }

    @Test
    void absoluteX86MatchesItsGoldenFiles() throws IOException {
        golden("c-x86_64-absolute", x86(true));
    }

    @Test
    void relocatableX86MatchesItsGoldenFiles() throws IOException {
        golden("c-x86_64-relocatable", x86(false));
    }

    @Test
    void filesAreNamedAfterTheBaseName() {
        List<String> names = new CEmitter().emit(job(x86(true).image(), OptionalLong.of(0x1_0000_0000L), "boot/pt",
                "s.pt")).stream().map(Artifact::name).toList();
        assertEquals(List.of("boot/pt.c", "boot/pt.h"), names);
    }

    @Test
    void absoluteX86CompilesHostedAndAsAFreestandingKernelObject() throws IOException {
        write(x86(true));
        Gcc.compile(dir, "tables.c");
        Gcc.compile(dir, "tables.c", "-ffreestanding", "-nostdlib", "-mcmodel=kernel", "-fno-pic", "-mno-red-zone");
    }

    @Test
    void relocatableX86CompilesHostedAndAsAFreestandingKernelObject() throws IOException {
        write(x86(false));
        Gcc.compile(dir, "tables.c");
        Gcc.compile(dir, "tables.c", "-ffreestanding", "-nostdlib", "-mcmodel=kernel", "-fno-pic", "-mno-red-zone",
                "-DPT_PHYS_OFFSET=0xffffffff80000000");
    }

    @Test
    void i386AndPaeTablesCompileWithMinus32() throws IOException {
        // Debian's gcc without gcc-multilib has no 32-bit libc headers: the freestanding compile uses gcc's own
        // <stdint.h>, which is what a kernel object uses anyway.
        for (boolean absolute : new boolean[] {true, false}) {
            OptionalLong at = absolute ? OptionalLong.of(0x300_0000L) : OptionalLong.empty();
            TableImage image = image(Images.i386(output(0, Output.Kind.C, at, "kernel")), 0);
            Path sub = Files.createDirectories(dir.resolve(absolute ? "abs" : "rel"));
            OutputFiles.write(sub, new CEmitter().emit(job(image, at, "tables", "i386.pt")));
            Gcc.compile(sub, "tables.c", "-m32", "-ffreestanding", "-nostdlib", "-fno-pic",
                    "-DPT_PHYS_OFFSET=0xc0000000");
        }
        // PAE: 64-bit entries in a 32-bit object, absolute only
        OptionalLong at = OptionalLong.of(0x100_0000L);
        TableImage pae = image(Images.pae(output(0, Output.Kind.C, at, "kernel")), 0);
        Path sub = Files.createDirectories(dir.resolve("pae"));
        OutputFiles.write(sub, new CEmitter().emit(job(pae, at, "tables", "pae.pt")));
        Gcc.compile(sub, "tables.c", "-m32", "-ffreestanding", "-nostdlib", "-fno-pic");
        assertTrue(Files.readString(sub.resolve("tables.c")).contains("uint64_t pt_tables["));
    }

    @Test
    void theCompileCheckCatchesBrokenOutput() throws IOException {
        write(x86(true));
        Files.writeString(dir.resolve("tables.h"), "int pt_tables;\n", java.nio.file.StandardOpenOption.APPEND);
        AssertionError e = assertThrows(AssertionError.class, () -> Gcc.compile(dir, "tables.c"));
        assertTrue(e.getMessage().contains("conflicting types for 'pt_tables'"), e.getMessage());
    }

    @Test
    void theLinkerComputesRelocatableEntriesFromWhereTheTablesAre() throws IOException {
        Job job = x86(false);
        TableImage image = job.image();
        write(job);
        Files.writeString(dir.resolve("main.c"), """
                #include <stdio.h>
                #include "tables.h"
                int main(void)
                {
                    unsigned long i;
                    printf("%llx\\n", (unsigned long long)(uintptr_t)pt_tables);
                    for (i = 0; i < sizeof pt_tables / sizeof pt_tables[0]; i++) {
                        if (pt_tables[i] != 0) {
                            printf("%lu %llx\\n", i, (unsigned long long)pt_tables[i]);
                        }
                    }
                    printf("%llx\\n", (unsigned long long)PT_KERNEL_CR3);
                    return 0;
                }
                """);
        Gcc.run(dir, List.of("gcc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-DPT_PHYS_OFFSET=0x1000",
                "main.c", "tables.c", "-o", "entries"));
        List<String> lines = Gcc.run(dir, List.of(dir.resolve("entries").toString())).lines().toList();
        long at = Long.parseUnsignedLong(lines.get(0), 16) - 0x1000;
        List<String> expected = new ArrayList<>();
        expected.add(lines.get(0));
        int pointers = 0;
        for (TableImage.Table t : image.tables()) {
            for (int i = 0; i < t.entries(8); i++) {
                long raw = image.entry(t, i);
                var to = Relocation.target(image, t, raw);
                long v = to.isPresent() ? at + (to.get().pa() - image.base()) + Relocation.flags(image, t, raw) : raw;
                pointers += to.isPresent() ? 1 : 0;
                if (v != 0) {
                    expected.add(((t.pa() - image.base()) / 8 + i) + " " + Long.toHexString(v));
                }
            }
        }
        long root = image.spaces().get(0).roots().get(0);
        expected.add(Long.toHexString(at + root - image.base()));
        assertEquals(expected, lines);
        assertTrue(pointers > 10, "pointers " + pointers);
    }

    @Test
    void specStringsCannotBreakTheFiles() throws IOException {
        Job job = job(x86(true).image(), OptionalLong.of(0x1_0000_0000L), "tables",
                "evil */ int x; /* \n#error \"broken\" \\\n*/");
        write(job);
        Gcc.compile(dir, "tables.c");
        String h = Files.readString(dir.resolve("tables.h"));
        assertTrue(h.startsWith("/*\n * Generated by PT from evil *| int x; |*  #error \"broken\" | *|; do not edit.\n"),
                h.substring(0, 120));
    }

    @Test
    void spaceAndRegionNamesCannotBreakTheFiles() throws IOException {
        TableImage image = Images.user("x86_64", 0, "k*/ \"x\n#define y", "r/*\\\nint z;");
        OutputFiles.write(dir, new CEmitter().emit(job(image, OptionalLong.empty(), "tables", "s.pt")));
        Gcc.compile(dir, "tables.c");
        String h = Files.readString(dir.resolve("tables.h"));
        assertTrue(h.contains("\n * Spaces: 'k*| \"x #define y'.\n"), h);
        assertTrue(h.contains("\n#define PT_K____X__DEFINE_Y_CR3 ((uint64_t)((uintptr_t)pt_k____x__define_y_root - "
                + "PT_PHYS_OFFSET))\n"), h);
        assertTrue(h.contains("\n/* region 'r|*| int z;' (user) */\n#define PT_K____X__DEFINE_Y_R____INT_Z__START "), h);
    }

    @Test
    void aHeaderNameThatCannotBeIncludedIsRefused() {
        GenerateRefusal e = assertThrows(GenerateRefusal.class, () -> new CEmitter().emit(job(x86(true).image(),
                OptionalLong.of(0x1_0000_0000L), "my \"tables", "s.pt")));
        assertEquals("the C header 'my \"tables.h' cannot be included by name: use letters, digits, '_', '.', '+' and "
                + "'-' in the output file name", e.getMessage());
    }

    @Test
    void twoEmissionsAreByteIdentical() throws IOException {
        Map<String, byte[]> a = bytes(x86(false));
        Map<String, byte[]> b = bytes(x86(false));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k);
        }
    }

    @Test
    void relocatablePaeIsRefusedNamingTheFix() {
        TableImage image = image(Images.pae(output(0, Output.Kind.C, OptionalLong.empty(), "kernel")), 0);
        GenerateRefusal e = assertThrows(GenerateRefusal.class,
                () -> new CEmitter().emit(job(image, OptionalLong.empty(), "t", "s.pt")));
        assertEquals("relocatable C is not possible for x86-pae: its 64-bit entries cannot be computed from 32-bit "
                + "symbol addresses by an i386 linker; add 'at physical ADDRESS' to write the tables with fixed "
                + "addresses", e.getMessage());
    }

    @Test
    void relocatableRiscVAndAArch64With52BitAddressesAreRefusedOnTheDirective() {
        // the engine refuses these on the directive (pt.output_needs_address) before any emitter runs
        AssertionError rv = assertThrows(AssertionError.class, () -> Images.user("sv39", 0x8000_0000L));
        assertTrue(rv.getMessage().contains("sv39 L2 entries do not hold a table's address in place")
                && rv.getMessage().contains("[OUTPUT_NEEDS_ADDRESS]"), rv.getMessage());
        AssertionError arm = assertThrows(AssertionError.class, () -> Images.user("aarch64-64k", 0x4000_0000L));
        assertTrue(arm.getMessage().contains("[OUTPUT_NEEDS_ADDRESS]"), arm.getMessage());
    }

    @Test
    void relocatableAArch64With48BitAddressesCompilesWithBothRoots() throws IOException {
        TableImage image = Images.user("aarch64-4k", 0x4000_0000L);
        OutputFiles.write(dir, new CEmitter().emit(job(image, OptionalLong.empty(), "tables", "arm.pt")));
        Gcc.compile(dir, "tables.c");
        String h = Files.readString(dir.resolve("tables.h"));
        assertTrue(h.contains("#define PT_S_TTBR0_EL1 ((uint64_t)((uintptr_t)pt_s_root0 - PT_PHYS_OFFSET))\n"), h);
        assertTrue(h.contains("#define pt_s_root1 (&pt_tables["), h);
    }
}
