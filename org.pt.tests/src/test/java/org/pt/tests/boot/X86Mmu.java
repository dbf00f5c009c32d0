package org.pt.tests.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pt.engine.format.DecodedEntry;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.image.AccessFormula;
import org.pt.engine.image.Register;
import org.pt.engine.image.TableImage;
import org.pt.engine.memory.EntryReader;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkStep;

/**
 * What the x86 boot tests compare: the engine's side (every leaf the MMU reaches from a space's root, the
 * {@code info mem} listing and {@code gva2gpa} answers its walks give) and QEMU's (the monitor's {@code info registers},
 * {@code info tlb}, {@code info mem}, {@code gva2gpa}), for any image wherever it came from: the binary form loaded by
 * QEMU ({@link X86BootTest}) or the relocatable gas form linked into the stub ({@link X86LinkedBootTest}).
 *
 * <p>QEMU 7.2's monitor limits, accounted for below where they apply (see BUILD-NOTES, section QEMU, and
 * {@code target/i386/monitor.c}): {@code info tlb} prints the leaf's own flags, not the walk's combined rights; it
 * clears bit 7 of 4 KiB entries before printing (their PAT bit never shows as {@code P}); it prints addresses masked
 * to bits 12..49 in 4- and 5-level paging, bits 12..63 and 20..63 of PAE 4 KiB and 2 MiB entries (so XD and the
 * ignored high bits show in the address) and bits 21..31 of 4 MiB entries; {@code gva2gpa} and {@code info tlb} check
 * presence only; QEMU sets A (and D on writes) in the entries its own walks use; {@code info mem} with LA57 is broken
 * on 7.2 (it prints nothing, after seconds): not used there.
 */
final class X86Mmu {

    static final long PAGE = 4096;

    private X86Mmu() {
    }

    /** What booting {@code image} must show: its first space, the root of its first half and every leaf reached. */
    static Booted booted(TableImage image) {
        TableImage.SpaceImage space = image.spaces().get(0);
        Half half = image.format().halves().get(0);
        long root = space.roots().get(0);
        Map<Long, Page> expected = new TreeMap<>(Long::compareUnsigned);
        leaves(image, half, root, root, 0, 0, expected);
        return new Booted(image, space, root, half, expected);
    }

    /**
     * QEMU's MMU against the engine, the stub parked: {@code info tlb} line for line, a large page among them,
     * {@code info mem} (when {@code infoMem}) and every {@code gva2gpa} probe.
     */
    static void assertWalksAgree(Qemu q, Booted b, boolean infoMem) throws IOException {
        Map<Long, Line> seen = tlb(q.monitor("info tlb"));
        assertEquals(List.of(), differences(b.expected, seen));
        assertTrue(b.expected.values().stream().anyMatch(p -> p.size > PAGE), "a large page");
        if (infoMem) {
            assertEquals(memLines(b), q.monitor("info mem"));
        }
        for (Map.Entry<Long, String> probe : probes(b).entrySet()) {
            assertEquals(probe.getValue(), q.monitor("gva2gpa " + hex(probe.getKey())).strip(),
                    "gva2gpa " + hex(probe.getKey()));
        }
    }

    /**
     * Starts {@code qemu} with {@code args} (the machine, the stub, perhaps a loader for the tables) and waits for the
     * stub to park; QEMU is closed again when the registers are not the space's.
     */
    static Qemu boot(String qemu, List<String> args, Booted b) throws IOException, InterruptedException {
        Qemu q = Qemu.start(qemu, args);
        try {
            assertRegisters(q, b);
        } catch (AssertionError | RuntimeException e) {
            q.close();
            throw e;
        }
        return q;
    }

