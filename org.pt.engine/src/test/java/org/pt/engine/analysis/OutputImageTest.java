package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pt.engine.analysis.Specs.GIB;
import static org.pt.engine.analysis.Specs.KIB;
import static org.pt.engine.analysis.Specs.MIB;
import static org.pt.engine.analysis.Specs.TIB;
import static org.pt.engine.analysis.Specs.layout;
import static org.pt.engine.analysis.Specs.machine;
import static org.pt.engine.analysis.Specs.space;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.pt.engine.format.Access;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.image.AccessFormula;
import org.pt.engine.image.Register;
import org.pt.engine.image.TableImage;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Output;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.model.SystemModel;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.strategy.Location;
import org.pt.engine.walk.Translation;

/**
 * The table image of a {@code generate} directive: which tables, where, relocated entries, root register values,
 * the strategy's arithmetic, the binary form, and each refusal with its code and message.
 */
class OutputImageTest {

    private static final Attributes RW = Attributes.KERNEL_RW;
    private static final Attributes USER_RW = Attributes.of("rw").withUser(true);
    private static final long DIRECT = 0xFFFF_8880_0000_0000L;
    private static final long KERNEL = 0xFFFF_FFFF_8000_0000L;

    private static final Machine PC = machine("pc", Formats.standard("x86_64").orElseThrow()).ram(0, 3 * GIB)
            .mmio(0xC000_0000L, 1 * GIB, "PCI hole").ram(0x1_0000_0000L, 1 * GIB).tables(0x200_0000L, 4 * MIB).build();
    private static final Layout HH = layout("hh", PC)
            .region("user", Purpose.USER, 0, 128 * TIB)
            .region("direct_map", Purpose.DIRECT_MAP, DIRECT, 64 * TIB)
            .region("tablemap", Purpose.OTHER, 0xFFFF_FE00_0000_0000L, 4 * MIB)
            .slot("self", 510)
            .region("kernel", Purpose.KERNEL, KERNEL, 512 * MIB)
            .build();

    /** 'kernel' reaches tables through a recursive slot, 'init' shares its kernel half, 'dm' has a direct map. */
    private static AnalysisResult analyse(Output... outputs) {
        SpaceSpec kernel = space("kernel", HH).strategy(new StrategySpec.Recursive("self", OptionalInt.empty()))
                .map(KERNEL, 16 * MIB, 0x100_0000L, RW).map(0x40_0000L, 64 * KIB, 0x800_0000L, USER_RW).build();
        SpaceSpec init = space("init", HH).shareKernelWith("kernel").map(0x40_0000L, 8 * KIB, 0x900_0000L, USER_RW)
                .build();
        SpaceSpec dm = space("dm", HH).strategy(new StrategySpec.DirectMap("direct_map"))
                .allRam("direct_map", RW).map(0x40_0000L, 4 * KIB, 0x80_0000L, RW).build();
        SpaceSpec pools = space("pools", HH).strategy(new StrategySpec.TableOffset("tablemap"))
                .map(0xFFFF_FE00_0000_0000L, 4 * MIB, 0x200_0000L, RW).build();
        AnalysisResult r = Analysis.run(new SystemModel(List.of(PC), List.of(HH), List.of(kernel, init, dm, pools),
                List.of(outputs)));
        assertEquals(List.of(), r.findings().stream().filter(f -> f.severity() == Severity.ERROR
                && !f.code().name().startsWith("OUTPUT")).toList());
        return r;
    }

    private static Output output(int index, OptionalLong at, String... spaces) {
        return new Output(index, Output.Kind.C, List.of(spaces), at, Optional.empty());
    }

    private static List<String> lines(AnalysisResult r) {
        return r.findings().stream().filter(f -> f.code().name().startsWith("OUTPUT")).map(Finding::toString).toList();
    }

