package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.model.Vocabulary;
import org.pt.dsl.scoping.Suggestions;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.services.PtGrammarAccess;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.core.SizeUnit;

/**
 * Words resolved by the engine's enums, not by the grammar: units, formats, features, purposes, attributes and PAT
 * presets. An unknown word is a diagnostic at the word, with the words there are and "did you mean" when one is close.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class VocabularyTest extends SpecTestSupport {

    private static final String UNITS = "(units: B, KiB, MiB, GiB, TiB, PiB, EiB)";
    private static final String ATTRIBUTES = "(attributes: r, w, x and combinations such as rw or rx, user, kernel, "
            + "global, nx, wb, wt, uc, wc, device, inner_shareable, outer_shareable, non_shareable, not_accessed, "
            + "not_dirty)";

    @Inject
    private PtGrammarAccess grammar;

    /** Units are keywords (a name after a number is never a unit): exactly the engine's, in its order. */
    @Test
    void theGrammarsUnitsAreTheEnginesUnits() {
        assertEquals(Arrays.stream(SizeUnit.values()).map(SizeUnit::name).toList(),
                GrammarUtil.containedKeywords(grammar.getUnitRule()).stream().map(Keyword::getValue).toList());
    }

    /** A misspelt unit in a map line is the unit's error, not one more attribute. */
    @Test
    void misspeltUnitBeforeAttributesIsAnUnknownUnit() throws Exception {
        String text = HH + """
                space k uses hh {
                    tables via recursive self_map
                    map 0x40_0000 size 4 kib to 0x80_0000 rw
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.LITERAL, IssueCodes.UNKNOWN_UNIT, at(text, "kib"),
                "unknown unit 'kib'; did you mean 'KiB'? " + UNITS));
    }

    @Test
    void unknownUnitSuggestsTheUnitInItsRightCase() throws Exception {
        String text = PC.replace("ram 0x0 size 1 GiB", "ram 0x0 size 1 GIb");
        assertIssues(parse(text), error(PtPackage.Literals.LITERAL, IssueCodes.UNKNOWN_UNIT, at(text, "GIb"),
                "unknown unit 'GIb'; did you mean 'GiB'? " + UNITS));
    }

    @Test
    void decimalUnitNamesSuggestTheBinaryUnit() throws Exception {
        String text = PC.replace("size 4 MiB", "size 4 MB");
        assertIssues(parse(text), error(PtPackage.Literals.LITERAL, IssueCodes.UNKNOWN_UNIT, at(text, "MB"),
                "unknown unit 'MB'; did you mean 'MiB'? " + UNITS));
    }

    @Test
    void unknownUnitWithNothingCloseListsTheUnits() throws Exception {
        String text = PC.replace("size 4 MiB", "size 4 bytes");
        assertIssues(parse(text), error(PtPackage.Literals.LITERAL, IssueCodes.UNKNOWN_UNIT, at(text, "bytes"),
                "unknown unit 'bytes' " + UNITS));
    }

    @Test
    void unknownFormatSuggestsTheStandardName() throws Exception {
        String text = PC.replace("format x86_64", "format x86-64");
        assertIssues(parse(text), error(PtPackage.Literals.FORMAT_DECL, IssueCodes.UNKNOWN_FORMAT, at(text, "x86-64"),
                "unknown format 'x86-64'; did you mean 'x86_64'? (formats: x86-32, x86-pae, x86_64, x86_64-la57, "
                        + "aarch64-4k, aarch64-16k, aarch64-64k, armv7, sv32, sv39, sv48, sv57)"));
    }

    @Test
    void unknownFeatureIsReportedOnItsName() throws Exception {
        String text = PC.replace("format x86_64", "format x86_64\n    features nx, page_2g");
        assertIssues(parse(text), error(PtPackage.Literals.FEATURES, IssueCodes.UNKNOWN_FEATURE, at(text, "page_2g"),
                "unknown feature 'page_2g'; did you mean 'page_1g'? (features: nx, page_1g, pse, pse36, global_pages, "
                        + "smep, smap, sum, svpbmt, pan, supersections)"));
    }

    @Test
    void unknownPurposeSuggestsTheKeyword() throws Exception {
        String text = PC + """
                layout l for pc {
                    vmalloc kernal 0xffff_c900_0000_0000 size 32 TiB
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.REGION, IssueCodes.UNKNOWN_PURPOSE, at(text, "kernal"),
                "unknown purpose 'kernal'; did you mean 'kernel'? (purposes: user, kernel, direct_map, self_map, window, "
                        + "guard, mmio, other)"));
    }

    @Test
    void unknownPatPresetListsThePresets() throws Exception {
        String text = PC.replace("format x86_64", "format x86_64\n    pat windows");
        assertIssues(parse(text), error(PtPackage.Literals.MEMORY_TYPES, IssueCodes.UNKNOWN_PAT_PRESET,
                at(text, "windows"), "unknown PAT preset 'windows' (presets: linux, power-on)"));
    }

    @Test
    void unknownOutputKindSuggestsTheClosestAndListsThem() throws Exception {
        String text = HH + """
                space s uses hh { }
                generate masm for s
                generate pdf for s
                generate gas for s
                """;
        assertIssues(parse(text),
                error(PtPackage.Literals.GENERATE, IssueCodes.UNKNOWN_OUTPUT, at(text, "masm"),
                        "unknown output 'masm'; did you mean 'nasm'? (outputs: c, gas, nasm, binary, linker, json)"),
                error(PtPackage.Literals.GENERATE, IssueCodes.UNKNOWN_OUTPUT, at(text, "pdf"),
                        "unknown output 'pdf' (outputs: c, gas, nasm, binary, linker, json)"),
                info(PtPackage.Literals.GENERATE, IssueCodes.OUTPUT_IMAGE, at(text, "gas"),
                        "gas: 1 table (4 KiB) at 0x100_0000 ..= 0x100_0fff; 's' CR3 0x100_0000"));
    }

    @Test
    void unknownAttributeSuggestsTheClosestWord() throws Exception {
        String text = HH + """
                space s uses hh {
                    map 0x40_0000 size 4 KiB to 0x80_0000 user rwz
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.ATTRIBUTE, IssueCodes.UNKNOWN_ATTRIBUTE, at(text, "rwz"),
                "unknown attribute 'rwz'; did you mean 'rw'? " + ATTRIBUTES));
    }

    @Test
    void twoRightsWordsContradictEachOther() throws Exception {
        String text = HH + """
                space s uses hh {
                    map kernel to 0x10_0000 rw rx
                }
                """;
        assertIssues(parse(text), error(PtPackage.Literals.ATTRIBUTE, IssueCodes.ATTRIBUTE_CONFLICT, at(text, "rx"),
                "'rx' contradicts 'rw': a mapping has one set of access rights"));
    }

    @Test
    void executeAndNxContradictInEitherOrder() throws Exception {
        String text = HH + """
                space s uses hh {
                    map kernel to 0x10_0000 rx nx
                    map 0x40_0000 size 4 KiB to 0x80_0000 user nx rwx
                }
                """;
        assertIssues(parse(text),
                error(PtPackage.Literals.ATTRIBUTE, IssueCodes.ATTRIBUTE_CONFLICT, at(text, "rx nx", "nx"),
                        "'nx' contradicts 'rx': nx means not executable"),
                error(PtPackage.Literals.ATTRIBUTE, IssueCodes.ATTRIBUTE_CONFLICT, at(text, "rwx"),
                        "'rwx' contradicts 'nx': nx means not executable"));
    }

    @Test
    void userAndKernelCacheTypesAndShareabilitiesContradict() throws Exception {
        String text = HH + """
                space s uses hh {
                    map 0x40_0000 size 4 KiB to 0x80_0000 user rw kernel wb uc inner_shareable outer_shareable
                }
                """;
        assertIssues(parse(text),
                error(PtPackage.Literals.ATTRIBUTE, IssueCodes.ATTRIBUTE_CONFLICT, at(text, "kernel wb", "kernel"),
                        "'kernel' contradicts 'user': a mapping is either user or kernel"),
                error(PtPackage.Literals.ATTRIBUTE, IssueCodes.ATTRIBUTE_CONFLICT, at(text, "uc"),
                        "'uc' contradicts 'wb': a mapping has one cache type"),
                error(PtPackage.Literals.ATTRIBUTE, IssueCodes.ATTRIBUTE_CONFLICT, at(text, "outer_shareable"),
                        "'outer_shareable' contradicts 'inner_shareable': a mapping has one shareability"));
    }

    @Test
    void attributeWrittenTwiceIsAWarningAndTheMappingStillCounts() throws Exception {
        String text = HH + """
                space s uses hh {
                    map 0x40_0000 size 4 KiB to 0x80_0000 user rw user
                    walk 0x40_0000 expect 0x80_0000
                }
                """;
        assertIssues(parse(text),
                warning(PtPackage.Literals.ATTRIBUTE, IssueCodes.DUPLICATE_ATTRIBUTE, at(text, "rw user", "user"),
                        "'user' is written twice"),
                info(PtPackage.Literals.WALK, IssueCodes.WALK_RESULT, at(text, "walk 0x40_0000 expect 0x80_0000"),
                        "0x40_0000 -> 0x80_0000 (4 KiB page at PT, k:rw- u:rw-, WB); CR3 0x100_0000: PML4[0]=0x1001027 "
                                + "PDPT[0]=0x1002027 PD[2]=0x1003027 PT[0]=0x8000000000800067"));
    }

    @Test
    void suggestionsPreferTheSameCaseInsensitiveWordThenTheClosestWithTheSameFirstLetter() {
        assertEquals(Optional.of("GiB"), Suggestions.closest("gib", Vocabulary.UNITS));
        assertEquals(Optional.of("KiB"), Suggestions.closest("KB", Vocabulary.UNITS));
        assertEquals(Optional.of("direct_map"), Suggestions.closest("directmap", Vocabulary.PURPOSES));
        assertEquals(Optional.empty(), Suggestions.closest("frobnicate", Vocabulary.PURPOSES));
        assertEquals(Optional.of("global_pages"), Suggestions.closest("globl_pages", Vocabulary.FEATURES));
        // at most a third of the longer word's length, at least one edit; never the word itself
        assertEquals(Optional.of("pc"), Suggestions.closest("pd", List.of("pc", "arm")));
        assertEquals(Optional.empty(), Suggestions.closest("x", List.of("pc", "arm")));
        assertEquals(Optional.of("higher_half"), Suggestions.closest("hgher_hlf", List.of("lower_half", "higher_half")));
        assertEquals(Optional.empty(), Suggestions.closest("hgr_hlf", List.of("higher_half")));
        assertEquals(Optional.empty(), Suggestions.closest("pc", List.of("pc")));
        assertEquals(List.of("nx", "page_1g", "pse", "pse36", "global_pages", "smep", "smap", "sum", "svpbmt", "pan",
                "supersections"), Vocabulary.FEATURES);
    }
}
