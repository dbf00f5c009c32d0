package org.pt.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pt.engine.image.Register;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Output;
import org.pt.generate.Systems.Sys;

/**
 * The gas form assembled by the real assemblers: in absolute mode the section's bytes are the engine's binary image;
 * in relocatable mode, linked with the linker form at another address, they are the engine's image moved there.
 */
class GasEmitterTest {

    @TempDir
    Path dir;

    /** Assembles the absolute form of {@code sys} at {@code at}; the section must be the engine's image. */
    private void absolute(Sys sys, long at, String objcopy, String... as) throws Exception {
        Job job = sys.job(Output.Kind.GAS, OptionalLong.of(at));
        Path s = Toolchain.write(dir, new GasEmitter().emit(job).get(0));
        Path o = dir.resolve("tables.o");
        Toolchain.run(dir, Toolchain.cat(as, "-o", o.toString(), s.toString()));
        byte[] expected = Systems.binary(job.image());
        assertEquals(job.image().size(), expected.length);
        assertArrayEquals(expected, Toolchain.section(dir, objcopy, o));
    }

    /**
     * Assembles the relocatable form with {@code offset} as PT_PHYS_OFFSET, links it with the linker form loaded at
     * {@code at}; the linked section must be the engine's image moved to {@code at}, and the root registers the
     * linker provides the moved image's.
     */
    private void relocatable(Sys sys, long at, long offset, String tools, String[] as, String... ld) throws Exception {
        Job job = sys.job(Output.Kind.GAS, OptionalLong.empty());
        Path s = Toolchain.write(dir, new GasEmitter().emit(job).get(0));
        Path o = dir.resolve("tables.o");
        Toolchain.run(dir, Toolchain.cat(as, "--defsym", "PT_PHYS_OFFSET=" + AsmModel.hex(offset), "-o", o.toString(),
                s.toString()));
        Links.checkMoved(dir, sys, o, at, offset, tools, ld);
    }

    @Test
    void x86_64AbsoluteAssemblesToTheEngineImage() throws Exception {
        absolute(Systems.x86_64(), 0x1_0000_0000L, "objcopy", "as", "--64");
    }

    @Test
    void x86_64RelocatableLinksToTheImageMovedWhereTheLinkerPutsIt() throws Exception {
        relocatable(Systems.x86_64(), 0x4000_0000L, 0xFFFF_FFFF_0000_0000L, "", new String[] {"as", "--64"}, "ld");
    }

    @Test
    void paeAbsoluteAssemblesWithAs32() throws Exception {
        absolute(Systems.pae(), 0x80_0000L, "objcopy", "as", "--32");
    }

    @Test
    void paeRelocatableSplitsEightByteEntriesForA32BitLink() throws Exception {
        relocatable(Systems.pae(), 0x200_0000L, 0xC000_0000L, "", new String[] {"as", "--32"}, "ld", "-m",
                "elf_i386");
    }

    /**
     * A 32-bit assembler keeps only the low half of a 64-bit constant, so on PAE a 64-bit register (IA32_PAT,
     * IA32_EFER) is written as NAME_LO and NAME_HI: each symbol holds its half exactly, and NAME itself is absent.
     */
    @Test
    void paeSixtyFourBitRegistersAreTwoThirtyTwoBitHalves() throws Exception {
        Job job = Systems.pae().job(Output.Kind.GAS, OptionalLong.of(0x80_0000L));
        Path s = Toolchain.write(dir, new GasEmitter().emit(job).get(0));
        Path o = dir.resolve("tables.o");
        Toolchain.run(dir, "as", "--32", "-o", o.toString(), s.toString());
        String symbols = Toolchain.run(dir, "nm", o.toString());
        int wide = 0;
        for (TableImage.SpaceImage space : job.image().spaces()) {
            for (Register r : space.registers()) {
                String name = Identifiers.constant(job.prefix(), space.name() + "_" + r.name());
                if (r.bits() <= 32) {
                    assertEquals(r.value(), Toolchain.symbol(dir, "nm", o, name), name);
                    continue;
                }
                wide++;
                assertEquals(r.value() & 0xFFFF_FFFFL, Toolchain.symbol(dir, "nm", o, name + "_LO"), name);
                assertEquals(r.value() >>> 32, Toolchain.symbol(dir, "nm", o, name + "_HI"), name);
                assertFalse(symbols.matches("(?s).* " + name + "\\n.*"), name + " must not be written whole");
            }
        }
        assertTrue(wide >= 1, "PAE has a 64-bit IA32_PAT");
    }

    @Test
    void x86_32RelocatableLinks() throws Exception {
        relocatable(Systems.x86_32(), 0x200_0000L, 0xC000_0000L, "", new String[] {"as", "--32"}, "ld", "-m",
                "elf_i386");
    }

    @Test
    void sv39AbsoluteAssemblesWithTheRiscvAssembler() throws Exception {
        absolute(Systems.sv39(), 0x9000_0000L, "riscv64-linux-gnu-objcopy", "riscv64-linux-gnu-as");
    }

