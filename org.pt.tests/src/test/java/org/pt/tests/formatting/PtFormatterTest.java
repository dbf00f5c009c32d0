package org.pt.tests.formatting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.inject.Inject;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pt.dsl.tests.PtInjectorProvider;

/** The formatter, construct by construct: the text before, the exact text after, and the same text formatted again. */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class PtFormatterTest {

    @Inject
    private Formatting formatting;

    /** Formats {@code before}, expects {@code after}, and expects {@code after} to be left as it is. */
    private void assertFormatted(String before, String after) throws Exception {
        assertEquals(after, formatting.format(before));
        assertEquals(after, formatting.format(after), "formatting again changes the text");
    }

    // ---- file structure ------------------------------------------------------------------------------------------

    static final String FILE_BEFORE = """


            package   os.x86
            import "lib/pc.ptl"   import    "std/pc-x86_64.ptl"
            machine pc{format x86_64}   layout l for pc{}
            space s uses l{}


            generate gas for s at physical 0x200_0000   into "tables.S\"""";

    @Test
    void packageImportsAndElementsAreSeparatedByBlankLines() throws Exception {
        assertFormatted(FILE_BEFORE, """
                package os.x86

                import "lib/pc.ptl"
                import "std/pc-x86_64.ptl"

                machine pc {
                    format x86_64
                }

                layout l for pc {
                }

                space s uses l {
                }

                generate gas for s at physical 0x200_0000 into "tables.S"
                """);
    }

    static final String TOKENS_BEFORE = """
            machine m {
              format   x86_64-la57
              va bits 39 / 48
              features nx,page_1g ,  global_pages
              pat    power-on
              budget 64    frames
              ram 0xffff_8000_0000_0000+( 64 TiB>>3 )size 64 TiB/2
              tables from 0x100_0000+2 MiB size 4 KiB   *   512
            }
            generate c for a,b , c
            """;

    @Test
    void tokensAreSeparatedByOneSpaceExceptBeforeCommasInsideParenthesesAndAroundTheVaBitsSlash() throws Exception {
        assertFormatted(TOKENS_BEFORE, """
                machine m {
                    format x86_64-la57
                    va bits 39/48
                    features nx, page_1g, global_pages
                    pat power-on
                    budget 64 frames
                    ram 0xffff_8000_0000_0000 + (64 TiB >> 3) size 64 TiB / 2
                    tables from 0x100_0000 + 2 MiB size 4 KiB * 512
                }

                generate c for a, b, c
                """);
    }

    // ---- blocks --------------------------------------------------------------------------------------------------

    static final String BLOCKS_BEFORE = """
            space s uses l {

                tables via direct-map direct_map


                walk 0x1000   expect fault
                report    costs

            }
            space empty uses l {     }
            """;

    @Test
    void blocksHoldOneStatementPerLineKeepOneBlankLineAndNoneAtTheirEdges() throws Exception {
        assertFormatted(BLOCKS_BEFORE, """
                space s uses l {
                    tables via direct-map direct_map

                    walk 0x1000 expect fault
                    report costs
                }

                space empty uses l {
                }
                """);
    }

    // ---- alignment -----------------------------------------------------------------------------------------------

    static final String MACHINE_BEFORE = """
            machine pc {
                format x86_64
                ram 0x0000_0000 ..= 0x0009_FFFF
                reserved 0x000A_0000 ..= 0x000F_FFFF "VGA and BIOS"
                ram 0x0010_0000 size 4 GiB
                mmio 0xFEC0_0000 size 20 MiB "IOAPIC, LAPIC, HPET"
                tables from 0x0200_0000 size 4 MiB
                mmio 0xFEE0_0000 size 4 KiB "local APIC"
                ram 0x1_0000_0000 size 4 GiB "high"
            }
            """;

    @Test
    void memoryLinesAlignKindRangeAndLabelUntilAnotherKindOfLine() throws Exception {
        assertFormatted(MACHINE_BEFORE, """
                machine pc {
                    format x86_64
                    ram      0x0000_0000 ..= 0x0009_FFFF
                    reserved 0x000A_0000 ..= 0x000F_FFFF "VGA and BIOS"
                    ram      0x0010_0000 size 4 GiB
                    mmio     0xFEC0_0000 size 20 MiB     "IOAPIC, LAPIC, HPET"
                    tables from 0x0200_0000 size 4 MiB
                    mmio 0xFEE0_0000 size 4 KiB   "local APIC"
                    ram  0x1_0000_0000 size 4 GiB "high"
                }
                """);
    }

    static final String LAYOUT_BEFORE = """
            layout higher_half for pc {
                user 0x0000_0000_0000_0000 size 128 TiB
                direct_map 0xFFFF_8880_0000_0000 size 64 TiB "physmap"
                vmalloc kernel 0xFFFF_C900_0000_0000 size 32 TiB
                self_map top-level slot 510 "the tables"
                kernel 0xFFFF_FFFF_8000_0000 size 512 MiB
            }
            """;

    @Test
    void regionsAlignNamePurposePlacementAndLabel() throws Exception {
        assertFormatted(LAYOUT_BEFORE, """
                layout higher_half for pc {
                    user              0x0000_0000_0000_0000 size 128 TiB
                    direct_map        0xFFFF_8880_0000_0000 size 64 TiB  "physmap"
                    vmalloc    kernel 0xFFFF_C900_0000_0000 size 32 TiB
                    self_map          top-level slot 510                 "the tables"
                    kernel            0xFFFF_FFFF_8000_0000 size 512 MiB
                }
                """);
    }

    @Test
    void aPhysicalBaseIsAColumnOfItsOwnBeforeTheLabel() throws Exception {
        assertFormatted("""
                layout split for board {
                user 0x0 ..= 0xbeff_ffff "user"
                lowmem direct_map 0xc000_0000 size 512 MiB   from   physical 0x4000_0000 "PAGE_OFFSET"
                vmalloc kernel 0xe080_0000 ..= 0xff7f_ffff "vmalloc"
                }
                """, """
                layout split for board {
                    user               0x0 ..= 0xbeff_ffff                                   "user"
                    lowmem  direct_map 0xc000_0000 size 512 MiB    from physical 0x4000_0000 "PAGE_OFFSET"
                    vmalloc kernel     0xe080_0000 ..= 0xff7f_ffff                           "vmalloc"
                }
                """);
    }

    static final String SPACE_BEFORE = """
            space kernel uses higher_half {
                tables via recursive self_map
                map all ram into direct_map rw global nx
                map kernel to 0x0010_0000 size 16 MiB rx global
                map 0x0 size 2 MiB identity rwx
                remap 0x40_0000 ..= 0x40_FFFF to 0x900_0000 user r pages <= 4 KiB
                unmap 0x40_0000 size 4 KiB
                protect kernel r x
                walk 0xFFFF_FFFF_8000_1234 expect 0x0010_1234
                map 0x1000 size 4 KiB to 0x2000 rw
                map 0x10_0000 size 2 MiB to 0x20_0000 rw pages smallest
            }
            """;

    @Test
    void mapUnmapAndProtectAlignTargetSizeDestinationAndAttributes() throws Exception {
        assertFormatted(SPACE_BEFORE, """
                space kernel uses higher_half {
                    tables via recursive self_map
                    map all ram into direct_map                                          rw global nx
                    map kernel                                to 0x0010_0000 size 16 MiB rx global
                    map 0x0                     size 2 MiB    identity                   rwx
                    remap 0x40_0000             ..= 0x40_FFFF to 0x900_0000              user r pages <= 4 KiB
                    unmap 0x40_0000             size 4 KiB
                    protect kernel                                                       r x
                    walk 0xFFFF_FFFF_8000_1234 expect 0x0010_1234
                    map 0x1000    size 4 KiB to 0x2000    rw
                    map 0x10_0000 size 2 MiB to 0x20_0000 rw pages smallest
                }
                """);
    }

    @Test
    void compactAndReportEventsTakeALineEach() throws Exception {
        assertFormatted("""
                space s uses l {
                  map 0x0 size 4 KiB to 0x0 rw   compact report   events
                }
                """, """
                space s uses l {
                    map 0x0 size 4 KiB to 0x0 rw
                    compact
                    report events
                }
                """);
    }

    @Test
    void anExtendsClauseTakesOneSpaceOnEachSideAndItsQualifiedNameStaysWhole() throws Exception {
        assertFormatted("""
                machine   board   extends   std.riscv_sv39{cpus 8
                ram 0x8020_0000 ..= 0x2_7fff_ffff}
                """, """
                machine board extends std.riscv_sv39 {
                    cpus 8
                    ram 0x8020_0000 ..= 0x2_7fff_ffff
                }
                """);
    }

    static final String GROUPS_BEFORE = """
            layout l for pc {
                a 0x0 size 4 KiB
                bbbbbb 0x1000 size 4 KiB

                c 0x2000 size 4 KiB
                ddd 0x3000 size 4 KiB
                // a comment line ends a group too
                eeeee 0x4000 size 4 KiB
                f 0x5000 size 4 KiB
                g /* inside */ 0x6000 size 4 KiB
                hh 0x7000 size 4 KiB
            }
            """;

    @Test
    void aBlankLineACommentLineOrACommentInsideALineEndsAnAlignmentGroup() throws Exception {
        assertFormatted(GROUPS_BEFORE, """
                layout l for pc {
                    a      0x0 size 4 KiB
                    bbbbbb 0x1000 size 4 KiB

                    c   0x2000 size 4 KiB
                    ddd 0x3000 size 4 KiB
                    // a comment line ends a group too
                    eeeee 0x4000 size 4 KiB
                    f     0x5000 size 4 KiB
                    g /* inside */ 0x6000 size 4 KiB
                    hh 0x7000 size 4 KiB
                }
                """);
    }

    // ---- comments ------------------------------------------------------------------------------------------------

    static final String TRAILING_BEFORE = """
            space s uses l {
                map 0x0 size 4 KiB to 0x1000 rw // first
                map 0x10_0000 size 2 MiB identity rwx   // second
                walk 0x0 expect 0x1000         // a walk
                walk 0x10_0000 expect 0x10_0000
                walk 0x1234 expect fault //   spaces inside are kept

                report // alone
            }
            """;

    @Test
    void commentsAtTheEndOfConsecutiveLinesStartInOneColumn() throws Exception {
        assertFormatted(TRAILING_BEFORE, """
                space s uses l {
                    map 0x0       size 4 KiB to 0x1000 rw  // first
                    map 0x10_0000 size 2 MiB identity  rwx // second
                    walk 0x0 expect 0x1000                 // a walk
                    walk 0x10_0000 expect 0x10_0000
                    walk 0x1234 expect fault //   spaces inside are kept

                    report // alone
                }
                """);
    }

    static final String COMMENTS_BEFORE = """

            // The header: kept at the top,
            //without a space after the slashes too.

            package demo // after the package
            /* before the machine */ machine pc { // after the brace
            // in column 0: indented like the next line
                    format x86_64

                    /* a block comment
                         keeps its lines
                     as written */
                    cpus 2
                // before the closing brace
            }
            // attached to the layout
            layout l for pc {
            }


            // at the end
            """;

    @Test
    void commentsAreKeptVerbatimAndIndentedLikeTheirLine() throws Exception {
        assertFormatted(COMMENTS_BEFORE, """
                // The header: kept at the top,
                //without a space after the slashes too.

                package demo // after the package

                /* before the machine */
                machine pc { // after the brace
                    // in column 0: indented like the next line
                    format x86_64

                    /* a block comment
                         keeps its lines
                     as written */
                    cpus 2
                    // before the closing brace
                }

                // attached to the layout
                layout l for pc {
                }

                // at the end
                """);
    }

    // ---- malformed input -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "machine pc {\n    format x86_64\n    ram 0x0 size",
        "layout l for pc {\n  user 0x0 size 4 KiB\n  kernel ?? 0x1000 size 4 KiB\n}\n",
        "space s uses l {\n map kernel to\n walk 0x0 expect\n}\n// trailing",
        "machine pc { ram 0x0 ..= 0x9_FFFF \"unterminated",
        "package\nimport\nmachine",
        "machine pc { } }}} {{{ machine",
        "machine { }\nlayout for { a 0x0 size }\nspace s uses { map }",
        "machine pc {\n    ram 0x0 size 4 KiB \"a\"\n    ram 0x1000 \"b\"\n    mmio size 4 KiB\n}\n",
        "space s uses l {\n    map 0x0 size to 0x0 rw\n    map 0x1000 size 4 KiB to rw\n}\n",
    })
    void textWithSyntaxErrorsIsFormattedWithoutLosingAnything(String text) throws Exception {
        String formatted = formatting.formatWithSyntaxErrors(text);
        assertEquals(text.replaceAll("\\s+", ""), formatted.replaceAll("\\s+", ""));
    }
}