    @Test
    void unmovedImageHoldsEveryTableOfItsSpacesOnceAtItsSimulatedAddress() {
        AnalysisResult r = analyse(output(0, OptionalLong.empty(), "kernel", "init"));
        TableImage image = r.image(0).orElseThrow();
        AddressSpace kernel = r.space("kernel").orElseThrow().space();
        AddressSpace init = r.space("init").orElseThrow().space();
        java.util.Set<Long> expected = new java.util.TreeSet<>(kernel.simulation().tablesOf(kernel));
        expected.addAll(init.simulation().tablesOf(init));
        assertEquals(List.copyOf(expected), image.tables().stream().map(TableImage.Table::pa).toList());
        assertEquals(0, image.delta());
        assertEquals(0x200_0000L, image.base());
        // the kernel half's tables are shared: read by both spaces, listed once
        TableImage.Table kernelPdpt = image.tables().stream().filter(t -> t.spaces().size() == 2).findFirst().orElseThrow();
        assertEquals("PDPT", kernelPdpt.level());
        assertEquals(List.of("kernel", "init"), kernelPdpt.spaces());
        assertEquals(List.of(kernel.root(0)), image.spaces().get(0).roots());
        assertEquals(List.of("info: c: " + expected.size() + " tables (" + expected.size() * 4 + " KiB) at 0x200_0000 ..= "
                + org.pt.engine.core.Unsigned.hex(0x200_0000L + expected.size() * 4096L - 1) + "; 'kernel' CR3 "
                + org.pt.engine.core.Unsigned.hex(kernel.root(0)) + "; 'init' CR3 "
                + org.pt.engine.core.Unsigned.hex(init.root(0)) + " [OUTPUT_IMAGE]"), lines(r));
    }

