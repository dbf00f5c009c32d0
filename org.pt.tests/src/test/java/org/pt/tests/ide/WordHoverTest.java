package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pt.dsl.ide.contentassist.PtWords;
import org.pt.dsl.model.Vocabulary;
import org.pt.engine.format.Formats;

/**
 * Hover over LSP on PT's words (attributes with their bits in the machine's format, units, formats, features,
 * purposes, report aspects, output forms, keywords), on address and size expressions, and on regions (slots and the
 * statements that map them).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WordHoverTest extends HoverSessionTest {

    /** One attribute line per format family, in a space of a machine of that format. */
    private static String spec(String machine, String region, String line) {
        return machine + "layout l for m {\n    " + region + "\n}\nspace k uses l {\n    " + line + "\n}\n";
    }

    private static final String X86 = """
            machine m {
                format x86_64
                pat linux
                ram 0x0 size 1 GiB
                tables from 0x200_0000 size 1 MiB
            }
            """;

    private static final String ARM = """
            machine m {
                format aarch64-4k
                ram 0x4000_0000 size 1 GiB
                tables from 0x4200_0000 size 1 MiB
            }
            """;

    private static final String RISCV = """
            machine m {
                format sv39
                features svpbmt
                ram 0x8000_0000 size 1 GiB
                tables from 0x8200_0000 size 1 MiB
            }
            """;

    /** The attribute line of {@link #spec}: line 9 (0-based) of every machine above. */
    private static final String MAP = "map 0x40_0000 size 4 KiB to 0x90_0000 rw global nx wc user";

    private static Range range(int line, int from, int to) {
        return new Range(new Position(line, from), new Position(line, to));
    }

    /** The attribute {@code word}'s hover on the map line of {@link #spec} with {@code machine}. */
    private String attribute(String file, String machine, String word) throws Exception {
        String text = spec(machine, "user 0x0 size 1 GiB", MAP);
        TextDocumentIdentifier id = session.openChecked(workspace.resolve(file), text);
        int line = text.lines().toList().indexOf("    " + MAP);
        int column = ("    " + MAP).indexOf(" " + word + (word.equals("user") ? "" : " ")) + 1;
        Hover hover = hover(id, line, column + 1);
        assertEquals(range(line, column, column + word.length()), hover.getRange(), word);
        return hover.getContents().getRight().getValue();
    }

    @Test
    void globalSetsTheGlobalBitOfEachFormat() throws Exception {
        // Intel SDM 4.5: G is bit 8 of a PTE; Arm ARM D8.3: nG is bit 11 of a page descriptor, 0 for global;
        // RISC-V privileged 12.4: G is bit 5 of a PTE.
        String doc = "**global** — attribute\n\nglobal: the TLB entry survives an address-space switch\n\n";
        assertEquals(doc + "x86_64: G=1 (bit 8)\n", attribute("x86.ptl", X86, "global"));
        assertEquals(doc + "aarch64-4k: nG=0 (bit 11)\n", attribute("arm.ptl", ARM, "global"));
        assertEquals(doc + "sv39: G=1 (bit 5)\n", attribute("riscv.ptl", RISCV, "global"));
    }

    @Test
    void userNxAndWcSayWhatTheySetInTheMachinesFormat() throws Exception {
        // x86: U/S is bit 2, XD bit 63; 'pat linux' has WC in PAT entry 1, selected by PWT (bit 3) alone.
        assertEquals("**user** — attribute\n\nprivilege: user (and kernel) may access\n\nx86_64: US=1 (bit 2)\n",
                attribute("x86.ptl", X86, "user"));
        assertEquals("**nx** — attribute\n\nnx: asserts the mapping is not executable\n\nx86_64: XD=1 (bit 63)\n",
                attribute("x86.ptl", X86, "nx"));
        assertEquals("**wc** — attribute\n\ncache type: write combining\n\n"
                + "x86_64: PWT=1 (bit 3), memory type WC (PAT entry 1)\n", attribute("x86.ptl", X86, "wc"));
        // AArch64: AP[2:1] (bits 7:6) 11 is read-only at EL0 and EL1 (10 for EL1 only); a kernel page is never
        // executable at EL0 (UXN), so nx sets PXN (bit 53); AttrIndx (bits 4:2) picks a MAIR byte.
        assertEquals("**user** — attribute\n\nprivilege: user (and kernel) may access\n\n"
                + "aarch64-4k: AP=3 (bits 7:6)\n", attribute("arm.ptl", ARM, "user"));
        assertEquals("**nx** — attribute\n\nnx: asserts the mapping is not executable\n\n"
                + "aarch64-4k: PXN=1 (bit 53)\n", attribute("arm.ptl", ARM, "nx"));
        assertTrue(attribute("arm.ptl", ARM, "wc").endsWith("\n\naarch64-4k: AttrIndx=2 (bits 4:2), memory type "
                + "Normal NC (MAIR_EL1 Attr2 = 0x44)\n"), "MAIR 0x44: Normal, inner and outer non-cacheable");
        // RISC-V: U is bit 4, X bit 3; Svpbmt's PBMT (bits 62:61) 1 is NC.
        assertEquals("**user** — attribute\n\nprivilege: user (and kernel) may access\n\nsv39: U=1 (bit 4)\n",
                attribute("riscv.ptl", RISCV, "user"));
        assertEquals("**nx** — attribute\n\nnx: asserts the mapping is not executable\n\nsv39: X=0 (bit 3)\n",
                attribute("riscv.ptl", RISCV, "nx"));
        assertEquals("**wc** — attribute\n\ncache type: write combining\n\nsv39: PBMT=1 (bits 62:61), memory type NC (PBMT=1)\n",
                attribute("riscv.ptl", RISCV, "wc"));
    }

    @Test
    void aWordTheFormatCannotExpressSaysWhy() throws Exception {
        // without 'pat linux' no PAT entry is WC; without Svpbmt the PMAs decide
        String x86 = attribute("x86.ptl", X86.replace("    pat linux\n", ""), "wc");
        assertTrue(x86.endsWith("\n\nx86_64 cannot express 'r-- kernel wc': memory type wc (no PAT entry is "
                + "programmed as WC; the PAT is [WB, WT, UC_MINUS, UC, WB, WT, UC_MINUS, UC])\n"), x86);
        String riscv = attribute("riscv.ptl", RISCV.replace("    features svpbmt\n", ""), "wc");
        assertTrue(riscv.endsWith("\n\nsv39 cannot express 'r-- kernel wc': memory type wc needs Svpbmt (PBMT bits); "
                + "without it the PMAs decide\n"), riscv);
    }

    @Test
    void onX86WithoutPaeAWordIsShownOnAnExecutablePageAndNxIsRefused() throws Exception {
        // 32-bit paging has no XD bit: every page is executable, so 'global' is shown on rx pages (G, bit 8)
        String i386 = """
                machine m {
                    format x86-32
                    features pse, global_pages
                    ram 0x0 size 64 MiB
                    tables from 0x200_0000 size 1 MiB
                }
                """;
        assertTrue(attribute("i386.ptl", i386, "global").endsWith("\n\nx86-32: G=1 (bit 8)\n"));
        String nx = attribute("i386.ptl", i386, "nx");
        assertTrue(nx.endsWith("\n\nx86-32 cannot express 'r-- kernel wb': no-execute (32-bit paging has no XD bit; "
                + "use PAE or x86_64 with NX)\n"), nx);
    }

    @Test
    void withoutAMachineAnAttributeHasItsGeneralMeaningOnly() throws Exception {
        String text = "space k uses nowhere {\n    map 0x40_0000 size 4 KiB to 0x90_0000 global\n}\n";
        session.openChecked(workspace.resolve("none.ptl"), text);
        TextDocumentIdentifier id = new TextDocumentIdentifier(workspace.resolve("none.ptl").toUri().toString());
        assertEquals("**global** — attribute\n\nglobal: the TLB entry survives an address-space switch\n",
                hoverText(id, 1, 42));
    }

    /** Units, formats, features, PAT presets, purposes, report aspects and output forms, each where it is written. */
    @Test
    void everyKindOfWordHasItsDocumentation() throws Exception {
        String text = X86 + """
                layout l for m {
                    vmalloc kernel 0xffff_c900_0000_0000 size 32 TiB
                }
                space k uses l {
                    map 0x40_0000 size 4 KiB to 0x90_0000 rw
                    report tables
                }
                generate c for k
                """;
        TextDocumentIdentifier id = session.openChecked(workspace.resolve("words.ptl"), text);

        assertEquals("**x86_64** — paging format: 4 levels, 48-bit VA, 46-bit PA by default\n\n"
                + "levels PML4, PDPT, PD, PT; pages 1 GiB, 2 MiB, 4 KiB; VA 48 bits per half, PA 46 bits unless "
                + "'physical bits' says otherwise; 8-byte entries\n", hoverText(id, 1, 12));
        assertEquals(range(1, 11, 17), hover(id, 1, 12).getRange());
        assertEquals("**linux** — x86 PAT preset\n\nPAT entries [WB, WC, UC_MINUS, UC, WB, WP, UC_MINUS, WT]\n",
                hoverText(id, 2, 9));
        assertEquals("**kernel** — purpose, kernel half\n\nthe kernel image and its data\n", hoverText(id, 7, 14));
        assertEquals(range(7, 12, 18), hover(id, 7, 14).getRange());
        assertEquals("**TiB** — size unit: 2^40 bytes\n\n1 TiB = 2^40 = 1099511627776 bytes; units are "
                + "case-sensitive\n", hoverText(id, 7, 50));
        assertEquals("**tables** — report aspect\n\nthe space's tables per level, in frames and bytes, and how many "
                + "are shared\n", hoverText(id, 11, 13), "the aspect, not the report's answer");
        assertEquals("**c** — output form\n\nBASE.c and BASE.h: the image as one aligned array in .pt_tables, roots, "
                + "registers and accessors\n", hoverText(id, 13, 9));
    }

    @Test
    void aFeatureAndAKeywordSayWhatTheyAre() throws Exception {
        String text = "machine m {\n    format x86_64\n    features nx, smep\n}\n";
        TextDocumentIdentifier id = session.openChecked(workspace.resolve("f.ptl"), text);

        assertEquals("**smep** — feature\n\nx86: CR4.SMEP, no supervisor execution from user pages\n", hoverText(id, 2, 19));
        assertEquals(range(2, 17, 21), hover(id, 2, 19).getRange());
        assertEquals("**machine** — keyword\n\nmachine NAME [extends MACHINE] { ... }: a paging format, its features "
                + "and the physical memory\n", hoverText(id, 0, 3));
        assertEquals(range(0, 0, 7), hover(id, 0, 3).getRange());
        assertEquals("**features** — keyword\n\nfeatures A, B: the optional hardware features the machine enables, "
                + "instead of its format's defaults\n", hoverText(id, 2, 6));
    }

    @Test
    void expressionsShowTheirValueAndInASpaceTheirTranslation() throws Exception {
        String text = X86 + """
                layout l for m {
                    heap 0xffff_c000_0000_0000 + 1 GiB size 4 KiB * 2
                    user 0x0 size 1 GiB
                    shadow 0xdfff_fc00_0000_0000 + (0xffff_8000_0000_0000 >> 3) size 1 B << (47 - 3)
                }
                space k uses l {
                    map 0x40_0000 + 4 KiB size 4 KiB to 0x90_0000 user rw nx
                }
                """;
        TextDocumentIdentifier id = session.openChecked(workspace.resolve("e.ptl"), text);

        // 0xffff_c000_0000_0000 + 0x4000_0000
        assertEquals("**0xffff_c000_0000_0000 + 1 GiB = 0xffff_c000_4000_0000**\n", hoverText(id, 7, 12));
        assertEquals(range(7, 9, 38), hover(id, 7, 12).getRange());
        assertEquals("**0xffff_c000_0000_0000 + 1 GiB = 0xffff_c000_4000_0000**\n", hoverText(id, 7, 34),
                "on the offset's number: the whole address");
        assertEquals("**4 KiB * 2** = 8 KiB (0x2000 bytes)\n", hoverText(id, 7, 45));
        assertEquals(range(7, 44, 53), hover(id, 7, 45).getRange());
        // on any part of an expression, the whole: KASAN_SHADOW_START of x86
        assertEquals("**0xdfff_fc00_0000_0000 + (0xffff_8000_0000_0000 >> 3) = 0xffff_ec00_0000_0000**\n",
                hoverText(id, 9, 58));
        assertEquals(range(9, 11, 63), hover(id, 9, 58).getRange());
        assertEquals("**1 B << (47 - 3)** = 16 TiB (0x1000_0000_0000 bytes)\n", hoverText(id, 9, 76));
        // 0x40_0000 + 4 KiB = 0x40_1000, mapped to 0x90_0000 by a 4 KiB page
        String mapped = hoverText(id, 12, 10);
        assertTrue(mapped.startsWith("**0x40_0000 + 4 KiB = 0x40_1000 in 'k'** → 0x90_0000 4 KiB k:rw- u:rw- WB\n\n"),
                mapped);
        assertEquals(range(12, 8, 25), hover(id, 12, 10).getRange());
    }

    @Test
    void aRegionSaysItsSlotsAndWhatMapsIt() throws Exception {
        String text = X86 + """
                layout l for m {
                    direct_map 0xffff_8880_0000_0000 size 4 TiB
                    kernel 0xffff_ffff_8000_0000 size 512 MiB
                    guard 0xffff_ff00_0000_0000 size 4 KiB
                }
                space k uses l {
                    map all ram into direct_map rw nx
                    map kernel to 0x100_0000 rx
                    remap 0xffff_8880_0000_0000 size 4 KiB to 0x0 r nx
                }
                """;
        TextDocumentIdentifier id = session.openChecked(workspace.resolve("r.ptl"), text);

        // 0xffff_8880_0000_0000: PML4 index (bits 47:39) 0x111 = 273; 4 TiB (0x400_0000_0000) = 8 slots of 512 GiB:
        // 273-280, the last byte at 0xffff_8c80_0000_0000 - 1
        assertEquals("**region direct_map** (direct_map)\n\n0xffff_8880_0000_0000 ..= 0xffff_8c7f_ffff_ffff, 4 TiB\n\n"
                + "PML4 slots 273–280\n\nmapped by:\n"
                + "- `map all ram into direct_map rw nx` (k, line 13)\n"
                + "- `remap 0xffff_8880_0000_0000 size 4 KiB to 0x0 r nx` (k, line 15)\n", hoverText(id, 7, 6));
        assertEquals("**region kernel** (kernel)\n\n0xffff_ffff_8000_0000 ..= 0xffff_ffff_9fff_ffff, 512 MiB\n\n"
                + "PML4 slot 511\n\nmapped by `map kernel to 0x100_0000 rx` (k, line 14)\n", hoverText(id, 13, 9),
                "on 'map kernel'");
        assertEquals("**region guard** (guard)\n\n0xffff_ff00_0000_0000 ..= 0xffff_ff00_0000_0fff, 4 KiB\n\n"
                + "PML4 slot 510\n\nno statement maps it\n", hoverText(id, 9, 6));
        String space = hoverText(id, 11, 6);
        assertTrue(space.startsWith("**space k**\n\nCR3 = 0x200_0000\n\nno strategy: nothing reaches its tables\n\n"),
                space);
    }

    @Test
    void anAArch64RegionNamesItsRoot() throws Exception {
        String text = ARM + """
                layout l for m {
                    kernel 0xffff_8000_0000_0000 size 1 GiB
                }
                """;
        TextDocumentIdentifier id = session.openChecked(workspace.resolve("a.ptl"), text);
        // 4 KiB granule, 48-bit VA: L0 indexes bits 47:39; 0xffff_8000_0000_0000 is entry 256 of TTBR1's L0 table
        assertEquals("**region kernel** (kernel)\n\n0xffff_8000_0000_0000 ..= 0xffff_8000_3fff_ffff, 1 GiB\n\n"
                + "TTBR1_EL1 L0 slot 256\n\nno statement maps it\n", hoverText(id, 6, 6));
    }

    @Test
    void aRegionWithAPhysicalBaseSaysWhatItHolds() throws Exception {
        String text = ARM + """
                layout l for m {
                    linear direct_map 0xffff_0000_0000_0000 size 128 TiB from physical 0x4000_0000
                }
                space k uses l {
                    map all ram into linear rw nx
                }
                """;
        TextDocumentIdentifier id = session.openChecked(workspace.resolve("b.ptl"), text);
        // 128 TiB from PHYS_OFFSET 0x4000_0000: the last physical byte 0x4000_0000 + 0x8000_0000_0000 - 1
        assertEquals("**region linear** (direct_map)\n\n0xffff_0000_0000_0000 ..= 0xffff_7fff_ffff_ffff, 128 TiB\n\n"
                + "TTBR1_EL1 L0 slots 0–255\n\na direct map here holds physical 0x4000_0000 ..= 0x8000_3fff_ffff "
                + "(128 TiB): VA = 0xffff_0000_0000_0000 + PA - 0x4000_0000\n\n"
                + "mapped by `map all ram into linear rw nx` (k, line 10)\n", hoverText(id, 6, 6));
    }

    /** Every format the engine has, every unit and every attribute word has its hover where it is written. */
    @Test
    void everyFormatUnitAndAttributeHasItsHover() throws Exception {
        StringBuilder text = new StringBuilder();
        List<String> formats = Formats.names();
        for (int i = 0; i < formats.size(); i++) {
            text.append("machine m").append(i).append(" { format ").append(formats.get(i)).append(" }\n");
        }
        text.append(X86).append("layout l for m {\n");
        List<String> units = Vocabulary.UNITS;
        for (int i = 0; i < units.size(); i++) {
            text.append("    r").append(i).append(" 0x").append(i + 1).append("000_0000 size 1 ").append(units.get(i))
                    .append('\n');
        }
        List<String> attributes = List.copyOf(Vocabulary.attributes().keySet());
        String map = "    map 0x40_0000 size 4 KiB to 0x90_0000 " + String.join(" ", attributes);
        text.append("}\nspace k uses l {\n").append(map).append("\n}\n");
        TextDocumentIdentifier id = session.openChecked(workspace.resolve("all.ptl"), text.toString());
        List<String> lines = text.toString().lines().toList();

        for (int i = 0; i < formats.size(); i++) {
            String format = formats.get(i);
            int column = lines.get(i).indexOf(format);
            assertTrue(hoverText(id, i, column).startsWith("**" + format + "** — paging format: "), format);
            assertEquals(range(i, column, column + format.length()), hover(id, i, column).getRange(), format);
        }
        int first = lines.indexOf("layout l for m {") + 1;
        for (int i = 0; i < units.size(); i++) {
            String unit = units.get(i);
            int column = lines.get(first + i).lastIndexOf(unit);
            assertTrue(hoverText(id, first + i, column).startsWith("**" + unit + "** — size unit: "), unit);
        }
        int line = lines.indexOf(map);
        int column = map.indexOf(" ", map.indexOf("0x90_0000"));
        for (String word : attributes) {
            column = map.indexOf(" " + word, column) + 1;
            String hover = hoverText(id, line, column);
            assertTrue(hover.startsWith("**" + word + "** — attribute\n\n" + Vocabulary.attributes().get(word)
                    + "\n\nx86_64"), hover);
        }
    }

    @Test
    void everyKeywordOfTheGrammarIsDocumented() {
        List<String> undocumented = Keywords.letterKeywords().stream()
                .filter(k -> PtWords.keyword(k).isEmpty()).toList();
        assertEquals(List.of(), undocumented);
        assertEquals("", PtWords.keyword("wlak"), "a word that is no keyword has none");
    }
}