    /** Waits for the stub to park with paging on; CR3, CR4, CR0's bits and EFER must be the space's registers. */
    private static void assertRegisters(Qemu q, Booted b) throws IOException, InterruptedException {
        Map<String, Long> regs = parked(q);
        Map<String, Long> want = registers(b.space);
        assertEquals(want.get("CR3"), regs.get("CR3"), "CR3");
        assertEquals(want.get("CR4"), regs.get("CR4"), "CR4");
        assertEquals(want.get("CR0"), regs.get("CR0") & want.get("CR0"), "CR0 bits");
        if (regs.containsKey("EFER")) {
            long lme = 1L << 8;
            long lma = (want.get("IA32_EFER") & lme) != 0 ? 1L << 10 : 0; // the CPU sets LMA with LME and PG
            assertEquals(want.get("IA32_EFER") | lma, regs.get("EFER"), "EFER");
        }
    }

    /**
     * Three entries of {@code b}'s image corrupted in {@code bytes} (its binary form, at the image base): three user
     * 4 KiB pages (never the stub's, never a page of the recursive window, which is kernel-only or in the kernel half)
     * get a physical address bit flipped, P cleared, RW flipped.
     *
     * @param expected    what {@link #differences} must say for them, and nothing else
     * @param notPresent  the page that lost P: {@code gva2gpa} must say it is unmapped
     */
    record Corruption(List<String> expected, long notPresent) {
    }

    static Corruption corrupt(Booted b, byte[] bytes) {
        List<Page> victims = b.expected.values().stream()
                .filter(p -> p.size == PAGE && p.flags.charAt(7) == 'U' && Long.compareUnsigned(p.va, 0x8000_0000L) < 0)
                .limit(3).toList();
        assertEquals(3, victims.size(), "three user 4 KiB pages");
        long[] flips = {1L << 13, 1L, 1L << 1};
        for (int i = 0; i < 3; i++) {
            int at = (int) (victims.get(i).entryPa - b.image.base());
            flip(bytes, at, b.image.entryBytes(), flips[i]);
        }
        Page pa = victims.get(0);
        Page present = victims.get(1);
        Page write = victims.get(2);
        return new Corruption(List.of(
                hex(pa.va) + ": engine " + hex(pa.printedPa) + " " + pa.flags + ", QEMU "
                        + hex(pa.printedPa ^ (1L << 13)) + " " + pa.flags,
                hex(present.va) + ": engine " + hex(present.printedPa) + " " + present.flags
                        + ", QEMU's info tlb has no line",
                hex(write.va) + ": engine " + hex(write.printedPa) + " " + write.flags + ", QEMU "
                        + hex(write.printedPa) + " " + write.flags.substring(0, 8)
                        + (write.flags.charAt(8) == 'W' ? '-' : 'W')), present.va);
    }

    /** QEMU's {@code info tlb} against the engine's leaves after {@link #corrupt}: the three pages, nothing else. */
    static void assertCorruptionCaught(Qemu q, Booted b, Corruption c) throws IOException {
        assertEquals(c.expected, differences(b.expected, tlb(q.monitor("info tlb"))));
        assertEquals("Unmapped", q.monitor("gva2gpa " + hex(c.notPresent)).strip());
    }

    /**
     * The include {@code stubs/x86/stub.s} reads: the space's register values, CR3 given as {@code cr3} (a number,
     * or a symbol the linker resolves).
     */
    static String registersInclude(Booted b, String cr3) {
        Map<String, Long> r = registers(b.space);
        StringBuilder inc = new StringBuilder("# register values of '" + b.space.name() + "', from PT's table image\n");
        inc.append(".set CR3_VALUE, ").append(cr3).append('\n');
        inc.append(".set CR4_VALUE, ").append(hex(r.get("CR4"))).append('\n');
        inc.append(".set CR0_VALUE, ").append(hex(r.get("CR0"))).append('\n');
        inc.append(".set EFER_LOW, ").append(hex(r.get("IA32_EFER") & 0xFFFF_FFFFL)).append('\n');
        inc.append(".set EFER_HIGH, ").append(hex(r.get("IA32_EFER") >>> 32)).append('\n');
        inc.append(".set PAT_LOW, ").append(hex(r.get("IA32_PAT") & 0xFFFF_FFFFL)).append('\n');
        inc.append(".set PAT_HIGH, ").append(hex(r.get("IA32_PAT") >>> 32)).append('\n');
        return inc.toString();
    }

