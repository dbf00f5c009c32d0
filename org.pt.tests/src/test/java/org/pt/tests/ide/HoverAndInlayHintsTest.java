package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Inlay hints and hover over LSP: each {@code walk}, {@code reach}, {@code report} and {@code decode} line's one-line
 * answer at its end, and a walk's or a decode's full answer in the hover, both read from the engine's typed answers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HoverAndInlayHintsTest extends HoverSessionTest {

    /** 512 MiB of kernel at 0x100_0000 (2 MiB pages), a walk into it, a reach by a recursive slot, a report. */
    static final String SPEC = """
            import "std/pc-x86_64.ptl"
            layout l for std.pc_x86_64 {
                user 0x0 size 128 TiB
                self_map top-level slot 510
                kernel 0xffff_ffff_8000_0000 size 512 MiB
            }
            space k uses l {
                tables via recursive self_map
                map kernel to 0x100_0000 rx
                map 0x40_0000 size 4 KiB to 0x80_0000 user rw nx
                walk 0xffff_ffff_8000_1234 // in the kernel
                reach 0x40_0000 from k
                report tables
                report pages
            }
            """;

    private TextDocumentIdentifier open(String name, String content) throws Exception {
        return session.openChecked(workspace.resolve(name), content);
    }

    private static Range lines(int first, int last) {
        return new Range(new Position(first, 0), new Position(last, 0));
    }

    /** The hints as "line:character label". */
    private List<String> hints(TextDocumentIdentifier id, Range range) throws Exception {
        List<InlayHint> hints = session.server.getTextDocumentService().inlayHint(new InlayHintParams(id, range)).get(WAIT, TimeUnit.SECONDS);
        return hints.stream().map(h -> h.getPosition().getLine() + ":" + h.getPosition().getCharacter() + " "
                + h.getLabel().getLeft()).toList();
    }

    @Test
    void eachQueryLineEndsWithItsOneLineAnswer() throws Exception {
        TextDocumentIdentifier id = open("k.ptl", SPEC);
        List<String> lines = SPEC.lines().toList();

        // 0xffff_ffff_8000_1234 is 0x1234 into the kernel region, mapped at 0x100_0000 by 2 MiB pages, rx: kernel only.
        // The recursive walk of 0x40_0000 reads PML4, PDPT, PD and PT entries through the self-map: 4 reads.
        // 4 KiB and 512 MiB mapped: PML4, a PDPT, a PD and a PT for the user page, a PDPT and a PD for the kernel.
        assertEquals(List.of(
                "10:" + lines.get(10).length() + " → 0x100_1234 2 MiB k:r-x u:--- WB",
                "11:" + lines.get(11).length() + " 4 reads, 0 remaps",
                "12:" + lines.get(12).length() + " 6 tables (24 KiB)",
                "13:" + lines.get(13).length() + " 512 MiB in 2 MiB pages, 4 KiB in 4 KiB pages"),
                hints(id, lines(0, 15)));
        assertEquals(List.of("11:" + lines.get(11).length() + " 4 reads, 0 remaps"), hints(id, lines(11, 11)),
                "only the lines asked for");
    }

    @Test
    void aLayoutReportCountsRegionsAndGapsAndItsHoverIsTheTable() throws Exception {
        String spec = """
                import "std/pc-x86_64.ptl"
                layout l for std.pc_x86_64 {
                    user 0x0 size 128 TiB
                    kernel 0xffff_ffff_8000_0000 size 512 MiB
                }
                space k uses l {
                    map kernel to 0x100_0000 rx
                    report layout
                }
                """;
        TextDocumentIdentifier id = open("l.ptl", spec);
        List<String> lines = spec.lines().toList();
        // the kernel half holds one region: a gap before it, a gap after it
        assertEquals(List.of("7:" + lines.get(7).length() + " 2 regions, 2 gaps"), hints(id, lines(7, 7)));

        Hover hover = session.server.getTextDocumentService().hover(new HoverParams(id, new Position(7, 6))).get(WAIT, TimeUnit.SECONDS);
        // the gap below the kernel: 128 TiB - 2 GiB = 131070 GiB, 99.998 % of the half; PML4 slots 256 to 511
        assertEquals("""
                **report layout** of 'k': layout 'l', 2 regions, 2 gaps

                | start | end | size | top-level | share | region | purpose |
                |---|---|---:|---|---:|---|---|
                | 0x0000_0000_0000_0000 | 0x0000_7fff_ffff_ffff | 128 TiB | PML4 0–255 | 100.0 % | user | user |
                | 0xffff_8000_0000_0000 | 0xffff_ffff_7fff_ffff | 131070 GiB | PML4 256–511 | 100.0 % | (gap) |  |
                | 0xffff_ffff_8000_0000 | 0xffff_ffff_9fff_ffff | 512 MiB | PML4 511 | 0.0 % | kernel | kernel |
                | 0xffff_ffff_a000_0000 | 0xffff_ffff_ffff_ffff | 1536 MiB | PML4 511 | 0.0 % | (gap) |  |
                """, hover.getContents().getRight().getValue());
    }

    @Test
    void aWalkHoverShowsEveryLevelAndTheTranslation() throws Exception {
        TextDocumentIdentifier id = open("k.ptl", SPEC);

        Hover hover = session.server.getTextDocumentService().hover(new HoverParams(id, new Position(10, 10))).get(WAIT, TimeUnit.SECONDS);

        assertEquals("markdown", hover.getContents().getRight().getKind());
        // 0xffff_ffff_8000_1234: PML4 index 511, PDPT index 510, PD index 0 (VA bits 47:39, 38:30, 29:21). Table
        // entries: next table | 0x27 (P, RW, US, A); the 2 MiB leaf: 0x100_0000 | 0xe1 (P, A, D, PS), RW=0 US=0 for
        // kernel-only rx, XD=0 for executable.
        assertEquals("""
                **walk 0xffff_ffff_8000_1234** → 0x100_1234 2 MiB k:r-x u:--- WB

                2 MiB page at PD, page base 0x100_0000, memory type WB (PAT entry 0)

                CR3 root 0x200_0000

                | level | table | index | entry | decoded |
                |---|---|---|---|---|
                | PML4 | 0x200_0000 | 511 | `0x2001027` | table addr=0x200_1000 XD=0 PS=0 A=1 PCD=0 PWT=0 US=1 RW=1 P=1 |
                | PDPT | 0x200_1000 | 510 | `0x2002027` | table addr=0x200_2000 XD=0 PS=0 A=1 PCD=0 PWT=0 US=1 RW=1 P=1 |
                | PD | 0x200_2000 | 0 | `0x10000e1` | leaf addr=0x100_0000 XD=0 PK=0 PAT=0 G=0 PS=1 D=1 A=1 PCD=0 PWT=0 US=0 RW=0 P=1 memory WB |
                """, hover.getContents().getRight().getValue());
        assertEquals(new Range(new Position(10, 4), new Position(10, 30)), hover.getRange());
    }

    /** An entry and a register decoded, and an entry the MMU rejects. */
    static final String DECODES = """
            import "std/pc-x86_64.ptl"
            layout l for std.pc_x86_64 {
            }
            space k uses l {
                decode 0x8000_0000_0020_0083 at PD
                decode cr3 0x200_0018
                decode 0x200_10a7 at PML4
            }
            """;

    @Test
    void aDecodeLineEndsWithWhatTheValueIsAndItsHoverListsEveryField() throws Exception {
        TextDocumentIdentifier id = open("d.ptl", DECODES);
        List<String> lines = DECODES.lines().toList();

        // 0x8000_0000_0020_0083: XD, PS, RW, P at PD: a 2 MiB page at 0x20_0000, kernel read-write, not executable,
        // PAT entry 0 (WB). CR3 0x200_0018: PCID bits 11:0 = 0x18 (so PCD, bit 4, and PWT, bit 3, are 1), PML4 frame
        // 0x2000. 0x200_10a7 at PML4: bit 7 (PS) is reserved there.
        assertEquals(List.of(
                "4:" + lines.get(4).length() + " → 2 MiB page at 0x20_0000 k:rw- u:--- WB",
                "5:" + lines.get(5).length() + " → PCID=0x18 PWT=0x1 PCD=0x1 PML4 base=0x2000",
                "6:" + lines.get(6).length() + " → rejected: reserved bit set"), hints(id, lines(0, 8)));

        Hover hover = session.server.getTextDocumentService().hover(new HoverParams(id, new Position(4, 10)))
                .get(WAIT, TimeUnit.SECONDS);
        assertEquals("""
                **decode 0x8000_0000_0020_0083 at PD** → 2 MiB page at 0x20_0000 k:rw- u:--- WB

                x86_64 PD entry `0x8000000000200083`, memory type WB (PAT entry 0)

                | field | bits | value |
                |---|---|---|
                | XD | 63 | 0x1 |
                | PK | 62:59 | 0x0 |
                | PAT | 12 | 0x0 |
                | G | 8 | 0x0 |
                | PS | 7 | 0x1 |
                | D | 6 | 0x0 |
                | A | 5 | 0x0 |
                | PCD | 4 | 0x0 |
                | PWT | 3 | 0x0 |
                | US | 2 | 0x0 |
                | RW | 1 | 0x1 |
                | P | 0 | 0x1 |
                """, hover.getContents().getRight().getValue());
        assertEquals(new Range(new Position(4, 4), new Position(4, 38)), hover.getRange());

        Hover rejected = session.server.getTextDocumentService().hover(new HoverParams(id, new Position(6, 6)))
                .get(WAIT, TimeUnit.SECONDS);
        assertTrue(rejected.getContents().getRight().getValue().endsWith(
                "| P | 0 | 0x1 |\n\nrejected by the MMU: bit 7 (PS) is reserved at this level\n"),
                rejected.getContents().getRight().getValue());
    }

    @Test
    void theHintFollowsTheAnswerWhenTheMappingGoes() throws Exception {
        // The same spec without the kernel's mapping: nothing under PML4[511], so the walk stops there.
        String unmapped = SPEC.replace("    map kernel to 0x100_0000 rx\n", "");
        TextDocumentIdentifier id = open("k.ptl", unmapped);
        List<String> lines = unmapped.lines().toList();

        assertEquals(List.of("9:" + lines.get(9).length() + " → not mapped (PML4)"), hints(id, lines(9, 9)));
        Hover hover = session.server.getTextDocumentService().hover(new HoverParams(id, new Position(9, 6))).get(WAIT, TimeUnit.SECONDS);
        assertTrue(hover.getContents().getRight().getValue()
                .startsWith("**walk 0xffff_ffff_8000_1234** → not mapped (PML4)\n\nCR3 root 0x200_0000\n"),
                hover.getContents().getRight().getValue());
    }

    @Test
    void outsideAQueryTheHoverIsXtextsAndNoHintIsGiven() throws Exception {
        TextDocumentIdentifier id = open("k.ptl", SPEC);

        assertEquals(List.of(), hints(id, lines(0, 9)), "no query on lines 0-9");
        Hover hover = session.server.getTextDocumentService().hover(new HoverParams(id, new Position(8, 6))).get(WAIT, TimeUnit.SECONDS);
        assertTrue(!hover.getContents().getRight().getValue().contains("walk"), "a map statement is no walk");
    }

    @Test
    void anAddressInASpaceShowsItsTranslationThereAndAPhysicalAddressDoesNot() throws Exception {
        TextDocumentIdentifier id = open("k.ptl", SPEC);

        // line 9: "    map 0x40_0000 size 4 KiB to 0x80_0000 user rw nx": a 4 KiB page, read-write for kernel and user,
        // not executable, write-back by default.
        Hover hover = session.server.getTextDocumentService().hover(new HoverParams(id, new Position(9, 10)))
                .get(WAIT, TimeUnit.SECONDS);
        String markdown = hover.getContents().getRight().getValue();
        assertTrue(markdown.startsWith("**0x40_0000 in 'k'** → 0x80_0000 4 KiB k:rw- u:rw- WB\n\n"
                + "4 KiB page at PT, page base 0x80_0000, memory type WB (PAT entry 0)\n\nCR3 root 0x200_0000\n"),
                markdown);
        assertEquals(new Range(new Position(9, 8), new Position(9, 17)), hover.getRange());

        Hover physical = session.server.getTextDocumentService().hover(new HoverParams(id, new Position(9, 35)))
                .get(WAIT, TimeUnit.SECONDS);
        assertTrue(!physical.getContents().getRight().getValue().contains("0x80_0000"), "the PA is no VA of 'k'");
    }

    @Test
    void aRegionShowsItsRangeSizeSlotsAndMappersAndASpaceItsRootStrategyAndTables() throws Exception {
        TextDocumentIdentifier id = open("k.ptl", SPEC);

        // 0xffff_ffff_8000_0000 + 512 MiB (0x2000_0000) - 1
        // PML4 index of 0xffff_ffff_8000_0000: bits 47:39, 511; mapped on line 9 (1-based) of SPEC
        String kernel = "**region kernel** (kernel)\n\n0xffff_ffff_8000_0000 ..= 0xffff_ffff_9fff_ffff, 512 MiB\n\n"
                + "PML4 slot 511\n\nmapped by `map kernel to 0x100_0000 rx` (k, line 9)\n";
        assertEquals(kernel, hoverText(id, 4, 6), "on the declaration");
        assertEquals(kernel, hoverText(id, 8, 10), "on 'map kernel'");
        assertEquals("**region self_map** (self_map)\n\n0xffff_ff00_0000_0000 ..= 0xffff_ff7f_ffff_ffff, 512 GiB\n\n"
                + "PML4 slot 510\n\nno statement maps it\n", hoverText(id, 3, 6),
                "slot 510 of 512: 510 << 39 sign-extended; the recursive strategy is no map statement");
        // 0x0 ..= 128 TiB - 1: the lower half, PML4 slots 0 to 255, where the user page is mapped (line 10)
        assertEquals("**region user** (user)\n\n0x0 ..= 0x7fff_ffff_ffff, 128 TiB\n\nPML4 slots 0–255\n\n"
                + "mapped by `map 0x40_0000 size 4 KiB to 0x80_0000 user rw nx` (k, line 10)\n", hoverText(id, 2, 6));
        // the tables of the walk above and of the user page: those the report counts
        assertEquals("**space k**\n\nCR3 = 0x200_0000\n\ntables via recursive self_map\n\n"
                + "6 tables: PML4 1, PDPT 2, PD 2, PT 1\n", hoverText(id, 6, 6));
    }

    @Test
    void aMachineThatExtendsAnotherShowsEachLineInheritedWrittenOrReplacing() throws Exception {
        open("base.ptl", """
                machine base {
                    format x86_64
                    cpus 2
                    ram 0x0 size 1 GiB
                    tables from 0x100_0000 size 4 MiB
                }
                """);
        TextDocumentIdentifier id = open("board.ptl", """
                import "base.ptl"
                machine board extends base {
                    cpus 8
                    features smep
                    ram 0x0 size 3 GiB "board RAM"
                }
                """);
        assertEquals("**machine board** extends `base`: x86_64, 46-bit physical, 8 CPUs, features nx, page_1g, "
                + "global_pages, smep\n\n"
                + "- `format x86_64` inherited (base.ptl line 2)\n"
                + "- `cpus 8` written here\n"
                + "- `features smep` written here\n"
                + "- `ram 0x0 size 3 GiB \"board RAM\"` written here, replaces `ram 0x0 size 1 GiB` (base.ptl line 4)\n"
                + "- `tables from 0x100_0000 size 4 MiB` inherited (base.ptl line 5)\n", hoverText(id, 1, 10));
    }

    @Test
    void aReachOrReportHoverIsItsDiagnosticsMessage() throws Exception {
        TextDocumentIdentifier id = open("k.ptl", SPEC);
        List<org.eclipse.lsp4j.Diagnostic> diagnostics = session.client.diagnosticsFor(id.getUri())
                .get(WAIT, TimeUnit.SECONDS).getDiagnostics();

        for (int line : new int[] {11, 12}) {
            List<String> messages = diagnostics.stream().filter(d -> d.getRange().getStart().getLine() == line)
                    .map(d -> d.getMessage().getLeft()).toList();
            assertEquals(1, messages.size(), "one answer on line " + line + ": " + diagnostics);
            assertEquals(messages.get(0) + "\n", hoverText(id, line, 6));
        }
        assertTrue(hoverText(id, 11, 6).endsWith("cost: 4 reads, 0 remaps\n"), "the reach's cost, as in its hint");
    }

    @Test
    void aReachThatCannotReachTheOtherSpacesTablesIsUnreachable() throws Exception {
        // k's recursive slot reaches only k's own tables; app's 0x40_0000 is under app's root.
        String spec = SPEC + """
                space app uses l {
                    tables via recursive self_map
                    map 0x40_0000 size 4 KiB to 0x90_0000 user r
                    reach 0x40_0000 from k
                }
                """;
        TextDocumentIdentifier id = open("app.ptl", spec);
        int line = SPEC.lines().toList().size() + 3;

        assertEquals(List.of(line + ":" + spec.lines().toList().get(line).length() + " unreachable"),
                hints(id, lines(line, line)));
    }
}
