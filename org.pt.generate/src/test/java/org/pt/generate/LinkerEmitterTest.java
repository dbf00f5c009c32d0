package org.pt.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pt.engine.image.Register;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Output;
import org.pt.engine.model.Region;
import org.pt.generate.Systems.Sys;

/**
 * The linker form used as its header says: {@code ld -T} with an object holding {@link AsmModel#SECTION} (here the
 * gas form). The section lands at the image base (absolute) or at {@code PT_BASE} given with {@code --defsym}, linked
 * {@code PT_PHYS_OFFSET} higher (relocatable); every symbol the fragment provides, read back with {@code nm}, has the
 * value the engine gives for the image at that place. Each symbol is made undefined with {@code -u} so that its
 * {@code PROVIDE} takes effect, as a kernel's reference would.
 */
class LinkerEmitterTest {

    @TempDir
    Path dir;

    /** A target's tools: the prefix of its binutils, its assembler's options, ld's emulation options. */
    private record Target(String tools, String[] as, String... ld) {
    }

    private static final Target X86_64 = new Target("", new String[] {"as", "--64"});
    private static final Target AARCH64 = new Target("aarch64-linux-gnu-", new String[] {"aarch64-linux-gnu-as"});
    private static final Target RISCV = new Target("riscv64-linux-gnu-", new String[] {"riscv64-linux-gnu-as"});

    /** What {@link #link} produced: the ELF file and the tool prefix to read it with. */
    private record Linked(Path elf, String tools) {
    }

    /**
     * The gas form of {@code sys} (absolute when {@code absolute}, else relocatable assembled with {@code offset} as
     * PT_PHYS_OFFSET) linked with the linker form; {@code defsyms} go to ld.
     */
    private Linked link(Sys sys, Target t, boolean absolute, long at, long offset, String... defsyms)
            throws Exception {
        OptionalLong where = absolute ? OptionalLong.of(at) : OptionalLong.empty();
        Path s = Toolchain.write(dir, new GasEmitter().emit(sys.job(Output.Kind.GAS, where)).get(0));
        Path ld = Toolchain.write(dir, new LinkerEmitter().emit(sys.job(Output.Kind.LINKER, where)).get(0));
        Path o = dir.resolve("tables.o");
        String[] as = absolute ? t.as : Toolchain.cat(t.as, "--defsym", "PT_PHYS_OFFSET=" + AsmModel.hex(offset));
        Toolchain.run(dir, Toolchain.cat(as, "-o", o.toString(), s.toString()));
        return new Linked(linkObject(sys, t, o, ld, defsyms), t.tools);
    }