    @Test
    void sv32AbsoluteAssemblesForRv32() throws Exception {
        absolute(Systems.sv32(), 0x9000_0000L, "riscv64-linux-gnu-objcopy", "riscv64-linux-gnu-as", "-march=rv32i",
                "-mabi=ilp32");
    }

    @Test
    void aarch64AbsoluteAssembles() throws Exception {
        absolute(Systems.aarch64(), 0x6000_0000L, "aarch64-linux-gnu-objcopy", "aarch64-linux-gnu-as");
    }

    @Test
    void aarch64RelocatableLinks() throws Exception {
        relocatable(Systems.aarch64(), 0x6000_0000L, 0xFFFF_0000_0000_0000L, "aarch64-linux-gnu-",
                new String[] {"aarch64-linux-gnu-as"}, "aarch64-linux-gnu-ld");
    }

    @Test
    void armv7AbsoluteAssembles() throws Exception {
        absolute(Systems.armv7(), 0x5000_0000L, "arm-linux-gnueabihf-objcopy", "arm-linux-gnueabihf-as");
    }

    @Test
    void armv7RelocatableLinks() throws Exception {
        relocatable(Systems.armv7(), 0x5000_0000L, 0x8000_0000L, "arm-linux-gnueabihf-",
                new String[] {"arm-linux-gnueabihf-as"}, "arm-linux-gnueabihf-ld");
    }

    @Test
    void relocatableRiscvIsRefusedNamingTheFix() {
        Job job = Systems.sv39().job(Output.Kind.GAS, OptionalLong.empty());
        GenerateRefusal r = assertThrows(GenerateRefusal.class, () -> new GasEmitter().emit(job));
        assertEquals("gas: relocatable tables (no 'at physical') need every entry that points at a table to hold the "
                + "table's address in place, and sv39 entries of the L2 do not (address bit 12 is stored elsewhere); "
                + "add 'at physical ADDRESS' to the generate directive to write absolute tables", r.message());
    }

    @Test
    void relocatableEntriesPointingAtTablesAreExpressionsAndLeavesAreLiteral() throws Exception {
        Job job = Systems.x86_64().job(Output.Kind.GAS, OptionalLong.empty());
        String text = new String(Systems.bytes(new GasEmitter().emit(job).get(0)), "US-ASCII");
        // the kernel's PML4: slot 510 points at the PML4 itself, with the engine's flags
        TableImage image = job.image();
        assertTrue(text.contains(Systems.recursiveSlotLine(image, "\t.quad ")), text);
        assertTrue(text.contains("\t.ifndef PT_PHYS_OFFSET\n\t.set PT_PHYS_OFFSET, 0\n\t.endif\n"), text);
        assertTrue(text.contains("\t.set PT_KERNEL_CR3, pt_kernel_root + 0x0 - PT_PHYS_OFFSET + 0x0\t/* CR3: root of "
                + "'kernel' */\n"), text);
        // leaves stay literal: the first entry of the last table (a 4 KiB page of the kernel or of a process)
        TableImage.Table last = image.tables().stream().filter(t -> t.depth() == 3).findFirst().orElseThrow();
        long leaf = image.entry(last, 0) != 0 ? image.entry(last, 0)
                : image.entry(last, (int) ((0x40_0000L >>> 12) & 511));
        assertNotEquals(0, leaf);
        assertTrue(text.contains(String.format("0x%016x", leaf)), text);
    }

    @Test
    void hostileNamesCannotBreakTheFile() throws Exception {
        Sys sys = Systems.x86_64("k*/\n.quad 1 /*", "init", "kern */ .quad 2");
        Job job = sys.job(Output.Kind.GAS, OptionalLong.of(0x1_0000_0000L), "evil */\n\t.quad 3\n/* .pt");
        Path s = Toolchain.write(dir, new GasEmitter().emit(job).get(0));
        String text = Files.readString(s);
        assertEquals(List.of(), text.lines().filter(l -> l.contains(".quad 1") || l.contains(".quad 2")
                || l.startsWith("\t.quad 3")).filter(l -> !l.startsWith("/*") && !l.startsWith(" *")
                && !l.contains("/* ")).toList());
        assertTrue(text.contains("pt_k____quad_1____root:"), text);
        Path o = dir.resolve("t.o");
        Toolchain.run(dir, "as", "--64", "-o", o.toString(), s.toString());
        assertArrayEquals(Systems.binary(job.image()), Toolchain.section(dir, "objcopy", o));
    }

    @Test
    void twoEmissionsAreIdentical() throws Exception {
        Sys sys = Systems.x86_64();
        byte[] a = Systems.bytes(new GasEmitter().emit(sys.job(Output.Kind.GAS, OptionalLong.empty())).get(0));
        byte[] b = Systems.bytes(new GasEmitter().emit(sys.job(Output.Kind.GAS, OptionalLong.empty())).get(0));
        assertArrayEquals(a, b);
        assertEquals("tables.S", new GasEmitter().emit(sys.job(Output.Kind.GAS, OptionalLong.empty())).get(0).name());
    }
}
