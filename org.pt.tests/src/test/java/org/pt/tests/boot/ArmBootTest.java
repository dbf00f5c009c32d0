package org.pt.tests.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.engine.analysis.AnalysisResult;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Geometry;
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
 * Boots the generated tables of AArch64 (4 KiB, 16 KiB and 64 KiB granules, both halves) and ARMv7 short descriptors
 * under QEMU's {@code virt} board and compares what the emulated MMU translates with the engine's walk of the same
 * image.
 *
 * <p>Each case: the spec under {@code boot/} is analysed through the language as {@code ptc check} does (no error may
 * remain); its {@code generate binary ... at physical 0x4800_0000} image is written raw and loaded with
 * {@code -device loader,force-raw=on}; a stub of ours ({@code boot/stubs/arm/}) is assembled with the root and control
 * register values of the image ({@code regs.inc}), linked at 0x4020_0000 and booted with {@code -kernel} (QEMU loads
 * an ELF at its addresses and enters it at EL1 on AArch64, in SVC mode on ARMv7: virt without
 * {@code virtualization=on} and {@code secure=on} has no EL2/EL3). The stub turns the MMU on and parks; the test waits
 * until the CPU sits in the park loop at EL1 / SVC, which it can only reach with translation on through the identity
 * map the spec gives the stub's page.
 *
 * <p>What the monitor can show, and so what is compared (QEMU 7.2; BUILD-NOTES, section QEMU):
 * <ul>
 * <li>Neither {@code qemu-system-aarch64} nor {@code qemu-system-arm} has {@code info tlb} or {@code info mem} (both
 * answer "unknown command"; checked by hand on 7.2.22), so {@code gva2gpa} is the only view of the MMU.</li>
 * <li>{@code gva2gpa} is a privileged (EL1 / PL1) data read through the current regime: it reports the physical
 * address or "Unmapped", nothing else. The test therefore checks, for every leaf entry (first byte, a byte inside,
 * last byte) and for the probes: the descriptor's validity, its type (table, block, page, section, supersection,
 * large or small page, by the extent it translates), the output address exactly, and every table descriptor above it
 * (the relocation of {@code at physical}, the root registers, T0SZ/T1SZ and TG0/TG1 of TCR_EL1 and TTBCR.N, since a
 * wrong one moves or loses the translation).</li>
 * <li>It cannot check: write permission (AArch64 AP[2], ARMv7 APX: a read ignores it), EL0/PL0 access (AP[1],
 * AP[1:0]: the read is privileged), execute permissions (PXN, UXN, XN: not a fetch), the memory type (AttrIndx with
 * MAIR_EL1, TEX/C/B), shareability (SH, S), nG, and on AArch64 the access flag: QEMU's debug walk ignores AF, so an
 * AF=0 page reads as mapped. Each AArch64 spec holds a {@code not_accessed} page to show it: the engine's walk without
 * an access (a listing, which checks no AF either) and QEMU both call it mapped. Every leaf the engine writes grants
 * EL1 read (AArch64: EL1 can read every valid descriptor, PAN is off; ARMv7: every AP encoding the engine writes grants
 * PL1 read), so the privileged read never faults on permissions where the engine's listing walk maps.</li>
 * <li>ARMv7 on cortex-a15 implements PXN, the engine's format does not: with PXN an L1 entry with bits[1:0] = 0b11 is a
 * section with PXN = 1 (the engine reads it as a fault) and bit 2 of an L1 page-table descriptor is PXN. The test
 * asserts that the image holds no such entry (no L1 0b11, bit 2 clear in every page-table descriptor), so both
 * readings of the image agree.</li>
 * </ul>
 * The corruption tests prove the comparison fails: a flipped output-address bit and a cleared valid bit are reported
 * for exactly the pages they break.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class ArmBootTest {

    private static final String QEMU_APT = "apt-get install qemu-system-arm";
    /** Where the stub is linked; QEMU puts the device tree at the start of RAM (0x4000_0000) for an ELF kernel. */
    private static final long STUB = 0x4020_0000L;
    private static final Pattern GPA = Pattern.compile("gpa: 0x([0-9a-f]+)");
    private static final long PARK_TIMEOUT_MS = 10_000;

    /** One boot: the spec, the emulator and its machine options, the stub and its toolchain. */
    record Case(String spec, String qemu, List<String> machine, String stub, String as, List<String> asFlags, String ld,
            String binutils, boolean aarch64) {
    }

    private static final List<String> AARCH64_QEMU = List.of("-M", "virt,gic-version=3", "-cpu", "max");

    static final Case AARCH64_4K = aarch64("aarch64-4k", "4G");
    static final Case AARCH64_16K = aarch64("aarch64-16k", "2G");
    static final Case AARCH64_64K = aarch64("aarch64-64k", "2G");
    static final Case ARMV7 = new Case("armv7", "qemu-system-arm", List.of("-M", "virt", "-cpu", "cortex-a15", "-m",
            "1G"), "armv7.S", "arm-linux-gnueabihf-as", List.of("-march=armv7-a"), "arm-linux-gnueabihf-ld",
            "binutils-arm-linux-gnueabihf", false);

    private static Case aarch64(String spec, String ram) {
        List<String> machine = new ArrayList<>(AARCH64_QEMU);
        machine.addAll(List.of("-m", ram));
        return new Case(spec, "qemu-system-aarch64", machine, "aarch64.S", "aarch64-linux-gnu-as", List.of(),
                "aarch64-linux-gnu-ld", "binutils-aarch64-linux-gnu", true);
    }

    @Inject
    private BootSpecs specs;

    @TempDir
    Path dir;

    // ---- the cases ---------------------------------------------------------------------------------------------

    @Test
    void aarch64With4KiBGranuleBootsAndTranslatesAsTheEngineWalks() throws Exception {
        Booted b = boot(AARCH64_4K, null);
        assertAgrees(b);
    }

    @Test
    void aarch64With16KiBGranuleBootsAndTranslatesAsTheEngineWalks() throws Exception {
        Booted b = boot(AARCH64_16K, null);
        assertAgrees(b);
    }

    @Test
    void aarch64With64KiBGranuleBootsAndTranslatesAsTheEngineWalks() throws Exception {
        Booted b = boot(AARCH64_64K, null);
        assertAgrees(b);
    }

    @Test
    void armv7ShortDescriptorsBootAndTranslateAsTheEngineWalks() throws Exception {
        Booted b = boot(ARMV7, null);
        assertNoPxnEncodings(b.image);
        assertAgrees(b);
    }

    @Test
    void aarch64ComparisonCatchesACorruptedAddressAndACorruptedValidBit() throws Exception {
        assertCorruptionCaught(AARCH64_4K, 0xffff_0000_0040_1000L, 24, 0x0000_0001_0010_0000L, 0);
    }

    @Test
    void armv7ComparisonCatchesACorruptedAddressAndACorruptedValidBit() throws Exception {
        // a small page's bits[1:0] = 0b1x: clearing bit 1 leaves 0b00 or 0b01 (fault or large page); clear both
        assertCorruptionCaught(ARMV7, 0xc120_1000L, 24, 0x1001_0000L, 1);
    }

    // ---- analysis ------------------------------------------------------------------------------------------------

    /** The analysed spec: its image and the space it was made of. */
    record Analysed(TableImage image, AddressSpace space) {
    }

    private Analysed analyse(String spec) throws URISyntaxException {
        URL url = getClass().getResource("/boot/" + spec + ".ptl");
        if (url == null) {
            fail("no spec boot/" + spec + ".ptl on the test class path");
        }
        AnalysisResult result = specs.analyse(Path.of(url.toURI())); // no error, as ptc check
        TableImage image = result.image(0).orElseThrow(() -> new AssertionError(spec + ": no image for its generate"));
        String name = image.spaces().get(0).name();
        AddressSpace space = result.space(name).orElseThrow().space();
        return new Analysed(image, space);
    }

    // ---- what the engine says --------------------------------------------------------------------------------

    /** A probe: a VA, the page (leaf entry) it belongs to, and the PA the engine's walk gives (empty: unmapped). */
    record Probe(long va, long page, String what, OptionalLong pa) {
        String expected() {
            return pa.isPresent() ? Unsigned.hex(pa.getAsLong()) : "unmapped";
        }
    }

    /**
     * Every leaf entry of the space (from the simulation's table tree, as {@code report} lists them), probed at its
     * first byte, a byte inside and its last byte; the unmapped probes; and, with a recursive slot, the VA of every
     * level's table of sampled kernel VAs through the slot. Each expected PA is the engine's walk of the image (the
     * moved tables and roots), without an access: a listing, which checks neither permissions nor AF.
     */
    private static List<Probe> probes(Analysed a, List<Long> unmapped) {
        TableImage image = a.image;
        PagingFormat f = image.format();
        List<Long> roots = image.spaces().get(0).roots();
        List<Probe> out = new ArrayList<>();
        List<long[]> kernelLeaves = new ArrayList<>(); // {va, depth of its leaf}
        a.space.simulation().tree().visit(a.space, new TableTree.Visitor() {
            @Override
            public void leaves(Half half, int depth, long table, int index, int count, long raw, long increment, long va,
                    long pageSize) {
                Geometry.Level level = half.geometry().level(depth);
                long span = Math.min(pageSize, level.entrySize());
                for (int k = 0; k < count; k++) {
                    long start = va + k * span;
                    String what = level.name() + "[" + (index + k) + "] " + (pageSize == span ? "" : "part of a ")
                            + org.pt.engine.core.SizeUnit.format(pageSize) + " leaf";
                    for (long at : new long[] {start, start + span / 2 + 0x18, start + span - 1}) {
                        Translation t = f.walk(image.reader(), roots.get(half.index()), half, at, null, null);
                        Translation.Mapped m = assertInstanceOf(Translation.Mapped.class, t,
                                "the image's walk of a leaf the tree lists: " + t);
                        out.add(new Probe(at, start, what, OptionalLong.of(m.pa())));
                    }
                    if (half.index() == f.halves().size() - 1) {
                        kernelLeaves.add(new long[] {start, depth});
                    }
                }
            }
        });
        for (long va : unmapped) {
            out.add(probe(image, va, va, "unmapped probe"));
        }
        if (image.spaces().get(0).access() instanceof AccessFormula.RecursiveSlot rs) {
            // the first, a middle and the last kernel leaf: the entry at every level down to the leaf, through the slot
            List<long[]> sample = List.of(kernelLeaves.get(0), kernelLeaves.get(kernelLeaves.size() / 2),
                    kernelLeaves.get(kernelLeaves.size() - 1));
            for (long[] leaf : sample) {
                long va = leaf[0];
                for (int d = 0; d <= leaf[1]; d++) {
                    long tva = rs.tableVa(d, va) + 8 * rs.index(va, d);
                    Probe p = probe(image, tva, tva, "the entry of " + Unsigned.hex(va) + " at depth " + d
                            + " through the recursive slot");
                    assertTrue(p.pa.isPresent(), p.what + " is not mapped in the engine's walk");
                    out.add(p);
                }
            }
            // inside the window, where no table is: the slot's last-level table of an unmapped kernel VA
            long hole = unmapped.get(unmapped.size() - 1);
            long tva = rs.tableVa(rs.depth() - 1, hole);
            out.add(probe(image, tva, tva, "the recursive window at the last-level table of " + Unsigned.hex(hole)));
        }
        return out;
    }

    private static Probe probe(TableImage image, long va, long page, String what) {
        PagingFormat f = image.format();
        Half half = f.halfOf(va);
        if (half == null) {
            return new Probe(va, page, what + " (outside both halves)", OptionalLong.empty());
        }
        Translation t = f.walk(image.reader(), image.spaces().get(0).roots().get(half.index()), half, va, null, null);
        return new Probe(va, page, what, t instanceof Translation.Mapped m ? OptionalLong.of(m.pa())
                : OptionalLong.empty());
    }

    // ---- booting ----------------------------------------------------------------------------------------------

    /** A booted case: QEMU parked in the stub with the image's translation on. */
    record Booted(Case c, Analysed analysed, TableImage image, Map<Probe, String> answers) {
    }

    /**
     * Boots {@code c} with its image, changed by {@code corrupt} when given, waits for the park loop and asks
     * {@code gva2gpa} for every probe of the (uncorrupted) engine image.
     */
    private Booted boot(Case c, java.util.function.Consumer<byte[]> corrupt) throws Exception {
        Analysed a = analyse(c.spec);
        TableImage image = a.image;
        Path bin = dir.resolve("tables.bin");
        try (OutputStream out = Files.newOutputStream(bin)) {
            image.writeBinary(out);
        }
        if (corrupt != null) {
            byte[] bytes = Files.readAllBytes(bin);
            corrupt.accept(bytes);
            Files.write(bin, bytes);
        }
        Stub stub = buildStub(c, image);
        List<String> args = new ArrayList<>(c.machine);
        args.addAll(List.of("-kernel", stub.elf.toString(), "-device", "loader,file=" + bin + ",addr="
                + "0x" + Long.toHexString(image.base()) + ",force-raw=on"));
        List<Probe> probes = probes(a, unmappedProbes(c));
        Map<Probe, String> answers = new LinkedHashMap<>();
        try (Qemu q = Qemu.start(c.qemu, args)) {
            waitForPark(q, c, stub.park);
            for (Probe p : probes) {
                answers.put(p, q.monitor("gva2gpa 0x" + Long.toHexString(p.va)));
            }
        }
        return new Booted(c, a, image, answers);
    }

    /** VAs no mapping covers: an empty root entry, an empty last-level entry beside mapped ones, the gap between halves. */
    private static List<Long> unmappedProbes(Case c) {
        return switch (c.spec) {
            case "aarch64-4k" -> List.of(0x0L, 0x0000_0001_0000_4000L, 0x0001_0000_0000_0000L,
                    0xffff_0000_0041_0000L, 0xffff_0000_0100_0000L);
            case "aarch64-16k" -> List.of(0x0L, 0x0000_0010_0000_8000L, 0x0001_0000_0000_0000L,
                    0xffff_8000_0401_0000L, 0xffff_8000_0800_0000L);
            case "aarch64-64k" -> List.of(0x0L, 0x0000_0001_0002_0000L, 0x0001_0000_0000_0000L,
                    0xffff_fc00_0014_0000L, 0xffff_fc00_0100_0000L);
            default -> List.of(0x0L, 0x1000_2000L, 0xc111_0000L, 0xc121_0000L, 0xd000_0000L);
        };
    }

    /** The linked stub and the address of its park loop. */
    record Stub(Path elf, long park) {
    }

    /**
     * Writes {@code regs.inc} ({@code .equ REG_<register>, value} for every register of the image's first space),
     * assembles and links the stub at {@link #STUB}, and reads the park loop's address from the symbol table.
     */
    private Stub buildStub(Case c, TableImage image) throws IOException, InterruptedException {
        String binutils = "apt-get install " + c.binutils;
        Qemu.requireTool(c.as, binutils);
        Qemu.requireTool(c.ld, binutils);
        String nm = c.ld.substring(0, c.ld.length() - 2) + "nm";
        Qemu.requireTool(nm, binutils);
        StringBuilder regs = new StringBuilder("// the register values of the table image of " + c.spec + ".ptl\n");
        for (Register r : image.spaces().get(0).registers()) {
            regs.append(".equ REG_").append(r.name()).append(", 0x").append(Long.toHexString(r.value())).append('\n');
        }
        Files.writeString(dir.resolve("regs.inc"), regs);
        Path source = dir.resolve(c.stub);
        try (InputStream in = getClass().getResourceAsStream("/boot/stubs/arm/" + c.stub)) {
            if (in == null) {
                fail("no stub boot/stubs/arm/" + c.stub + " on the test class path");
            }
            Files.copy(in, source);
        }
        List<String> as = new ArrayList<>(List.of(c.as));
        as.addAll(c.asFlags);
        as.addAll(List.of("-I", dir.toString(), "-o", dir.resolve("stub.o").toString(), source.toString()));
        run(as);
        Path elf = dir.resolve("stub.elf");
        run(List.of(c.ld, "-N", "-Ttext=0x" + Long.toHexString(STUB), "-e", "_start", "-o", elf.toString(),
                dir.resolve("stub.o").toString()));
        String symbols = run(List.of(nm, elf.toString()));
        Matcher m = Pattern.compile("(?m)^([0-9a-f]+) T park$").matcher(symbols);
        assertTrue(m.find(), "no 'park' in the stub's symbols:\n" + symbols);
        return new Stub(elf, Long.parseUnsignedLong(m.group(1), 16));
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + command);
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + output);
        return output;
    }

    /**
     * Polls {@code info registers} until the CPU sits in the park loop ({@code park} or the branch after it: the PC
     * of a CPU halted in {@code wfi} is the next instruction), and checks the exception level / mode it runs at.
     */
    private static void waitForPark(Qemu q, Case c, long park) throws IOException, InterruptedException {
        Pattern pc = Pattern.compile(c.aarch64 ? "PC=([0-9a-f]{16})" : "R15=([0-9a-f]{8})");
        long deadline = System.currentTimeMillis() + PARK_TIMEOUT_MS;
        String regs = "";
        while (System.currentTimeMillis() < deadline) {
            regs = q.monitor("info registers");
            Matcher m = pc.matcher(regs);
            if (m.find()) {
                long at = Long.parseUnsignedLong(m.group(1), 16);
                if (at == park || at == park + 4) {
                    // AArch64: PSTATE names the level (EL1h); ARMv7: the PSR names the mode (svc32)
                    assertTrue(regs.contains(c.aarch64 ? " EL1h " : " svc32"), "parked, but not at EL1 / in SVC "
                            + "mode:\n" + regs);
                    return;
                }
            }
            Thread.sleep(20);
        }
        fail(c.spec + ": the stub did not reach its park loop at " + Unsigned.hex(park) + " within " + PARK_TIMEOUT_MS
                + " ms (a fault with the MMU on ends at the exception vectors):\n" + regs);
    }

    // ---- comparing --------------------------------------------------------------------------------------------

    /** One line per probe whose gva2gpa answer differs from the engine's walk. */
    private static List<String> mismatches(Booted b) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Probe, String> e : b.answers.entrySet()) {
            Probe p = e.getKey();
            String answer = e.getValue().trim();
            Matcher m = GPA.matcher(answer);
            String qemu = m.find() ? Unsigned.hex(Long.parseUnsignedLong(m.group(1), 16))
                    : answer.equals("Unmapped") ? "unmapped" : "unreadable answer '" + answer + "'";
            if (!qemu.equals(p.expected())) {
                out.add(Unsigned.hex(p.va) + " (" + p.what + " at " + Unsigned.hex(p.page) + "): engine "
                        + p.expected() + ", QEMU " + qemu);
            }
        }
        return out;
    }

    /**
     * The emulated MMU agrees with the engine on every probe; and the probes covered what the spec promises: leaves of
     * every page size of the format, unmapped probes that QEMU too finds unmapped, and the recursive window.
     */
    private static void assertAgrees(Booted b) {
        assertEquals(List.of(), mismatches(b), b.c.spec + ": gva2gpa differs from the engine's walk");
        PagingFormat f = b.image.format();
        Set<String> sizes = new LinkedHashSet<>();
        for (Probe p : b.answers.keySet()) {
            if (p.what.endsWith(" leaf")) {
                sizes.add(p.what.substring(p.what.indexOf(' ') + 1).replace("part of a ", ""));
            }
        }
        Set<String> expected = new LinkedHashSet<>();
        for (long size : f.pageSizes()) {
            if (f.leafAllowed(levelOf(f, size), size)) {
                expected.add(org.pt.engine.core.SizeUnit.format(size) + " leaf");
            }
        }
        assertEquals(expected, sizes, b.c.spec + ": the spec must map every page size of the format");
        long unmapped = b.answers.keySet().stream().filter(p -> p.pa.isEmpty()).count();
        assertTrue(unmapped >= 5, b.c.spec + ": only " + unmapped + " unmapped probes");
        boolean recursive = b.image.spaces().get(0).access() instanceof AccessFormula.RecursiveSlot;
        assertEquals(b.c.aarch64, recursive, b.c.spec + ": the AArch64 specs reach their tables through a recursive "
                + "slot, ARMv7 cannot");
    }

    private static int levelOf(PagingFormat f, long size) {
        for (Half h : f.halves()) {
            for (Geometry.Level l : h.geometry().levels()) {
                if (l.leafKind(size) >= 0) {
                    return l.archLevel();
                }
            }
        }
        return -1;
    }

    /**
     * cortex-a15 implements PXN, which the engine's ARMv7 format does not model: an L1 entry with bits[1:0] = 0b11
     * would be a PXN section to QEMU and a fault to the engine, and bit 2 of an L1 page-table descriptor is PXN. The
     * image must hold neither, so that both readings agree.
     */
    private static void assertNoPxnEncodings(TableImage image) {
        for (TableImage.Table t : image.tables()) {
            if (t.archLevel() != 1) {
                continue;
            }
            for (int i = 0; i < t.entries(image.entryBytes()); i++) {
                long e = image.entry(t, i);
                assertTrue((e & 0b11) != 0b11, "L1[" + i + "] has bits[1:0] = 0b11 (a PXN section on cortex-a15)");
                assertTrue((e & 0b11) != 0b01 || (e & 0b100) == 0, "L1[" + i + "] page-table descriptor has PXN set");
            }
        }
    }

    /**
     * Boots {@code c} with the image corrupted at two pages, compares with the uncorrupted engine image, and asserts
     * that exactly those two pages differ: {@code addressPage} with output-address bit {@code addressBit} flipped
     * (QEMU then finds the page 2^bit away), {@code validPage} with bits[validBit:0] cleared (unmapped).
     */
    private void assertCorruptionCaught(Case c, long addressPage, int addressBit, long validPage, int validBit)
            throws Exception {
        Analysed a = analyse(c.spec);
        long addressEntry = leafEntryOffset(a.image, addressPage);
        long validEntry = leafEntryOffset(a.image, validPage);
        Booted b = boot(c, bytes -> {
            bytes[(int) (addressEntry + addressBit / 8)] ^= (byte) (1 << (addressBit % 8));
            for (int bit = 0; bit <= validBit; bit++) {
                bytes[(int) validEntry] &= (byte) ~(1 << bit);
            }
        });
        List<String> lines = mismatches(b);
        Set<Long> pages = new LinkedHashSet<>();
        for (Map.Entry<Probe, String> e : b.answers.entrySet()) {
            if (lines.stream().anyMatch(l -> l.startsWith(Unsigned.hex(e.getKey().va) + " "))) {
                pages.add(e.getKey().page);
            }
        }
        assertEquals(Set.of(addressPage, validPage), pages, "pages reported:\n" + String.join("\n", lines));
        // every probe of the two pages is reported, with what QEMU found
        assertEquals(6, lines.size(), String.join("\n", lines));
        String moved = Unsigned.hex(walkPa(a.image, addressPage) ^ (1L << addressBit));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(Unsigned.hex(addressPage) + " ") && l.endsWith("QEMU "
                + moved)), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(Unsigned.hex(validPage) + " ") && l.endsWith(
                "QEMU unmapped")), String.join("\n", lines));
    }

    private static long walkPa(TableImage image, long va) {
        return probe(image, va, va, "").pa.orElseThrow();
    }

    /** The offset in the image of the leaf entry that maps {@code va}, from the engine's walk trace. */
    private static long leafEntryOffset(TableImage image, long va) {
        PagingFormat f = image.format();
        Half half = f.halfOf(va);
        List<WalkStep> trace = new ArrayList<>();
        Translation t = f.walk(image.reader(), image.spaces().get(0).roots().get(half.index()), half, va, null, trace);
        assertInstanceOf(Translation.Mapped.class, t);
        return trace.get(trace.size() - 1).entryPa() - image.base();
    }
}
