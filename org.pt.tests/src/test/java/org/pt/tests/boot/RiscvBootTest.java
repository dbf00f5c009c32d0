package org.pt.tests.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.engine.analysis.AnalysisResult;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.image.AccessFormula;
import org.pt.engine.image.Register;
import org.pt.engine.image.TableImage;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.TableTree;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkStep;

/**
 * The generated RISC-V tables boot: Sv32 on {@code qemu-system-riscv32}, Sv39, Sv48 and Sv57 on
 * {@code qemu-system-riscv64}, each on QEMU's {@code virt} board. A spec per mode (boot/svNN.ptl) is analysed as
 * {@code ptc check} does, its {@code generate binary ... at physical} image is written and loaded at its base with
 * QEMU's generic loader, and a stub of ours (boot/stubs/riscv/stub.S, started in M-mode by {@code -bios none}) loads
 * the engine's {@code satp} and {@code sstatus} values, opens memory to S-mode through PMP, drops to S-mode and
 * parks.
 * The test then compares QEMU's monitor with the engine's walk of the image:
 * <ul>
 * <li>{@code info mem} against every page the engine maps: VA, PA, size and the attributes QEMU prints (R W X U G A D),
 * and nothing QEMU maps that the engine does not;</li>
 * <li>{@code gva2gpa} at probes: the first and last byte of every run of pages, unmapped addresses next to them, a
 * non-canonical address, and the root table through the space's direct map.</li>
 * </ul>
 * QEMU 7.2's monitor limits, as observed on 7.2.22 and accounted for below (never by dropping a comparison):
 * <ul>
 * <li>A/D: QEMU 7.2 updates A and D itself (it has no Svade/Svadu setting), where the engine models
 * Svade (a walk finding A=0 faults). So {@code info mem} runs first, before anything but the stub's own fetches (whose
 * page is mapped with A set) touched the tables, and compares A and D exactly; the {@code gva2gpa} probes run after it,
 * and the test asserts that the probe of the {@code not_accessed} page left A set in its PTE.</li>
 * <li>{@code gva2gpa} is a debug load at the hart's privilege (S): it translates only readable leaves (no MXR: an
 * execute-only page is "Unmapped") but treats sstatus.SUM as set (a user page translates with SUM clear).</li>
 * <li>{@code info mem} prints the low 8 PTE bits only: PBMT (the device mapping's IO type) is not visible there.</li>
 * </ul>
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class RiscvBootTest {

    /**
     * One boot: a spec, the emulator and its CPU, the RAM it needs. QEMU 7.2's rv64 CPU takes every satp mode,
     * Sv57 included, as it is: the {@code sv57=on} style properties came later and 7.2 refuses them ("Property
     * 'rv64-riscv-cpu.sv57' not found"); the boot checks that satp holds the engine's value.
     */
    enum Mode {
        SV32("sv32", "qemu-system-riscv32", "rv32", "1G", 32),
        SV39("sv39", "qemu-system-riscv64", "rv64,svpbmt=on", "4G", 39),
        SV48("sv48", "qemu-system-riscv64", "rv64,svpbmt=on", "4G", 48),
        SV57("sv57", "qemu-system-riscv64", "rv64,svpbmt=on", "4G", 57);

        final String spec;
        final String qemu;
        final String cpu;
        final String ram;
        final int vaBits;

        Mode(String spec, String qemu, String cpu, String ram, int vaBits) {
            this.spec = spec;
            this.qemu = qemu;
            this.cpu = cpu;
            this.ram = ram;
            this.vaBits = vaBits;
        }

        boolean rv32() {
            return this == SV32;
        }
    }

    private static final String BINUTILS = "apt-get install binutils-riscv64-linux-gnu";
    /** With {@code -bios none}, QEMU virt's reset code jumps to the start of RAM: the stub is linked there. */
    private static final long STUB_BASE = 0x8000_0000L;

    @Inject
    private BootSpecs specs;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Mode.class)
    void qemuWalksTheGeneratedTablesAsTheEngineDoes(Mode mode) throws Exception {
        Spec first = analyse(mode);
        Path image = writeImage(first.image(), dir.resolve("tables.bin"));
        // sv48.ptl images two spaces sharing the kernel half (its tables once), the others one
        assertEquals(mode == Mode.SV48 ? List.of("kernel", "init") : List.of("kernel"),
                first.image().spaces().stream().map(TableImage.SpaceImage::name).toList());
        for (int i = 0; i < first.image().spaces().size(); i++) { // each space of the image, booted with its satp
            bootAndCompare(first.of(i), image);
        }
    }

    private void bootAndCompare(Spec spec, Path image) throws Exception {
        Mode mode = spec.mode();
        String space = "'" + spec.imaged().name() + "': ";
        try (Qemu qemu = boot(mode, spec, image)) {
            List<Page> pages = spec.pages();
            assertEquals(List.of(), compareInfoMem(pages, infoMem(qemu.monitor("info mem"))),
                    space + "info mem differs from the engine's pages");
            assertEquals(List.of(), compareProbes(spec, qemu, probes(spec, pages)),
                    space + "gva2gpa differs from the engine's walk");

            // The not_accessed page: the engine wrote A=0 (info mem showed it), QEMU's gva2gpa probe set A.
            Page cold = pages.stream().filter(p -> !p.attr().contains("a")).findFirst().orElseThrow();
            long pte = spec.leafEntryPa(cold.va());
            long written = spec.image().reader().read(pte);
            assertEquals(0, written & 0x40, "the spec's not_accessed page has A clear in the image");
            assertEquals(written | 0x40, physical(qemu, mode, pte), "QEMU 7.2 sets A when gva2gpa walks to A=0");
        }
    }

    @Test
    void aCorruptedEntryIsReportedAtItsPage() throws Exception {
        Mode mode = Mode.SV39;
        Spec spec = analyse(mode);
        List<Page> pages = spec.pages();
        Page userText = pageAt(pages, 0x1_0000_1000L);
        Page userData = pageAt(pages, 0x1_0001_2000L);
        Page kernelData = pageAt(pages, 0xffff_ffff_8040_3000L);
        byte[] bytes = imageBytes(spec.image());
        corrupt(bytes, spec, userText.va(), 0x1);          // V cleared
        corrupt(bytes, spec, userData.va(), 1L << 10);     // PPN bit 0: the page moves 4 KiB up
        corrupt(bytes, spec, kernelData.va(), 0x4);        // W cleared
        Path image = dir.resolve("corrupt.bin");
        Files.write(image, bytes);
        try (Qemu qemu = boot(mode, spec, image)) {
            assertEquals(List.of(
                    "0x1_0000_1000: the engine maps 4 KiB to 0x9100_1000 r-xu-ad, QEMU maps nothing there",
                    "0x1_0001_2000: the engine maps 4 KiB to 0x9200_2000, QEMU to 0x9200_3000",
                    "0xffff_ffff_8040_3000: the engine maps 4 KiB to 0x8060_3000 rw--gad, QEMU with r---gad"),
                    compareInfoMem(pages, infoMem(qemu.monitor("info mem"))));
            assertEquals(List.of(
                    "gva2gpa 0x1_0000_1000: the engine translates to 0x9100_1000, QEMU: Unmapped",
                    "gva2gpa 0x1_0000_1fff: the engine translates to 0x9100_1fff, QEMU: Unmapped",
                    "gva2gpa 0x1_0001_2000: the engine translates to 0x9200_2000, QEMU: gpa: 0x92003000",
                    "gva2gpa 0x1_0001_2fff: the engine translates to 0x9200_2fff, QEMU: gpa: 0x92003fff"),
                    compareProbes(spec, qemu, List.of(userText.va(), userText.va() + 0xfff, userData.va(),
                            userData.va() + 0xfff, kernelData.va())));
        }
    }

    // ---- the spec and the engine's view ---------------------------------------------------------

    /** An analysed spec: its first output's image, and space {@code index} of that image. */
    record Spec(Mode mode, AnalysisResult result, TableImage image, int index) {

        /** The same image seen from its space {@code i}. */
        Spec of(int i) {
            return new Spec(mode, result, image, i);
        }

        AddressSpace space() {
            return result.space(imaged().name()).orElseThrow().space();
        }

        PagingFormat format() {
            return space().simulation().format();
        }

        TableImage.SpaceImage imaged() {
            return image.spaces().get(index);
        }

        Half half() {
            return format().halves().get(0);
        }

        /** The engine's walk of the image from the moved root, without an access check. */
        Translation walk(long va, List<WalkStep> trace) {
            return format().walk(image.reader(), imaged().roots().get(0), half(), va, null, trace);
        }

        /** Where the leaf PTE of {@code va} lies in the image (target address). */
        long leafEntryPa(long va) {
            List<WalkStep> trace = new ArrayList<>();
            assertInstanceOf(Translation.Mapped.class, walk(va, trace));
            return trace.get(trace.size() - 1).entryPa();
        }

        /**
         * Every page the engine maps: the leaves of the space's table tree (the image moves tables, never leaves),
         * each walked on the image from the moved root for its PA and attributes.
         */
        List<Page> pages() {
            AddressSpace space = space();
            List<Long> vas = new ArrayList<>();
            new TableTree(space.simulation()).visit(space, new TableTree.Visitor() {
                @Override
                public void leaves(Half h, int depth, long table, int index, int count, long raw, long increment,
                        long va, long pageSize) {
                    for (int k = 0; k < count; k++) {
                        vas.add(va + k * pageSize);
                    }
                }
            });
            List<Page> out = new ArrayList<>();
            for (long va : vas) {
                Translation t = walk(va, null);
                Translation.Mapped m = assertInstanceOf(Translation.Mapped.class, t,
                        () -> "the image's walk of a leaf: " + t);
                out.add(new Page(va, m.pa(), m.pageSize(), letters(m.attributes())));
            }
            out.sort(Comparator.comparing(Page::va, Long::compareUnsigned));
            return out;
        }
    }

    /** A page: VA, PA, size and attributes as QEMU's {@code info mem} spells them ({@code rwxugad}, '-' when clear). */
    record Page(long va, long pa, long size, String attr) {
    }

    /** The attributes of a leaf in {@code info mem}'s letters: R W X U G A D. */
    static String letters(Attributes a) {
        return "" + (a.read() ? 'r' : '-') + (a.write() ? 'w' : '-') + (a.execute() ? 'x' : '-')
                + (a.user() ? 'u' : '-') + (a.global() ? 'g' : '-') + (a.accessed() ? 'a' : '-')
                + (a.dirty() ? 'd' : '-');
    }

    private Spec analyse(Mode mode) throws IOException, URISyntaxException {
        Path file = Path.of(RiscvBootTest.class.getResource("/boot/" + mode.spec + ".ptl").toURI());
        AnalysisResult result = specs.analyse(file); // every validator, as ptc check: errors fail before the boot
        TableImage image = result.image(0).orElseThrow(() -> new AssertionError(mode.spec + ".ptl made no image"));
        return new Spec(mode, result, image, 0);
    }

    private static Path writeImage(TableImage image, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            image.writeBinary(out);
        }
        assertEquals(image.size(), Files.size(file));
        return file;
    }

    private static byte[] imageBytes(TableImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        image.writeBinary(out);
        return out.toByteArray();
    }

    /** XORs {@code bits} into the leaf PTE of {@code va} in {@code bytes} (the image, little-endian). */
    private static void corrupt(byte[] bytes, Spec spec, long va, long bits) {
        int at = (int) (spec.leafEntryPa(va) - spec.image().base());
        int n = spec.format().entryBytes();
        for (int k = 0; k < n; k++) {
            bytes[at + k] ^= (byte) (bits >>> (8 * k));
        }
    }

    private static Page pageAt(List<Page> pages, long va) {
        return pages.stream().filter(p -> p.va() == va).findFirst()
                .orElseThrow(() -> new AssertionError("the engine maps no page at " + Unsigned.hex(va)));
    }

    // ---- the stub and the boot ------------------------------------------------------------------

    /** Assembles and links the stub with the registers of the image's first space; boots it with the image loaded. */
    private Qemu boot(Mode mode, Spec spec, Path image) throws IOException, InterruptedException {
        Qemu.requireTool("riscv64-linux-gnu-as", BINUTILS);
        Qemu.requireTool("riscv64-linux-gnu-ld", BINUTILS);
        long satp = register(spec, "satp").orElseThrow();
        long sstatus = register(spec, "sstatus").orElse(0);
        Files.writeString(dir.resolve("regs.inc"), "# from PT's image of " + mode.spec + ".ptl\n"
                + ".equ SATP_VALUE, 0x" + Long.toHexString(satp) + "\n"
                + ".equ SSTATUS_SET, 0x" + Long.toHexString(sstatus) + "\n");
        for (String f : List.of("stub.S", "stub.ld")) {
            try (InputStream in = RiscvBootTest.class.getResourceAsStream("/boot/stubs/riscv/" + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        run(List.of("riscv64-linux-gnu-as", mode.rv32() ? "-march=rv32imac_zicsr" : "-march=rv64imac_zicsr",
                mode.rv32() ? "-mabi=ilp32" : "-mabi=lp64", "-I", dir.toString(), "-o", "stub.o", "stub.S"));
        run(List.of("riscv64-linux-gnu-ld", "-m", mode.rv32() ? "elf32lriscv" : "elf64lriscv",
                "--defsym", "STUB_BASE=0x" + Long.toHexString(STUB_BASE), "-T", "stub.ld", "-o", "stub.elf", "stub.o"));
        long supervisor = symbol("supervisor");
        long trapped = symbol("trapped");
        Qemu qemu = Qemu.start(mode.qemu, List.of("-M", "virt", "-m", mode.ram, "-cpu", mode.cpu, "-bios", "none",
                "-kernel", dir.resolve("stub.elf").toString(),
                "-device", "loader,file=" + image + ",addr=0x" + Long.toHexString(spec.image().base())
                        + ",force-raw=on"));
        try {
            Map<String, Long> regs = awaitPark(qemu, supervisor, trapped);
            // the hart runs with the engine's satp, and sstatus.SUM (bit 18, visible in mstatus) as the engine lists it
            assertEquals(Unsigned.hex(satp), Unsigned.hex(regs.get("satp")), "satp in QEMU");
            assertEquals(sstatus & SUM, regs.get("mstatus") & SUM, "sstatus.SUM in QEMU");
            return qemu;
        } catch (IOException | RuntimeException | Error e) {
            qemu.close();
            throw e;
        }
    }

    private static OptionalLong register(Spec spec, String name) {
        for (Register r : spec.imaged().registers()) {
            if (r.name().equals(name)) {
                return OptionalLong.of(r.value());
            }
        }
        return OptionalLong.empty();
    }

    private static final long SUM = 1L << 18;

    private static final Pattern REGISTER = Pattern.compile(
            "^\\s*(pc|mstatus|mcause|mtval|mepc|satp)\\s+([0-9a-f]+)\\s*$", Pattern.MULTILINE);

    /**
     * Waits (up to 5 s) until the hart parks in the stub's S-mode loop ({@code supervisor}, reached only by the
     * {@code mret} with MPP = S); fails with mcause, mepc and mtval when it ends in the M-mode trap loop instead.
     * Returns the registers read then.
     */
    private static Map<String, Long> awaitPark(Qemu qemu, long supervisor, long trapped)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = qemu.monitor("info registers");
            Map<String, Long> regs = new HashMap<>();
            Matcher m = REGISTER.matcher(last);
            while (m.find()) {
                regs.put(m.group(1), Long.parseUnsignedLong(m.group(2), 16));
            }
            Long pc = regs.get("pc");
            if (pc != null && pc >= supervisor && pc < trapped) {
                return regs;
            }
            if (pc != null && pc >= trapped) {
                fail("the stub trapped to M-mode: mcause " + Unsigned.hex(regs.get("mcause")) + ", mepc "
                        + Unsigned.hex(regs.get("mepc")) + ", mtval " + Unsigned.hex(regs.get("mtval")));
            }
            Thread.sleep(20);
        }
        fail("the stub did not park in S-mode within 5 s:\n" + last);
        return null;
    }

    private long symbol(String name) throws IOException, InterruptedException {
        Qemu.requireTool("riscv64-linux-gnu-nm", BINUTILS);
        for (String line : run(List.of("riscv64-linux-gnu-nm", "stub.elf")).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[2].equals(name)) {
                return Long.parseUnsignedLong(f[0], 16);
            }
        }
        throw new AssertionError("no symbol " + name + " in stub.elf");
    }

    /** Runs a tool in {@link #dir}; fails with its output when it does not succeed. Returns its output. */
    private String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 30 s");
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    // ---- info mem -------------------------------------------------------------------------------

    private static final Pattern MEM_LINE = Pattern.compile("^([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+) ([-rwxugad]{7})$",
            Pattern.MULTILINE);

    /**
     * The blocks of {@code info mem}: QEMU (target/riscv/monitor.c) walks the tables from satp and prints runs of
     * leaves with the same low 8 PTE bits that are contiguous in VA and PA (a run never continues across tables):
     * VA (sign-extended for RV64), PA, size, and R W X U G A D.
     */
    static List<Page> infoMem(String text) {
        assertTrue(text.startsWith("vaddr"), () -> "not an info mem table:\n" + text);
        List<Page> blocks = new ArrayList<>();
        Matcher m = MEM_LINE.matcher(text);
        while (m.find()) {
            blocks.add(new Page(Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16),
                    Long.parseUnsignedLong(m.group(3), 16), m.group(4)));
        }
        long lines = text.lines().count() - 2; // header and delimiter
        assertEquals(lines, blocks.size(), () -> "unparsed lines in:\n" + text);
        return blocks;
    }

    /**
     * What differs between the engine's pages and QEMU's blocks: each page must lie in one block, at the PA the block
     * gives it, with the same attributes (A and D included: see the class comment), and every byte of every block
     * must be a page of the engine's. One line per page (or uncovered range) that differs; empty when they agree.
     */
    static List<String> compareInfoMem(List<Page> pages, List<Page> blocks) {
        List<String> out = new ArrayList<>();
        for (Page p : pages) {
            Page b = blocks.stream().filter(x -> within(p.va(), x) && within(p.va() + (p.size() - 1), x)).findFirst()
                    .orElse(null);
            String what = Unsigned.hex(p.va()) + ": the engine maps " + SizeUnit.format(p.size())
                    + " to " + Unsigned.hex(p.pa());
            if (b == null) {
                boolean partly = blocks.stream().anyMatch(x -> within(p.va(), x) || within(p.va() + (p.size() - 1), x));
                out.add(what + " " + p.attr() + ", QEMU maps " + (partly ? "part of it" : "nothing there"));
                continue;
            }
            long qemuPa = b.pa() + (p.va() - b.va());
            if (qemuPa != p.pa()) {
                out.add(what + ", QEMU to " + Unsigned.hex(qemuPa));
            } else if (!b.attr().equals(p.attr())) {
                out.add(what + " " + p.attr() + ", QEMU with " + b.attr());
            }
        }
        for (Page b : blocks) {
            long at = b.va();
            long end = b.va() + b.size(); // exclusive; 0 when the block ends at the top of the address space
            for (Page p : pages) {
                if (within(p.va(), b) && Long.compareUnsigned(p.va(), at) >= 0) {
                    if (p.va() != at) {
                        out.add(gap(at, p.va() - at, b));
                    }
                    at = p.va() + p.size();
                }
            }
            if (at != end) {
                out.add(gap(at, end - at, b));
            }
        }
        return out;
    }

    private static boolean within(long va, Page block) {
        return Long.compareUnsigned(va - block.va(), block.size()) < 0;
    }

    private static String gap(long va, long size, Page block) {
        return Unsigned.hex(va) + ": QEMU maps " + SizeUnit.format(size) + " to "
                + Unsigned.hex(block.pa() + (va - block.va())) + " " + block.attr() + ", the engine nothing";
    }

    // ---- gva2gpa --------------------------------------------------------------------------------

    /**
     * Probes: the first and last byte of every run of contiguous pages with one attribute set, the byte before and
     * after each run when the engine maps nothing there, a non-canonical address (RV64), and the root table read
     * through the space's direct map.
     */
    static List<Long> probes(Spec spec, List<Page> pages) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            Page p = pages.get(i);
            boolean runStart = i == 0 || !continues(pages.get(i - 1), p);
            boolean runEnd = i + 1 == pages.size() || !continues(p, pages.get(i + 1));
            if (runStart) {
                out.add(p.va());
                if (p.va() != 0 && !(spec.walk(p.va() - 1, null) instanceof Translation.Mapped)) {
                    out.add(p.va() - 1);
                }
            }
            if (runEnd) {
                out.add(p.va() + (p.size() - 1));
                long after = p.va() + p.size();
                if (after != 0 && !(spec.walk(after, null) instanceof Translation.Mapped)) {
                    out.add(after);
                }
            }
        }
        if (!spec.mode().rv32()) {
            out.add(1L << (spec.mode().vaBits - 1)); // bit 63..vaBits-1 not all equal
        }
        if (spec.imaged().access() instanceof AccessFormula.Offset o) {
            long rootVa = o.virt(spec.imaged().roots().get(0));
            assertTrue(rootVa != -1L, "the direct map covers the root table");
            out.add(rootVa);
        }
        return out;
    }

    private static boolean continues(Page a, Page b) {
        return a.va() + a.size() == b.va() && a.pa() + a.size() == b.pa() && a.attr().equals(b.attr());
    }

    /**
     * Each probe through {@code gva2gpa} against the engine's walk of the image. QEMU 7.2's gva2gpa is a debug load
     * at the hart's privilege (S-mode here): it translates a leaf only when R is set (mstatus.MXR is clear, so an
     * execute-only page is "Unmapped"), but as a debug access it treats sstatus.SUM as set (a user page translates
     * whatever SUM is), and it sets A in a leaf with A clear instead of faulting (the engine models Svade, where a
     * load through A=0 faults). So the expected answer is the walk without an access check, mapped when the engine's
     * leaf is readable: the engine's R, not its kernel-read permission, decides.
     */
    static List<String> compareProbes(Spec spec, Qemu qemu, List<Long> probes) throws IOException {
        List<String> out = new ArrayList<>();
        for (long va : probes) {
            Translation t = spec.walk(va, null);
            OptionalLong expected = t instanceof Translation.Mapped m && m.attributes().read() ? OptionalLong.of(m.pa())
                    : OptionalLong.empty();
            String answer = qemu.monitor("gva2gpa 0x" + Long.toHexString(va)).trim();
            OptionalLong got;
            if (answer.equals("Unmapped")) {
                got = OptionalLong.empty();
            } else if (answer.startsWith("gpa: 0x")) {
                got = OptionalLong.of(Long.parseUnsignedLong(answer.substring(7), 16));
            } else {
                throw new AssertionError("gva2gpa 0x" + Long.toHexString(va) + " answered: " + answer);
            }
            if (!expected.equals(got)) {
                out.add("gva2gpa " + Unsigned.hex(va) + ": the engine "
                        + (expected.isPresent() ? "translates to " + Unsigned.hex(expected.getAsLong())
                                : "has no readable mapping (" + t + ")")
                        + ", QEMU: " + answer);
            }
        }
        return out;
    }

    /** One PTE of guest-physical memory as QEMU holds it now ({@code xp}). */
    private static long physical(Qemu qemu, Mode mode, long pa) throws IOException {
        String answer = qemu.monitor("xp /1" + (mode.rv32() ? "w" : "g") + "x 0x" + Long.toHexString(pa)).trim();
        Matcher m = Pattern.compile(":\\s+0x([0-9a-f]+)$").matcher(answer);
        assertTrue(m.find(), () -> "xp answered: " + answer);
        return Long.parseUnsignedLong(m.group(1), 16);
    }
}