    /** Links {@code object} with {@code script}, every name the engine has a value for made undefined. */
    private Path linkObject(Sys sys, Target t, Path object, Path script, String... defsyms) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(t.tools + "ld"));
        cmd.addAll(Arrays.asList(t.ld));
        for (String name : expected(sys, 0, 0).keySet()) {
            cmd.add("-u");
            cmd.add(name);
        }
        for (AsmModel.Constant c : model(sys, 0).constants()) {
            cmd.add("-u");
            cmd.add(c.name());
        }
        cmd.addAll(Arrays.asList(defsyms));
        Path elf = dir.resolve("linked.elf");
        cmd.addAll(List.of("-T", script.toString(), "-o", elf.toString(), object.toString()));
        Toolchain.run(dir, cmd.toArray(String[]::new));
        return elf;
    }

    /** The absolute model of {@code sys} at {@code at}: the engine's values with the image there. */
    private static AsmModel model(Sys sys, long at) {
        return new AsmModel(sys.job(Output.Kind.LINKER, at == 0 ? OptionalLong.empty() : OptionalLong.of(at)));
    }

    /**
     * The value of each symbol with the image at physical {@code at} and linked {@code offset} higher, from the
     * engine: the image label and root labels (link addresses), base, size, entry width, every root register and
     * every region bound of every space.
     */
    private static Map<String, Long> expected(Sys sys, long at, long offset) {
        TableImage image = sys.image(at == 0 ? OptionalLong.empty() : OptionalLong.of(at));
        Map<String, Long> out = new TreeMap<>();
        out.put("pt_tables", image.base() + offset);
        out.put("PT_BASE", image.base());
        out.put("PT_SIZE", image.size());
        out.put("PT_ENTRY_BYTES", (long) image.entryBytes());
        boolean twoHalves = image.format().halves().size() > 1;
        for (TableImage.SpaceImage s : image.spaces()) {
            for (int h = 0; h < s.roots().size(); h++) {
                out.put(Identifiers.of("pt_", s.name() + "_root" + (twoHalves ? h : "")), s.roots().get(h) + offset);
            }
            for (Register r : s.registers()) {
                out.put(Identifiers.constant("pt_", s.name() + "_" + r.name()), r.value());
            }
            for (Region region : s.layout().regions()) {
                String n = Identifiers.constant("pt_", s.name() + "_" + region.name());
                out.put(n + "_START", region.range().start());
                out.put(n + "_SIZE", region.range().size());
            }
        }
        return out;
    }

    /** The global symbols of {@code elf} (upper-case nm types), name to value. */
    private Map<String, Long> globals(Linked l) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (String line : Toolchain.run(dir, l.tools + "nm", l.elf.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && Character.isUpperCase(f[1].charAt(0))) {
                assertEquals(null, out.put(f[2], Long.parseUnsignedLong(f[0], 16)), "two globals " + f[2]);
            }
        }
        return out;
    }

    /**
     * Every symbol whose linked value differs from the engine's, as {@code name: engine X, linked Y}; the symbols
     * the engine has no direct value for (a strategy's constants) are compared with the model of the image at
     * {@code at}.
     */
    private List<String> differences(Linked l, Sys sys, long at, long offset) throws Exception {
        Map<String, Long> want = new TreeMap<>(expected(sys, at, offset));
        for (AsmModel.Constant c : model(sys, at).constants()) {
            want.putIfAbsent(c.name(), c.value());
        }
        Map<String, Long> got = globals(l);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : want.entrySet()) {
            Long v = got.get(e.getKey());
            if (v == null || v.longValue() != e.getValue()) {
                out.add(e.getKey() + ": engine " + AsmModel.hex(e.getValue()) + ", linked "
                        + (v == null ? "none" : AsmModel.hex(v)));
            }
        }
        return out;
    }

    /** The VMA and LMA of {@code .pt_tables} in {@code elf}, read with objdump. */
    private long[] placement(Linked l) throws Exception {
        for (String line : Toolchain.run(dir, l.tools + "objdump", "-h", l.elf.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 7 && f[1].equals(AsmModel.SECTION)) {
                return new long[] {Long.parseUnsignedLong(f[3], 16), Long.parseUnsignedLong(f[4], 16)};
            }
        }
        throw new AssertionError("no " + AsmModel.SECTION + " in " + l.elf);
    }

    private void absolute(Sys sys, Target t, long at) throws Exception {
        Linked l = link(sys, t, true, at, 0);
        assertArrayEquals(new long[] {at, at}, placement(l));
        assertEquals(List.of(), differences(l, sys, at, 0));
        assertArrayEquals(Systems.binary(sys.image(OptionalLong.of(at))), Toolchain.section(dir, t.tools + "objcopy",
                l.elf));
    }

    private void relocatable(Sys sys, Target t, long at, long offset) throws Exception {
        assertNotEquals(sys.image(OptionalLong.empty()).base(), at);
        Linked l = link(sys, t, false, at, offset, "--defsym", "PT_BASE=" + AsmModel.hex(at), "--defsym",
                "PT_PHYS_OFFSET=" + AsmModel.hex(offset));
        assertArrayEquals(new long[] {at + offset, at}, placement(l));
        assertEquals(List.of(), differences(l, sys, at, offset));
    }

    @Test
    void x86_64AbsolutePlacesTheTablesAtTheImageBase() throws Exception {
        absolute(Systems.x86_64(), X86_64, 0x1_0000_0000L);
    }

    @Test
    void x86_64RelocatablePlacesThemAtPtBaseLinkedPhysOffsetHigher() throws Exception {
        relocatable(Systems.x86_64(), X86_64, 0x4000_0000L, 0xFFFF_FFFF_0000_0000L);
    }

    @Test
    void relocatableWithoutDefsymsLoadsAtTheSimulatedBase() throws Exception {
        Sys sys = Systems.x86_64();
        long base = sys.image(OptionalLong.empty()).base();
        Linked l = link(sys, X86_64, false, base, 0);
        assertArrayEquals(new long[] {base, base}, placement(l));
        assertEquals(List.of(), differences(l, sys, 0, 0));
    }

    @Test
    void aarch64RelocatableGivesBothHalvesRootsAndRegisters() throws Exception {
        relocatable(Systems.aarch64(), AARCH64, 0x6000_0000L, 0xFFFF_0000_0000_0000L);
    }

    @Test
    void sv39AbsoluteLinksWithTheRiscvLinker() throws Exception {
        absolute(Systems.sv39(), RISCV, 0x9000_0000L);
    }

    /** The comparison can fail: the same link compared with the image 2 MiB higher names each moved symbol. */
    @Test
    void symbolsOfAnotherPlaceAreReported() throws Exception {
        Sys sys = Systems.x86_64();
        Linked l = link(sys, X86_64, false, 0x4000_0000L, 0, "--defsym", "PT_BASE=0x40000000");
        List<String> names = differences(l, sys, 0x4020_0000L, 0).stream().map(d -> d.substring(0, d.indexOf(':')))
                .toList();
        assertEquals(List.of("PT_BASE", "PT_INIT_CR3", "PT_KERNEL_CR3", "pt_init_root", "pt_kernel_root", "pt_tables"),
                names);
    }

    /** An object whose section is one entry short of the image fails the fragment's size assertion. */
    @Test
    void aShortSectionFailsTheLink() throws Exception {
        Sys sys = Systems.x86_64();
        TableImage image = sys.image(OptionalLong.of(0x1_0000_0000L));
        byte[] bytes = Systems.binary(image);
        Path bin = dir.resolve("short.bin");
        Files.write(bin, Arrays.copyOf(bytes, bytes.length - 8));
        Path o = binaryObject(bin);
        Path script = Toolchain.write(dir, new LinkerEmitter().emit(sys.job(Output.Kind.LINKER,
                OptionalLong.of(0x1_0000_0000L))).get(0));
        Toolchain.Run r = Toolchain.exec(dir, "ld", "-T", script.toString(), "-o", dir.resolve("x.elf").toString(),
                o.toString());
        assertNotEquals(0, r.code());
        assertTrue(r.output().contains("PT: .pt_tables does not hold the " + image.size()
                + " bytes of the generated tables"), r.output());
        // the same object with every byte links
        Files.write(bin, bytes);
        binaryObject(bin);
        Toolchain.run(dir, "ld", "-T", script.toString(), "-o", dir.resolve("x.elf").toString(), o.toString());
        assertArrayEquals(bytes, Toolchain.section(dir, "objcopy", dir.resolve("x.elf")));
    }

    /** The binary form {@code bin} as an x86_64 object whose {@code .pt_tables} holds it (the linker form's header). */
    private Path binaryObject(Path bin) throws Exception {
        Path o = dir.resolve("binary.o");
        Toolchain.run(dir, "objcopy", "-I", "binary", "-O", "elf64-x86-64", "-B", "i386:x86-64", "--rename-section",
                ".data=" + AsmModel.SECTION + ",alloc,load,contents,data", bin.toString(), o.toString());
        return o;
    }

    /** A PT_BASE off the tables' alignment fails the fragment's alignment assertion. */
    @Test
    void aMisalignedBaseFailsTheLink() throws Exception {
        Sys sys = Systems.x86_64();
        Path s = Toolchain.write(dir, new GasEmitter().emit(sys.job(Output.Kind.GAS, OptionalLong.empty())).get(0));
        Path script = Toolchain.write(dir, new LinkerEmitter().emit(sys.job(Output.Kind.LINKER, OptionalLong.empty()))
                .get(0));
        Path o = dir.resolve("tables.o");
        Toolchain.run(dir, "as", "--64", "-o", o.toString(), s.toString());
        Toolchain.Run r = Toolchain.exec(dir, "ld", "--defsym", "PT_BASE=0x40000800", "-T", script.toString(), "-o",
                dir.resolve("x.elf").toString(), o.toString());
        assertNotEquals(0, r.code());
        assertTrue(r.output().contains("PT: the page tables need an alignment of 4096"), r.output());
    }
}