    @Test
    void binaryFormIsTheSimulatedMemoryByteForByte() throws IOException {
        AnalysisResult r = analyse(output(0, OptionalLong.empty(), "kernel", "init"));
        TableImage image = r.image(0).orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        image.writeBinary(out);
        byte[] bytes = out.toByteArray();
        assertEquals(image.size(), bytes.length);
        PhysicalMemory mem = r.simulations().get("pc").memory();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < bytes.length; off += 8) {
            assertEquals(mem.read(image.base() + off), b.getLong(off), "at offset " + off);
        }
    }

    @Test
    void movedImagePointsEveryTableEntryAndRootAtTheNewPlaceAndTranslatesAsBefore() {
        long at = 0x1_0000_0000L;
        AnalysisResult r = analyse(output(0, OptionalLong.of(at), "kernel", "init"));
        TableImage image = r.image(0).orElseThrow();
        assertEquals(at - 0x200_0000L, image.delta());
        AddressSpace kernel = r.space("kernel").orElseThrow().space();
        long root = image.spaces().get(0).roots().get(0);
        assertEquals(kernel.root(0) + image.delta(), root);
        PagingFormat f = image.format();
        Half h = f.halves().get(0);
        // every translation of the moved tables is the simulated one; only table addresses moved
        for (long va : new long[] {KERNEL, KERNEL + 0x12_3456L, 0x40_0000L, 0x40_f000L, 0x41_0000L, 0}) {
            Translation moved = f.walk(image.reader(), root, h, va, Access.KERNEL_READ, null);
            Translation sim = kernel.translate(va, Access.KERNEL_READ);
            assertEquals(sim.toString(), moved.toString(), "VA " + Long.toHexString(va));
        }
        // the recursive slot points at the moved root
        assertEquals(root, f.address(image.reader().read(root + 510 * 8), 4));
        // CR3 holds the moved root
        Register cr3 = image.spaces().get(0).registers().get(0);
        assertEquals("CR3", cr3.name());
        assertEquals(root, cr3.value());
        // no table entry of the moved image points into the old place
        for (TableImage.Table t : image.tables()) {
            for (int i = 0; i < 512; i++) {
                long e = image.entry(t, i);
                if ((e & 1) != 0 && t.depth() < 3 && (e & 0x80) == 0) {
                    long to = f.address(e, 4 - t.depth());
                    assertTrue(to >= at && to < at + image.size(), t.level() + "[" + i + "] -> " + Long.toHexString(to));
                }
            }
        }
    }

    @Test
    void movedImageCanFail() {
        // the check above is not vacuous: without relocation the moved root's slot would point at the old root
        AnalysisResult r = analyse(output(0, OptionalLong.of(0x1_0000_0000L), "kernel"));
        TableImage image = r.image(0).orElseThrow();
        long root = image.spaces().get(0).roots().get(0);
        long simulatedSlot = r.simulations().get("pc").memory().read(root - image.delta() + 510 * 8);
        assertNotEquals(root, image.format().address(simulatedSlot, 4));
    }

    @Test
    void misalignedBaseIsRefusedWithTheNextAlignedAddress() {
        AnalysisResult r = analyse(output(0, OptionalLong.of(0x1_0000_0800L), "kernel"));
        assertEquals(List.of("error: the tables cannot start at 0x1_0000_0800: they need an alignment of 4 KiB (their "
                + "largest table's) [OUTPUT_MISALIGNED]"), lines(r));
        Finding f = r.findings().stream().filter(x -> x.code() == Code.OUTPUT_MISALIGNED).findFirst().orElseThrow();
        assertEquals("0x1_0000_1000", f.data().get("aligned"));
        assertEquals(Subject.OutputRef.address(0), f.subjects().get(0));
        assertTrue(r.image(0).isEmpty());
    }

    @Test
    void baseInTheHoleIsRefusedNamingTheRegion() {
        AnalysisResult r = analyse(output(0, OptionalLong.of(0xBFFF_F000L), "kernel"));
        assertEquals(List.of("error: the tables at 0xbfff_f000 ..= 0xc000_4fff (24 KiB) are not all in RAM: "
                + "0xc000_0000 ..= 0xc000_4fff (20 KiB) is mmio 0xc000_0000 ..= 0xffff_ffff (1 GiB) \"PCI hole\" "
                + "[OUTPUT_NOT_IN_RAM]"), lines(r));
    }

    @Test
    void baseBeyondTheMemoryMapIsRefused() {
        AnalysisResult r = analyse(output(0, OptionalLong.of(0x2_0000_0000L), "kernel"));
        assertEquals(List.of("error: the tables at 0x2_0000_0000 ..= 0x2_0000_5fff (24 KiB) are not all in RAM: "
                + "0x2_0000_0000 ..= 0x2_0000_5fff (24 KiB) is not in the memory map of 'pc' [OUTPUT_NOT_IN_RAM]"),
                lines(r));
    }

    @Test
    void aTableMapDoesNotFollowMovedTables() {
        AnalysisResult r = analyse(output(0, OptionalLong.of(0x1_0000_0000L), "pools"));
        assertEquals(List.of("error: moved to 0x1_0000_0000, a table of 'pools' is no longer reached by its "
                + "table-offset 'tablemap', which covers only 0x200_0000 ..= 0x23f_ffff (4 MiB) (mappings are not moved "
                + "with the tables) [OUTPUT_UNREACHED]"), lines(r));
    }

    @Test
    void aDirectMapOfAllRamFollowsMovedTables() {
        AnalysisResult r = analyse(output(0, OptionalLong.of(0x1_0000_0000L), "dm"));
        TableImage image = r.image(0).orElseThrow();
        AccessFormula.Offset o = assertInstanceOf(AccessFormula.Offset.class, image.spaces().get(0).access());
        assertEquals(DIRECT + 0x1_0000_0000L, o.virt(0x1_0000_0000L));
        assertEquals(-1L, o.virt(64 * TIB));
    }

    @Test
    void recursiveFormulaGivesTheVasTheStrategyReads() {
        AnalysisResult r = analyse(output(0, OptionalLong.empty(), "kernel"));
        TableImage image = r.image(0).orElseThrow();
        AccessFormula.RecursiveSlot rs = assertInstanceOf(AccessFormula.RecursiveSlot.class,
                image.spaces().get(0).access());
        assertEquals(510, rs.slot());
        BuiltSpace b = r.space("kernel").orElseThrow();
        org.pt.engine.strategy.TableAccess access = ((StrategyResolution.Resolved) b.strategy()).access();
        Half h = image.format().halves().get(0);
        List<Long> fromFormula = new ArrayList<>();
        List<Long> fromStrategy = new ArrayList<>();
        for (long va : new long[] {KERNEL, 0x40_0000L, 0x7FFF_FFFF_F000L}) {
            for (int d = 0; d < 4; d++) {
                fromFormula.add(rs.tableVa(d, va));
                Location loc = access.locate(b.space(), b.space(), h, d, va, 0x200_0000L);
                fromStrategy.add(((Location.At) loc).va());
            }
        }
        assertEquals(fromStrategy, fromFormula);
        // the PML4 through slot 510: 0xffff_ff7f_bfdf_e000
        assertEquals(0xFFFF_FF7F_BFDF_E000L, rs.tableVa(0, KERNEL));
    }

    @Test
    void x86RegistersAreThoseTheFormatAssumes() {
        AnalysisResult r = analyse(output(0, OptionalLong.empty(), "kernel"));
        List<Register> regs = r.image(0).orElseThrow().spaces().get(0).registers();
        assertEquals(List.of("CR3", "CR4", "CR0", "IA32_EFER", "IA32_PAT"), regs.stream().map(Register::name).toList());
        // CR4: PAE | PGE (the standard x86_64 has global pages); CR0: PE | WP | PG; EFER: LME | NXE
        assertEquals((1L << 5) | (1L << 7), regs.get(1).value());
        assertEquals(0x8001_0001L, regs.get(2).value());
        assertEquals((1L << 8) | (1L << 11), regs.get(3).value());
        // the power-on PAT: WB WT UC- UC, twice
        assertEquals(0x0007_0406_0007_0406L, regs.get(4).value());
    }

    @Test
    void aarch64TranslationControlMatchesTheGranuleAndSizes() {
        Machine arm = machine("arm", Formats.standard("aarch64-4k").orElseThrow()).ram(0x4000_0000L, 2 * GIB)
                .tables(0x4200_0000L, 4 * MIB).build();
        Layout l = layout("l", arm).region("user", Purpose.USER, 0, 256 * TIB).build();
        SpaceSpec s = space("s", l).map(0x40_0000L, 4 * KIB, 0x4010_0000L, USER_RW).build();
        AnalysisResult r = Analysis.run(new SystemModel(List.of(arm), List.of(l), List.of(s),
                List.of(output(0, OptionalLong.empty(), "s"))));
        List<Register> regs = r.image(0).orElseThrow().spaces().get(0).registers();
        assertEquals(List.of("TTBR0_EL1", "TTBR1_EL1", "TCR_EL1", "MAIR_EL1"), regs.stream().map(Register::name).toList());
        AddressSpace space = r.space("s").orElseThrow().space();
        assertEquals(space.root(0), regs.get(0).value());
        assertEquals(space.root(1), regs.get(1).value());
        // T0SZ = T1SZ = 16, TG0 4 KiB (0), TG1 4 KiB (2), IPS 48 bits (5), walks inner shareable write-back
        assertEquals(0x5_B510_3510L, regs.get(2).value());
    }

    @Test
    void riscvSatpHoldsModeAndRootPpn() {
        Machine rv = machine("rv", Formats.standard("sv39").orElseThrow()).ram(0x8000_0000L, 1 * GIB)
                .tables(0x8200_0000L, 4 * MIB).build();
        Layout l = layout("l", rv).region("user", Purpose.USER, 0, 256 * GIB).build();
        SpaceSpec s = space("s", l).map(0x40_0000L, 4 * KIB, 0x8010_0000L, USER_RW).build();
        AnalysisResult r = Analysis.run(new SystemModel(List.of(rv), List.of(l), List.of(s),
                List.of(output(0, OptionalLong.of(0x8200_0000L), "s"))));
        Register satp = r.image(0).orElseThrow().spaces().get(0).registers().get(0);
        assertEquals((8L << 60) | (0x8200_0000L >>> 12), satp.value());
    }

    @Test
    void spacesOfTwoMachinesAreRefusedAtTheSecond() {
        Machine arm = machine("arm", Formats.standard("aarch64-4k").orElseThrow()).ram(0x4000_0000L, 2 * GIB)
                .tables(0x4200_0000L, 4 * MIB).build();
        Layout l = layout("l", arm).region("user", Purpose.USER, 0, 256 * TIB).build();
        SpaceSpec a = space("a", l).map(0x40_0000L, 4 * KIB, 0x4010_0000L, USER_RW).build();
        SpaceSpec k = space("k", HH).map(KERNEL, 16 * MIB, 0x100_0000L, RW).build();
        AnalysisResult r = Analysis.run(new SystemModel(List.of(PC, arm), List.of(HH, l), List.of(k, a),
                List.of(output(0, OptionalLong.empty(), "k", "a"))));
        assertEquals(List.of("error: 'a' runs on machine 'arm' and 'k' on machine 'pc': one output holds the tables of "
                + "one machine [OUTPUT_ACROSS_MACHINES]"), lines(r));
        assertEquals(Subject.OutputRef.space(0, 1), r.findings().stream()
                .filter(x -> x.code() == Code.OUTPUT_ACROSS_MACHINES).findFirst().orElseThrow().subjects().get(0));
    }

    /** Control registers are as wide as the mode's general registers; the MSRs are 64 bits in every mode. */
    @Test
    void x86RegisterWidthsFollowTheMode() {
        Machine pae = machine("pae", Formats.standard("x86-pae").orElseThrow()).ram(0, 3 * GIB)
                .tables(0x100_0000L, 1 * MIB).build();
        Layout l = layout("l", pae).region("user", Purpose.USER, 0, 3 * GIB).build();
        SpaceSpec s = space("s", l).map(0x40_0000L, 4 * KIB, 0x10_0000L, USER_RW).build();
        AnalysisResult r = Analysis.run(new SystemModel(List.of(pae), List.of(l), List.of(s),
                List.of(output(0, OptionalLong.empty(), "s"))));
        assertEquals(List.of("CR3:32", "CR4:32", "CR0:32", "IA32_EFER:64", "IA32_PAT:64"), r.image(0).orElseThrow()
                .spaces().get(0).registers().stream().map(x -> x.name() + ":" + x.bits()).toList());
        assertEquals(List.of("CR3:64", "CR4:64", "CR0:64", "IA32_EFER:64", "IA32_PAT:64"),
                analyse(output(0, OptionalLong.empty(), "kernel")).image(0).orElseThrow().spaces().get(0).registers()
                        .stream().map(x -> x.name() + ":" + x.bits()).toList());
    }

    @Test
    void paeTablesAbove4GiBAreRefusedForCr3() {
        Machine pae = machine("pae", Formats.standard("x86-pae").orElseThrow()).ram(0, 3 * GIB)
                .ram(0x1_0000_0000L, 4 * GIB).tables(0x100_0000L, 1 * MIB).build();
        Layout l = layout("l", pae).region("user", Purpose.USER, 0, 3 * GIB).build();
        SpaceSpec s = space("s", l).map(0x40_0000L, 4 * KIB, 0x10_0000L, USER_RW).build();
        AnalysisResult r = Analysis.run(new SystemModel(List.of(pae), List.of(l), List.of(s),
                List.of(output(0, OptionalLong.of(0x1_0000_0000L), "s"))));
        assertEquals(List.of("error: the PDPT at 0x1_0000_0000 would lie beyond what points at it: the entry or register "
                + "that holds a PDPT address has 32 address bits [OUTPUT_BEYOND_TABLE_REACH]"), lines(r));
    }

    @Test
    void binaryBytesOfAMovedImageHoldMovedPointers() throws IOException {
        long at = 0x1_0000_0000L;
        AnalysisResult r = analyse(output(0, OptionalLong.of(at), "kernel"));
        TableImage image = r.image(0).orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        image.writeBinary(out);
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        long[] expected = new long[(int) (image.size() / 8)];
        long[] actual = new long[expected.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = image.reader().read(at + 8L * i);
            actual[i] = b.getLong(8 * i);
        }
        assertArrayEquals(expected, actual);
    }

    @Test
    void relocatableFormsNeedAddressesInPlace() {
        // x86: every table pointer holds the address in place, so a linker can compute it
        assertEquals(Optional.empty(), analyse(output(0, OptionalLong.empty(), "kernel")).image(0).orElseThrow()
                .relocationRefusal());
        // RISC-V holds the PPN at bit 10: c without 'at physical' is refused on the directive, with the address to give
        Machine rv = machine("rv", Formats.standard("sv39").orElseThrow()).ram(0x8000_0000L, 1 * GIB)
                .tables(0x8200_0000L, 4 * MIB).build();
        Layout l = layout("l", rv).region("user", Purpose.USER, 0, 256 * GIB).build();
        SpaceSpec s = space("s", l).map(0x40_0000L, 4 * KIB, 0x8010_0000L, USER_RW).build();
        AnalysisResult r = Analysis.run(new SystemModel(List.of(rv), List.of(l), List.of(s),
                List.of(output(0, OptionalLong.empty(), "s"),
                        new Output(1, Output.Kind.NASM, List.of("s"), OptionalLong.of(0x8200_0000L), Optional.empty()),
                        new Output(2, Output.Kind.GAS, List.of("s"), OptionalLong.of(0x8200_0000L), Optional.empty()))));
        assertEquals(List.of("error: c without 'at physical' computes table pointers at link time, but sv39 L2 entries "
                + "do not hold a table's address in place (address bit 12 is not entry bit 12), which no linker "
                + "relocation computes: say where the tables will lie with 'at physical ADDRESS' (0x8200_0000 keeps "
                + "them where they are simulated) [OUTPUT_NEEDS_ADDRESS]",
                "error: nasm assembles x86 only, and these are sv39 tables: use gas [OUTPUT_FORM_UNAVAILABLE]",
                "info: gas: 3 tables (12 KiB) at 0x8200_0000 ..= 0x8200_2fff; 's' satp 0x8000_0000_0008_2000 "
                        + "[OUTPUT_IMAGE]"), lines(r));
        assertTrue(r.image(0).isEmpty());
        assertTrue(r.image(2).isPresent());
    }
}