    /** Runs a build tool; fails with its output unless it exits 0 within 30 s. */
    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish");
        }
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + output);
    }

    /** The binary form of {@code image}: its bytes from its base. */
    static byte[] binary(TableImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        image.writeBinary(out);
        return out.toByteArray();
    }

    // ---- the engine's side ------------------------------------------------------------------------------------

    /** One leaf as the MMU reaches it: VA, the address {@code info tlb} prints for it, page size, flags. */
    record Page(long va, long pa, long printedPa, long size, String flags, boolean user, boolean write, long entryPa) {
    }

    /** What a case boots: the image, its first space's root, and every page the engine says the MMU reaches. */
    record Booted(TableImage image, TableImage.SpaceImage space, long root, Half half, Map<Long, Page> expected) {
        PagingFormat format() {
            return image.format();
        }
    }

    /**
     * Every leaf the MMU reaches from {@code root}, decoded by the format: an entry the format reads as a table at its
     * level is followed whatever it points at (so a recursive slot is entered as the hardware enters it), a leaf is
     * confirmed by the engine's walk of its VA, which gives its physical address and rights.
     */
    private static void leaves(TableImage image, Half half, long root, long table, int depth, long vaBase,
            Map<Long, Page> out) {
        PagingFormat f = image.format();
        EntryReader reader = image.reader();
        Geometry g = half.geometry();
        Geometry.Level level = g.level(depth);
        for (int i = 0; i < level.entries(); i++) {
            long raw = reader.read(table + (long) i * f.entryBytes());
            EntryKind kind = f.kind(raw, level.archLevel());
            long va = vaBase + ((long) i << level.shift());
            if (kind == EntryKind.TABLE && depth + 1 < g.depth()) {
                leaves(image, half, root, f.address(raw, level.archLevel()), depth + 1, va, out);
            } else if (kind == EntryKind.LEAF) {
                long cva = canonical(half, va);
                long size = f.leafSize(raw, level.archLevel());
                List<WalkStep> trace = new ArrayList<>();
                Translation t = f.walk(reader, root, half, cva, null, trace);
                Translation.Mapped m = assertInstanceOf(Translation.Mapped.class, t, "engine walk of " + hex(cva));
                assertEquals(size, m.pageSize(), "page size at " + hex(cva));
                WalkStep last = trace.get(trace.size() - 1);
                out.put(cva, new Page(cva, m.pageBase(), printed(f, last.entry(), m.pageBase(), level.archLevel()),
                        size, flags(last.entry(), level.archLevel()), m.permissions().userRead(),
                        m.permissions().kernelWrite(), last.entryPa()));
            }
        }
    }

    /** A VA as the half writes it: sign-extended above the root's index bits when the half spans both ends. */
    private static long canonical(Half half, long va) {
        Geometry.Level top = half.geometry().level(0);
        int bits = top.shift() + top.indexBits();
        return half.ranges().size() > 1 && bits < 64 ? (va << (64 - bits)) >> (64 - bits) : va;
    }

    /**
     * The physical address {@code info tlb} prints for a leaf: QEMU prints the entry under a mask, not the walk's
     * address. 4 KiB entries of 4- and 5-level paging and 32-bit ones: the frame (bits 12..49, 12..31). PAE
     * entries: the entry with bits 0..11 (4 KiB) or 0..19 (2 MiB) cleared, so XD (bit 63) and bits 52..62 show in the
     * address (tlb_info_pae32's masks ~0xfff and ~((1 << 20) - 1)); 4 MiB entries: bits 21..31. In 4- and 5-level paging every address
     * is cut at bit 50 (mask 0x3fffffffff000): these specs keep every PA below 2^40.
     */
    private static long printed(PagingFormat f, DecodedEntry e, long pageBase, int archLevel) {
        if (f.entryBytes() == 8 && f.halves().get(0).geometry().depth() == 3) {
            return e.raw() & (archLevel == 2 ? ~((1L << 20) - 1) : ~0xFFFL);
        }
        return pageBase;
    }

    /**
     * The nine flags {@code info tlb} prints, from the leaf's own fields (QEMU prints the leaf only, not the rights
     * the walk combines): XD, G, PS, D, A, PCD, PWT, US, RW. QEMU clears bit 7 of a 4 KiB entry before printing, so
     * {@code P} shows only on large pages and a 4 KiB page's PAT bit is not visible.
     */
    private static String flags(DecodedEntry e, int archLevel) {
        return "" + flag(e, "XD", 'X') + flag(e, "G", 'G') + (archLevel > 1 ? flag(e, "PS", 'P') : '-')
                + flag(e, "D", 'D') + flag(e, "A", 'A') + flag(e, "PCD", 'C') + flag(e, "PWT", 'T') + flag(e, "US", 'U')
                + flag(e, "RW", 'W');
    }

    private static char flag(DecodedEntry e, String name, char shown) {
        for (DecodedEntry.Field field : e.fields()) {
            if (field.name().equals(name)) {
                return field.value() != 0 ? shown : '-';
            }
        }
        return '-'; // 32-bit entries have no XD
    }

    /**
     * The {@code info mem} listing the engine's walks give: pages in table order merged while adjacent with the same
     * user/write rights (QEMU combines U/S and R/W of every level, as the engine's walk does), printed as QEMU prints
     * them: start, end and size each passed through its sign extension (so a range that ends at the top of the low
     * half prints the start of the high half as its end).
     */
    private static String memLines(Booted b) {
        Half half = b.half;
        Geometry.Level top = half.geometry().level(0);
        int bits = top.shift() + top.indexBits();
        long mask = bits >= 64 ? -1L : (1L << bits) - 1;
        TreeMap<Long, Page> raw = new TreeMap<>(Long::compareUnsigned);
        for (Page p : b.expected.values()) {
            raw.put(p.va & mask, p);
        }
        StringBuilder sb = new StringBuilder();
        long start = -1;
        long end = -1;
        String prot = null;
        for (Map.Entry<Long, Page> e : raw.entrySet()) {
            Page p = e.getValue();
            String pr = (p.user ? "u" : "-") + "r" + (p.write ? "w" : "-");
            if (prot != null && e.getKey() == end && pr.equals(prot)) {
                end += p.size;
                continue;
            }
            if (prot != null) {
                sb.append(memLine(half, start, end, prot));
            }
            start = e.getKey();
            end = start + p.size;
            prot = pr;
        }
        if (prot != null) {
            sb.append(memLine(half, start, end, prot));
        }
        return sb.toString();
    }

    private static String memLine(Half half, long start, long end, String prot) {
        return String.format("%016x-%016x %016x %s%n", canonical(half, start), canonical(half, end),
                canonical(half, end - start), prot);
    }

    /**
     * The gva2gpa probes and their answers from the engine's walk: the last word of every page, the pages next to
     * each that the engine says are unmapped, and every level's table on the walk of the first mapped VA through the
     * recursive window.
     */
    private static Map<Long, String> probes(Booted b) {
        PagingFormat f = b.format();
        EntryReader reader = b.image.reader();
        Map<Long, String> out = new LinkedHashMap<>();
        for (Page p : b.expected.values()) {
            for (long va : new long[] {p.va + p.size - 8, p.va + p.size, p.va - PAGE}) {
                if (!b.half.contains(va) || out.containsKey(va)) {
                    continue;
                }
                Translation t = f.walk(reader, b.root, b.half, va, null, null);
                // gva2gpa checks presence only (BUILD-NOTES): no access is checked on either side
                out.put(va, t instanceof Translation.Mapped m ? "gpa: 0x" + Long.toHexString(m.pa()) : "Unmapped");
            }
        }
        AccessFormula.RecursiveSlot slot = assertInstanceOf(AccessFormula.RecursiveSlot.class, b.space.access());
        long va = b.expected.values().stream().filter(p -> p.size == PAGE).findFirst().orElseThrow().va + 0x18;
        List<WalkStep> trace = new ArrayList<>();
        f.walk(reader, b.root, b.half, va, null, trace);
        int windowed = 0;
        for (int d = 0; d < slot.depth(); d++) {
            long tableVa = slot.tableVa(d, va);
            if (tableVa == -1L) {
                continue; // PAE's PDPT is not in the window
            }
            Translation t = f.walk(reader, b.root, b.half, tableVa, null, null);
            Translation.Mapped m = assertInstanceOf(Translation.Mapped.class, t, "window VA " + hex(tableVa));
            assertEquals(trace.get(d).tablePa(), m.pa(), "the window shows the table of depth " + d);
            out.put(tableVa, "gpa: 0x" + Long.toHexString(m.pa()));
            windowed++;
        }
        assertTrue(windowed >= 2, "probes through the recursive window");
        return out;
    }

    // ---- QEMU's side --------------------------------------------------------------------------------------

    // ---- QEMU's side --------------------------------------------------------------------------------------

    /** One line of {@code info tlb}. */
    record Line(long pa, String flags) {
    }

    private static final Pattern TLB = Pattern.compile("([0-9a-f]+): ([0-9a-f]+) ([-X][-G][-P][-D][-A][-C][-T][-U][-W])");

    private static Map<Long, Line> tlb(String answer) {
        Map<Long, Line> out = new TreeMap<>(Long::compareUnsigned);
        for (String line : answer.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = TLB.matcher(line.strip());
            if (!m.matches()) {
                fail("unexpected line from info tlb: " + line + "\n" + answer);
            }
            out.put(Long.parseUnsignedLong(m.group(1), 16), new Line(Long.parseUnsignedLong(m.group(2), 16), m.group(3)));
        }
        return out;
    }

    /**
     * Every difference between the engine's pages and {@code info tlb}'s lines, one line per page. Flags compare
     * exactly, A and D included: QEMU sets A (and D on a write) in the entries its walks use, but the engine writes
     * A and D in every leaf (no page of these specs is 'not_accessed' or 'not_dirty') and A in every table entry, so
     * what the stub's instruction fetches set was set already; a difference there is a real one.
     */
    private static List<String> differences(Map<Long, Page> expected, Map<Long, Line> seen) {
        List<String> out = new ArrayList<>();
        for (Page p : expected.values()) {
            Line l = seen.get(p.va);
            if (l == null) {
                out.add(hex(p.va) + ": engine " + hex(p.printedPa) + " " + p.flags + ", QEMU's info tlb has no line");
            } else if (l.pa != p.printedPa || !l.flags.equals(p.flags)) {
                out.add(hex(p.va) + ": engine " + hex(p.printedPa) + " " + p.flags + ", QEMU " + hex(l.pa) + " "
                        + l.flags);
            }
        }
        for (Map.Entry<Long, Line> e : seen.entrySet()) {
            if (!expected.containsKey(e.getKey())) {
                out.add(hex(e.getKey()) + ": QEMU " + hex(e.getValue().pa) + " " + e.getValue().flags
                        + ", the engine has no leaf there");
            }
        }
        return out;
    }

    private static final Pattern REGISTER = Pattern.compile("\\b(CR0|CR3|CR4|EFER)=([0-9a-f]+)");

    /** Waits until the stub halts with paging on; returns CR0, CR3, CR4 and (where printed) EFER. */
    private static Map<String, Long> parked(Qemu q) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = q.monitor("info registers");
            Map<String, Long> regs = new LinkedHashMap<>();
            Matcher m = REGISTER.matcher(last);
            while (m.find()) {
                regs.put(m.group(1), Long.parseUnsignedLong(m.group(2), 16));
            }
            if (last.contains("HLT=1") && (regs.getOrDefault("CR0", 0L) & (1L << 31)) != 0) {
                return regs;
            }
            Thread.sleep(20);
        }
        fail("the stub did not park with paging on within 10 s; last registers:\n" + last);
        return null;
    }

    static Map<String, Long> registers(TableImage.SpaceImage space) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Register r : space.registers()) {
            out.put(r.name(), r.value());
        }
        return out;
    }

    private static void flip(byte[] bytes, int at, int entryBytes, long bits) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (entryBytes == 8) {
            b.putLong(at, b.getLong(at) ^ bits);
        } else {
            b.putInt(at, b.getInt(at) ^ (int) bits);
        }
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
