package org.pt.dsl.validation;

import java.util.Locale;
import org.pt.engine.analysis.Code;

/**
 * Every issue code the PT language reports: one constant per engine {@link Code} (its value is {@code "pt."} and the
 * lower-case name, see {@link #of(Code)}) and the codes of the language itself (vocabulary, numbers, forms, names,
 * files). Every value is a literal, so that Xtext's {@code @Fix} can name it. Quick fixes key on these values; a
 * diagnostic carries the data its fix needs as {@code key=value} strings.
 * Each constant shows an offending snippet; the token the diagnostic marks is underlined with {@code ^}.
 */
public final class IssueCodes {

    private IssueCodes() {
    }

    private static final String PREFIX = "pt.";

    /** The issue code of an engine finding: {@code "pt.region_overlap"} for {@link Code#REGION_OVERLAP}. */
    public static String of(Code code) {
        return PREFIX + code.name().toLowerCase(Locale.ROOT);
    }

    // ==== the language's own codes ================================================================================

    /**
     * A failure of PT itself (a bug in the translator or the engine, the heap or the stack running out), reported
     * instead of letting validation pass silently: on the space, query or output the engine was working on
     * ({@code Code.INTERNAL}), else on the first element of the file; {@code ptc} exits 2. <pre>
     * machine pc { format x86_64 }   // "internal error while analysing: ..."
     *         ^^
     * </pre>
     */
    public static final String INTERNAL = "pt.internal";

    /**
     * A strategy nested more than 64 {@code bootstrap}s deep, an expression nested more than 32 parentheses deep or with
     * more than 256 operators (a syntax error: the parser reads no deeper); on the word one past the limit and the rest
     * of its strategy or expression ({@code NestingLimits}). Data {@code most}: the limit. <pre>
     * tables via window w bootstrap window w bootstrap ... bootstrap window w   // 65 'bootstrap's
     *                                                      ^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String NESTING_TOO_DEEP = "pt.nesting_too_deep";

    /**
     * More findings of one kind in a file than are reported ({@code SpecAnalyzer#FINDINGS_OF_ONE_KIND} of a kind,
     * {@code SpecAnalyzer#FINDINGS_PER_FILE} in all): one per kind left out, at the first left out, counting them; data
     * {@code code=pt.region_overlap}, {@code omitted=4899}. <pre>
     * layout l for pc {            // 102 regions at one address: 100 pt.region_overlap, then
     *     r0 kernel 0xffff_8000_0000_0000 size 1 GiB
     *     ...
     *     r101 kernel 0xffff_8000_0000_0000 size 1 GiB   // "1 more findings [pt.region_overlap] are not shown, ..."
     *     ^^^^
     * </pre>
     */
    public static final String FINDINGS_CAPPED = "pt.findings_capped";

    /**
     * A size unit that is not one of B, KiB, MiB, GiB, TiB, PiB, EiB (exact case); data {@code suggestion=GiB}. <pre>
     * ram 0x0 size 4 GIb
     *                ^^^
     * </pre>
     */
    public static final String UNKNOWN_UNIT = "pt.unknown_unit";

    /**
     * A size with no unit in it; data {@code suggestion=4 KiB}, the size in the largest unit that divides it. <pre>
     * ram 0x0 size 4096
     *              ^^^^
     * </pre>
     */
    public static final String UNIT_MISSING = "pt.unit_missing";

    /**
     * A format name that is not a standard format; data {@code suggestion=x86_64}. <pre>
     * format x86-64
     *        ^^^^^^
     * </pre>
     */
    public static final String UNKNOWN_FORMAT = "pt.unknown_format";

    /**
     * A feature name that is not a feature (written lower-case: nx, page_1g, pse, ...); data {@code suggestion=...}
     * when a close one exists. <pre>
     * features nx, page_2g
     *              ^^^^^^^
     * </pre>
     */
    public static final String UNKNOWN_FEATURE = "pt.unknown_feature";

    /**
     * A region purpose that is not user, kernel, direct_map, self_map, window, guard, mmio or other; data
     * {@code suggestion=...} when a close one exists. <pre>
     * vmalloc kernal 0xffff_c900_0000_0000 size 32 TiB
     *         ^^^^^^
     * </pre>
     */
    public static final String UNKNOWN_PURPOSE = "pt.unknown_purpose";

    /**
     * A mapping attribute that is not a word of the attribute vocabulary; data {@code suggestion=...} when a close one
     * exists. <pre>
     * map 0x40_0000 size 4 KiB to 0x800_0000 rwz
     *                                        ^^^
     * </pre>
     */
    public static final String UNKNOWN_ATTRIBUTE = "pt.unknown_attribute";

    /**
     * Two attribute words that contradict each other (two rights words, user and kernel, x and nx, two cache types,
     * two shareabilities); on the later one. <pre>
     * map kernel to 0x10_0000 rx nx
     *                            ^^
     * </pre>
     */
    public static final String ATTRIBUTE_CONFLICT = "pt.attribute_conflict";

    /**
     * An attribute word written twice (a warning: harmless, but probably a slip). <pre>
     * map kernel to 0x10_0000 rx global global
     *                                   ^^^^^^
     * </pre>
     */
    public static final String DUPLICATE_ATTRIBUTE = "pt.duplicate_attribute";

    /**
     * A PAT preset that is neither {@code linux} nor {@code power-on}. <pre>
     * pat windows
     *     ^^^^^^^
     * </pre>
     */
    public static final String UNKNOWN_PAT_PRESET = "pt.unknown_pat_preset";

    /**
     * An output kind of a {@code generate} directive that PT does not have (c, gas, nasm, binary, linker, json); data
     * {@code suggestion=...} when a close one exists. <pre>
     * generate masm for kernel
     *          ^^^^
     * </pre>
     */
    public static final String UNKNOWN_OUTPUT = "pt.unknown_output";

    /**
     * An {@code into} path that is absolute, climbs out with {@code ..}, is empty, or is written by two outputs. <pre>
     * generate c for kernel into "../kernel/tables.c"
     *                            ^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String OUTPUT_PATH = "pt.output_path";

    /**
     * An emitter cannot write an output in its form, reported by {@code ptc generate} (never by a check) on the
     * directive's form; the message names the fix. Relocatable RISC-V, whose PPN does not sit in place in the entry:
     * <pre>
     * generate gas for kernel into "tables.S"
     *          ^^^
     * </pre>
     */
    public static final String OUTPUT_REFUSED = "pt.output_refused";

    /**
     * A machine parameter the format cannot have: physical bits out of its range, a feature of another family,
     * {@code va bits} on a format other than AArch64, {@code pat} on a format other than x86; the message is the
     * format's own. <pre>
     * format x86_64
     * physical bits 60
     *               ^^
     * </pre>
     */
    public static final String FORMAT_PARAMETER = "pt.format_parameter";

    /**
     * A page-size cap that is not a page size of the machine's format (also the engine's refusal, for a model built
     * without the language); data {@code sizes}. <pre>
     * map 0x40_0000 size 8 MiB to 0x800_0000 rw pages <= 8 KiB
     *                                                    ^^^^^
     * </pre>
     */
    public static final String UNSUPPORTED_PAGE_SIZE = "pt.unsupported_page_size";

    /**
     * Arithmetic or a literal that leaves unsigned 64 bits, goes below zero, divides by zero or shifts by 64 bits or
     * more; at the operation. <pre>
     * kernel 0xffff_ffff_ffff_f000 + 8 KiB size 4 KiB
     *        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String NUMBER_OVERFLOW = "pt.number_overflow";

    /**
     * A number literal with no digits after its prefix. <pre>
     * ram 0x_ size 4 KiB
     *     ^^^
     * </pre>
     */
    public static final String INVALID_NUMBER = "pt.invalid_number";

    /**
     * A range that is empty, backwards, wraps past 2^64 or covers all 2^64 addresses (also the engine's refusal, for
     * {@code map all ram} above a region that leaves 2^64); data {@code start}, {@code size}, {@code physical} from
     * the engine. <pre>
     * ram 0x2000 ..= 0x1000
     *                ^^^^^^
     * </pre>
     */
    public static final String INVALID_RANGE = "pt.invalid_range";

    /**
     * A machine without a {@code format} line. <pre>
     * machine pc { ram 0x0 size 1 GiB }
     *         ^^
     * </pre>
     */
    public static final String FORMAT_MISSING = "pt.format_missing";

    /**
     * Something that may be written once, written twice: a machine's format, physical bits, va bits, features, cpus,
     * budget or pat; a space's strategy or sharing; the size of a mapping. <pre>
     * space k uses l { tables via identity  tables via recursive self_map }
     *                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String GIVEN_TWICE = "pt.given_twice";

    /**
     * A statement on an address with neither a size nor an inclusive end. <pre>
     * map 0x40_0000 to 0x800_0000 rw
     *     ^^^^^^^^^
     * </pre>
     */
    public static final String SIZE_MISSING = "pt.size_missing";

    /**
     * A map statement with neither {@code to ADDRESS} nor {@code identity}. <pre>
     * map 0x40_0000 size 4 KiB rw
     *     ^^^^^^^^^
     * </pre>
     */
    public static final String SOURCE_MISSING = "pt.source_missing";

    /**
     * {@code ..=} after a region or {@code all ram} target, whose range comes from the region or the RAM. <pre>
     * map kernel ..= 0xffff_ffff_8100_0000 to 0x10_0000 rx
     *                ^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String INCLUSIVE_END_NEEDS_ADDRESS = "pt.inclusive_end_needs_address";

    /**
     * {@code all ram} written with a physical source or a size, or in an unmap or protect statement. <pre>
     * map all ram into direct_map to 0x0 rw
     *                                ^^^
     * </pre>
     */
    public static final String ALL_RAM_FORM = "pt.all_ram_form";

    /**
     * A CPU count below 1 (or beyond 2^31 - 1). <pre>
     * cpus 0
     *      ^
     * </pre>
     */
    public static final String INVALID_CPU_COUNT = "pt.invalid_cpu_count";

    /**
     * Two machines, layouts or spaces of one file with the same qualified name, or two regions of one layout with the
     * same name; on the later one. (A name defined in two visible files is {@link #DUPLICATE_IMPORTED_NAME}.) <pre>
     * machine pc { format x86_64 }
     * machine pc { format sv39 }
     *         ^^
     * </pre>
     */
    public static final String DUPLICATE_NAME = "pt.duplicate_name";

    /**
     * A reference to an element of another file that has errors (or uses one that has): the element here is not
     * analysed until they are fixed. <pre>
     * import "machines.ptl"           // machine pc there has an unknown unit
     * layout l for pc { }
     *              ^^
     * </pre>
     */
    public static final String DEPENDENCY_HAS_ERRORS = "pt.dependency_has_errors";

    /**
     * A machine that extends itself, directly or through others; reported on the {@code extends} name of each machine
     * of the cycle, which the message names. <pre>
     * machine a extends b { }
     * machine b extends a { }
     *                   ^
     * </pre>
     */
    public static final String EXTENDS_CYCLE = "pt.extends_cycle";

    /**
     * A file with no package, import, machine, layout, space or output (an info note). <pre>
     * // nothing but a comment
     * </pre>
     */
    public static final String EMPTY_FILE = "pt.empty_file";

    /**
     * A file larger than the 4 MiB PT reads (see {@code SourceLimits}): one error at its first character, and the file
     * is not parsed. <pre>
     * machine pc { ... 5 MiB of text ... }
     * ^
     * </pre>
     */
    public static final String FILE_TOO_LARGE = "pt.file_too_large";

    /**
     * The syntax errors of a file after the first 100: one error, at the 101st, says how many more there are. <pre>
     * { { { ... (a thousand stray braces)
     * </pre>
     */
    public static final String TOO_MANY_SYNTAX_ERRORS = "pt.too_many_syntax_errors";

    /**
     * Files that import each other in a cycle; in every file on the cycle, at its import that leads back to it.
     * <pre>
     * import "b.ptl"                  // b.ptl imports this file
     *        ^^^^^^^
     * </pre>
     */
    public static final String IMPORT_CYCLE = "pt.import_cycle";

    /**
     * An import of a file that does not exist (relative to the importing file, nor in the standard library); data
     * {@code suggestion=...} when a library file has a close name. <pre>
     * import "std/pc-x86_65.ptl"
     *        ^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String MISSING_IMPORT = "pt.missing_import";

    /**
     * An import path that cannot name a PT file. <pre>
     * import "notes.txt"
     *        ^^^^^^^^^^^
     * </pre>
     */
    public static final String INVALID_IMPORT = "pt.invalid_import";

    /**
     * The same file imported twice (a warning, on the later import). <pre>
     * import "lib/pc.ptl"
     * import "lib/pc.ptl"
     *        ^^^^^^^^^^^^
     * </pre>
     */
    public static final String DUPLICATE_IMPORT = "pt.duplicate_import";

    /**
     * A machine, layout or space defined under one qualified name in two visible files; data {@code name},
     * {@code file}. <pre>
     * import "lib/pc.ptl"             // defines machine pc
     * machine pc { format x86_64 }
     *         ^^
     * </pre>
     */
    public static final String DUPLICATE_IMPORTED_NAME = "pt.duplicate_imported_name";

    /**
     * A name that resolves to nothing; data {@code suggestion=...} when a close name exists, or {@code import=FILE}
     * when a file this one does not import defines it. <pre>
     * layout l for pcc { }
     *              ^^^
     * </pre>
     */
    public static final String UNKNOWN_NAME = "pt.unknown_name";

    // ==== engine codes, machine ===================================================================================

    /**
     * Two physical ranges that overlap; on the later one. <pre>
     * ram 0x0 size 1 GiB
     * mmio 0x3000_0000 size 16 MiB
     *      ^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String PHYSICAL_OVERLAP = "pt.physical_overlap";

    /**
     * A physical range or table pool beyond the format's physical address width. <pre>
     * format x86-32
     * ram 0x1_0000_0000 size 1 GiB
     *     ^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String PHYSICAL_BEYOND_WIDTH = "pt.physical_beyond_width";

    /**
     * A table pool (partly) outside every ram range. <pre>
     * ram 0x0 size 16 MiB
     * tables from 0x0200_0000 size 4 MiB
     *             ^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String POOL_OUTSIDE_RAM = "pt.pool_outside_ram";

    /**
     * A table pool overlapping a reserved range. <pre>
     * reserved 0xa_0000 ..= 0xf_ffff
     * tables from 0x8_0000 size 1 MiB
     *             ^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String POOL_IN_RESERVED = "pt.pool_in_reserved";

    /**
     * A table pool overlapping an MMIO range. <pre>
     * mmio 0xfec0_0000 size 20 MiB
     * tables from 0xfec0_0000 size 4 MiB
     *             ^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String POOL_IN_MMIO = "pt.pool_in_mmio";

    /**
     * Two table pools that overlap; on the later one. <pre>
     * tables from 0x0200_0000 size 4 MiB
     * tables from 0x0220_0000 size 4 MiB
     *             ^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String POOL_OVERLAP = "pt.pool_overlap";

    /**
     * A table pool not aligned to the format's table allocation unit; data {@code alignedStart}, {@code alignedSize}.
     * <pre>
     * tables from 0x0200_0800 size 4 MiB
     *             ^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String POOL_MISALIGNED = "pt.pool_misaligned";

    /**
     * A machine without any table pool; on its name. <pre>
     * machine pc { format x86_64  ram 0x0 size 1 GiB }
     *         ^^
     * </pre>
     */
    public static final String POOL_MISSING = "pt.pool_missing";

    /**
     * No table pool below the address the tables of some level must lie under, because what points at them holds
     * fewer address bits than the physical width (x86-32 with PSE-36: CR3 and PDEs; PAE: CR3 for the PDPT; ARMv7:
     * TTBR0 and L1 descriptors hold 32); no space of the machine is built. On the first pool. <pre>
     * format x86-pae
     * tables from 0x1_0000_0000 size 16 MiB
     *             ^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String POOL_BEYOND_TABLE_REACH = "pt.pool_beyond_table_reach";

    /**
     * A frame budget above 512 MiB of tables, more than PT simulates (the machine is not simulated); on the number.
     * Data {@code most}: the largest budget in frames. <pre>
     * budget 1000000 frames
     *        ^^^^^^^
     * </pre>
     */
    public static final String BUDGET_TOO_LARGE = "pt.budget_too_large";

    /**
     * A table pool of more than 2^36 frames (256 TiB of 4 KiB frames), more than PT simulates (the machine is not
     * simulated); on the pool. Data {@code most}: the largest pool, as a size. <pre>
     * tables from 0x0 size 1 PiB
     *             ^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String POOL_TOO_LARGE = "pt.pool_too_large";

    // ==== engine codes, layout ====================================================================================

    /**
     * Two regions that overlap; on the later one's name. <pre>
     * kernel  0xffff_ffff_8000_0000 size 512 MiB
     * modules 0xffff_ffff_9000_0000 size 1 GiB
     * ^^^^^^^
     * </pre>
     */
    public static final String REGION_OVERLAP = "pt.region_overlap";

    /**
     * A region starting or ending at a non-canonical address. <pre>
     * kernel 0x8000_0000_0000 size 1 GiB
     * ^^^^^^
     * </pre>
     */
    public static final String REGION_NON_CANONICAL = "pt.region_non_canonical";

    /**
     * A region crossing the non-canonical hole (or the gap between TTBR0 and TTBR1). <pre>
     * user 0x0 size 256 TiB
     * ^^^^
     * </pre>
     */
    public static final String REGION_CROSSES_HOLE = "pt.region_crosses_hole";

    /**
     * A region beyond the virtual address space of a 32-bit format. <pre>
     * kernel 0xc000_0000 size 2 GiB
     * ^^^^^^
     * </pre>
     */
    public static final String REGION_BEYOND_VA = "pt.region_beyond_va";

    /**
     * A region not aligned as its purpose requires; data {@code alignment}, {@code slot} or {@code tableStart}.
     * <pre>
     * kernel 0xffff_ffff_8000_0100 size 512 MiB
     * ^^^^^^
     * </pre>
     */
    public static final String REGION_MISALIGNED = "pt.region_misaligned";

    /**
     * A top-level slot the root does not have; on the number; data {@code freeSlot}. <pre>
     * self_map top-level slot 512
     *                         ^^^
     * </pre>
     */
    public static final String SLOT_OUT_OF_RANGE = "pt.slot_out_of_range";

    /**
     * A user region in the kernel half, or a kernel region in the user half (a warning). <pre>
     * user 0xffff_8000_0000_0000 size 1 TiB
     * ^^^^
     * </pre>
     */
    public static final String REGION_WRONG_HALF = "pt.region_wrong_half";

    // ==== engine codes, mappings ==================================================================================

    /**
     * A mapping (partly) outside every region of the layout; on the statement's target. <pre>
     * map 0x7000_0000_0000 size 4 KiB to 0x10_0000 rw
     *     ^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String MAPPING_OUTSIDE_REGIONS = "pt.mapping_outside_regions";

    /**
     * A mapping whose privilege does not fit its region's purpose (a warning). <pre>
     * map kernel to 0x10_0000 size 4 KiB user rw
     *     ^^^^^^
     * </pre>
     */
    public static final String MAPPING_WRONG_PURPOSE = "pt.mapping_wrong_purpose";

    /**
     * {@code map all ram} into a region smaller than the RAM; data {@code neededSize}. <pre>
     * map all ram into direct_map rw nx
     *     ^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String DIRECT_MAP_INCOMPLETE = "pt.direct_map_incomplete";

    /**
     * {@code map all ram} into a region whose physical base lies above some RAM, which it cannot map; data {@code base}
     * (the first RAM byte, page aligned). <pre>
     * map all ram into lowmem rw global nx
     *     ^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String RAM_BELOW_PHYSICAL_BASE = "pt.ram_below_physical_base";

    /**
     * A region's physical base off the smallest page (an error; data {@code base}, rounded down), or, on a
     * {@code map all ram} statement, a base that costs the map its huge pages (a warning; data {@code alignment}).
     * <pre>
     * direct_map 0xffff_0000_0000_0000 size 128 TiB from physical 0x4000_0800
     *                                                             ^^^^^^^^^^^
     * </pre>
     */
    public static final String PHYSICAL_BASE_MISALIGNED = "pt.physical_base_misaligned";

    /**
     * An identity mapping over a region that needs those addresses (a warning). <pre>
     * map 0xffff_8880_0000_0000 size 4 KiB identity rw
     *     ^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String IDENTITY_COLLIDES = "pt.identity_collides";


    /**
     * A statement naming a region its space's layout does not have; data {@code suggestion=...} when a region of the
     * layout has a close name. <pre>
     * map all ram into physmap rw
     *     ^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String UNKNOWN_REGION = "pt.unknown_region";

    /**
     * A mapping in a guard region. <pre>
     * map guard to 0x10_0000 size 4 KiB rw
     *     ^^^^^
     * </pre>
     */
    public static final String MAPPING_IN_GUARD = "pt.mapping_in_guard";

    /**
     * A mapping in a direct-map region at the wrong offset (a warning); data {@code pa}. <pre>
     * map direct_map to 0x1000 size 4 KiB rw
     *     ^^^^^^^^^^
     * </pre>
     */
    public static final String DIRECT_MAP_OFFSET_MISMATCH = "pt.direct_map_offset_mismatch";

    /**
     * A page-size cap that no page of its size can use anywhere in the mapping (a warning): the VA and the PA are not
     * equally far from a boundary of that size, or no whole page lies between boundaries; data {@code size}. <pre>
     * map kernel to 0x8030_0000 size 16 MiB rx global pages <= 2 MiB
     *     ^^^^^^
     * </pre>
     */
    public static final String PAGE_CAP_UNUSED = "pt.page_cap_unused";

    // ==== engine codes, statements the table builder refuses (one per MappingError) ==============================
    // INVALID_RANGE and UNSUPPORTED_PAGE_SIZE, which the language reports too, are above.

    /**
     * An address or size not aligned to the smallest page (or a shared range to a top-level entry); data {@code what},
     * {@code value}, {@code alignment}. <pre>
     * map 0x0040_0000 size 4 KiB to 0x0800_0123 user rw nx
     *     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String MISALIGNED = "pt.misaligned";

    /**
     * A virtual address no root translates (non-canonical, above 4 GiB on a 32-bit format); data {@code va},
     * {@code format}. <pre>
     * map 0x0000_8000_0000_0000 size 4 KiB to 0x0800_0000 user rw nx
     *     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String UNTRANSLATABLE_ADDRESS = "pt.untranslatable_address";

    /**
     * A range that starts in one half of the address space and ends in the other; data {@code start}, {@code last}.
     * <pre>
     * map 0x7fff_ffff_f000 ..= 0xffff_8000_0000_0fff to 0x0 user rw nx
     *     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String CROSSES_HALVES = "pt.crosses_halves";

    /**
     * The tables an operation needs cannot be counted in 64 bits. No spec of today's formats reaches it (at most
     * 2^37 tables); it is reported instead of an arithmetic exception. Data {@code start}, {@code last}.
     */
    public static final String TABLE_COUNT_OVERFLOW = "pt.table_count_overflow";

    /**
     * Attributes the format cannot encode (no NX bit, a memory type it lacks); data {@code format},
     * {@code attributes}. <pre>
     * format x86-32
     * map 0xC040_0000 size 4 KiB to 0x0080_0000 rw nx
     *     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String UNSUPPORTED_ATTRIBUTES = "pt.unsupported_attributes";

    /**
     * {@code pages = SIZE} that the mapping cannot meet: its VA or PA is not on a boundary of SIZE (the message says by
     * how much), its size is no multiple of SIZE, or the tables cannot hold such a page there; data {@code size},
     * {@code reason}. <pre>
     * map kernel to 0x8030_0000 size 16 MiB rx global pages = 2 MiB
     *     ^^^^^^
     * </pre>
     */
    public static final String PAGE_SIZE_UNMET = "pt.page_size_unmet";

    /**
     * A pinned root ({@code root at PA}) that cannot be there: in no table pool, not aligned for the root table of
     * the format, over a table already placed (another pinned root, or a table of a space built before), or above the
     * address bits of the root register; data {@code space}, {@code pa}, {@code reason}. <pre>
     * root at 0x8400_0800
     *         ^^^^^^^^^^^
     * </pre>
     */
    public static final String ROOT_MISPLACED = "pt.root_misplaced";

    /**
     * A physical address the leaves the range allows cannot hold (ARMv7 above 4 GiB, which only 16 MiB supersections
     * reach); data {@code va}, {@code pa}. <pre>
     * map 0xC000_0000 size 4 KiB to 0x1_0000_0000 rw nx
     *     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String PHYSICAL_UNREACHABLE = "pt.physical_unreachable";

    /**
     * A map over addresses already mapped elsewhere or with other attributes, without {@code remap}; data
     * {@code start}, {@code last}, {@code existingPa}, {@code existing}, {@code requestedPa}, {@code requested}. <pre>
     * map 0x0040_0000 size 4 KiB to 0x0800_0000 user rw nx
     * map 0x0040_0000 size 4 KiB to 0x0900_0000 user rw nx
     *     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String MAPPING_CONFLICT = "pt.mapping_conflict";

    /**
     * A protect over addresses that are not mapped; data {@code start}, {@code last} of the first hole. <pre>
     * protect 0x0040_0000 size 8 KiB user r nx
     *         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String NOT_MAPPED = "pt.not_mapped";

    /**
     * A statement whose tables would go beyond the machine's frame budget (given, or the default of at most 256 MiB
     * of tables); data {@code framesNeeded}, {@code framesInUse}, {@code budget}. <pre>
     * map 0x80_0000_0000 size 256 GiB to 0x0 user rw nx pages smallest
     *     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String BUDGET_EXCEEDED = "pt.budget_exceeded";

    /**
     * A statement whose tables do not fit in the free room of the machine's table pools; data {@code tablesNeeded},
     * {@code bytesNeeded}, {@code bytesFree}. <pre>
     * tables from 0x0200_0000 size 8 KiB
     * map 0x0040_0000 size 4 KiB to 0x0800_0000 user rw nx
     *     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String POOL_EXHAUSTED = "pt.pool_exhausted";

    /**
     * An entry the table builder cannot follow (a table pointer into no table, or at the last level). Only raw writes
     * into the simulated memory produce it, which no spec can; data {@code level}, {@code va}, {@code entry}.
     */
    public static final String MALFORMED_ENTRY = "pt.malformed_entry";

    // ==== engine codes, strategies ================================================================================

    /**
     * A strategy that cannot work on this machine or layout; a refused recursive slot also says what the MMU does with
     * the self entry at each level, data {@code selfEntry} and {@code selfEntryLevels}. <pre>
     * tables via recursive kernel
     *            ^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String STRATEGY_INFEASIBLE = "pt.strategy_infeasible";

    /**
     * A strategy's slots or windows colliding with a region or a mapping; data {@code freeSlot} when one is free,
     * {@code collides} ({@code recursive} or {@code foreign}: which slot).
     * <pre>
     * tables via recursive self_map
     *            ^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String STRATEGY_SLOT_COLLISION = "pt.strategy_slot_collision";

    /**
     * A strategy naming a region the layout lacks or of the wrong purpose. <pre>
     * tables via direct-map kernel
     *            ^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String STRATEGY_REGION_MISSING = "pt.strategy_region_missing";

    /**
     * A software walk that does not reach the right frame. <pre>
     * reach 0x40_0000 from kernel
     * ^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String SOFTWARE_WALK_FAILED = "pt.software_walk_failed";

    /**
     * A window whose own page table its bootstrap strategy cannot reach. <pre>
     * tables via window tmp
     *            ^^^^^^^^^^
     * </pre>
     */
    public static final String WINDOW_UNREACHABLE = "pt.window_unreachable";

    /**
     * A strategy that cannot reach a space's tables at all; a recursive slot asked for another space names the free
     * slot a foreign slot could take, data {@code freeSlot}. <pre>
     * reach 0x40_0000 from boot
     * ^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String TABLES_UNREACHABLE = "pt.tables_unreachable";

    /**
     * A table of the space that its own strategy misses. <pre>
     * tables via direct-map direct_map
     *            ^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String STRATEGY_MISSES_TABLE = "pt.strategy_misses_table";

    /**
     * A table entry a strategy needs to write (PAE's recursive page-directory entries) holding something else; data
     * {@code space}, {@code level}, {@code index}, {@code entry}. The engine checks strategies against the layout
     * first, so a spec meets {@link #STRATEGY_SLOT_COLLISION} instead.
     */
    public static final String ENTRY_IN_USE = "pt.entry_in_use";

    /**
     * An index beyond a table level's entries, asked of the engine by a strategy; the layout checks report
     * {@link #SLOT_OUT_OF_RANGE} first, so no spec shows it. Data {@code level}, {@code index}, {@code entries}.
     */
    public static final String NO_SUCH_ENTRY = "pt.no_such_entry";

    /**
     * A table depth a format does not have, asked of the engine by a strategy; no spec shows it. Data
     * {@code rootRegister}, {@code depth}, {@code deepest}.
     */
    public static final String NO_SUCH_DEPTH = "pt.no_such_depth";

    /**
     * A raw entry for a strategy to write that is not a table entry pointing at a table; no spec shows it. Data
     * {@code format}, {@code entry}.
     */
    public static final String NOT_A_TABLE_ENTRY = "pt.not_a_table_entry";

    // ==== engine codes, sharing ===================================================================================

    /**
     * A kernel top-level entry present in some spaces and missing in others (a warning); data {@code slot},
     * {@code present}, {@code missing}. <pre>
     * space init uses higher_half {
     *       ^^^^
     * </pre>
     */
    public static final String KERNEL_ENTRY_NOT_SHARED = "pt.kernel_entry_not_shared";

    /**
     * A self-map slot shared with another space, so it points at the other space's root; data {@code slot},
     * {@code space}. <pre>
     * share kernel half with kernel
     *                        ^^^^^^
     * </pre>
     */
    public static final String SELF_MAP_SHARED = "pt.self_map_shared";

    /**
     * Sharing refused: spaces that share their kernel halves in a cycle, or with a space that was not built. <pre>
     * space a uses l { share kernel half with b }
     * space b uses l { share kernel half with a }
     *                  ^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String SHARE_REJECTED = "pt.share_rejected";

    /**
     * Sharing with a space of another machine; data {@code space}, {@code from}. <pre>
     * space init uses small {   // small is a layout for std.pc_pae, kernel's for std.pc_x86_64
     *     share kernel half with kernel
     *     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String SHARE_ACROSS_MACHINES = "pt.share_across_machines";

    /**
     * A space sharing its tables with itself. The build order reports it as a cycle ({@link #SHARE_REJECTED}) first,
     * so no spec shows it; data {@code space}.
     */
    public static final String SHARE_WITH_SELF = "pt.share_with_self";

    /**
     * Sharing a kernel half into a space whose own tables are there already (a window's page table that its strategy
     * allocated); data {@code space}, {@code start}, {@code last}. <pre>
     * tables via window window
     * share kernel half with kernel
     * ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String SHARE_AFTER_MAPPING = "pt.share_after_mapping";

    /**
     * A second space of one name reaching the engine; the language reports {@link #DUPLICATE_NAME} first, so no spec
     * shows it. Data {@code space}.
     */
    public static final String DUPLICATE_SPACE = "pt.duplicate_space";

    // ==== engine codes, hazards ===================================================================================

    /**
     * A page both writable and executable (a warning). <pre>
     * map 0x0 size 2 MiB identity rwx
     *     ^^^
     * </pre>
     */
    public static final String WRITABLE_AND_EXECUTABLE = "pt.writable_and_executable";

    /**
     * Kernel memory mapped user-accessible (a warning). <pre>
     * map kernel to 0x10_0000 size 16 MiB user rx
     *     ^^^^^^
     * </pre>
     */
    public static final String KERNEL_REACHABLE_FROM_USER = "pt.kernel_reachable_from_user";

    /**
     * One physical range mapped with different cache types (a warning). <pre>
     * map 0xffff_ffff_c000_0000 size 4 KiB to 0xfec0_0000 rw wb
     *     ^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String CACHE_TYPE_CONFLICT = "pt.cache_type_conflict";

    /**
     * How much RAM the kernel half maps (an info note); data {@code exposed}, {@code ram}. <pre>
     * map all ram into direct_map rw nx
     *     ^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String RAM_EXPOSED = "pt.ram_exposed";

    // ==== engine codes, queries and results =======================================================================

    /**
     * The result of a walk with its trace (an info note). <pre>
     * walk 0xffff_ffff_8000_1234
     * ^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String WALK_RESULT = "pt.walk_result";

    /**
     * A walk whose result is not the one expected: expected and actual, with the trace. <pre>
     * walk 0xffff_ffff_8000_1234 expect 0x0020_1234
     * ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String WALK_EXPECTATION_FAILED = "pt.walk_expectation_failed";

    /**
     * How a space's kernel reaches the entries that map an address (an info note). <pre>
     * reach 0x40_0000 from kernel
     * ^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String REACH_RESULT = "pt.reach_result";

    /**
     * A raw entry or paging register decoded for the space's machine (an info note): every field, and for an entry
     * what the MMU makes of it at that level. <pre>
     * decode 0x8000_0000_0020_0083 at PD
     * ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String DECODE_RESULT = "pt.decode_result";

    /**
     * A decoded value the MMU rejects (reserved bits or encodings, named exactly) or that contradicts the machine (a
     * register selecting another granule, paging mode or memory attribute). <pre>
     * decode 0x200_10a7 at PML4
     * ^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String DECODE_PROBLEM = "pt.decode_problem";

    /**
     * A decode that cannot be done: a level the machine's format does not have, a register of another architecture,
     * a value wider than the entry or register. <pre>
     * decode satp 0x8000_0000_0008_0200
     * ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String DECODE_REFUSED = "pt.decode_refused";

    /**
     * A report that does not exist; data {@code aspects}. <pre>
     * report tlb
     * ^^^^^^^^^^
     * </pre>
     */
    public static final String UNKNOWN_REPORT = "pt.unknown_report";

    /**
     * A cost report: tables, pages, VA consumed, accesses (an info note). <pre>
     * report tables
     * ^^^^^^^^^^^^^
     * </pre>
     */
    public static final String COST_REPORT = "pt.cost_report";

    /**
     * What a statement did to the tables, for {@code report events} (an info note on the statement): each table
     * allocated or freed, each huge page split, each merge, each shared entry. <pre>
     * protect 0xffff_8880_4020_1000 size 4 KiB r
     *         ^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String EVENTS = "pt.events";

    /**
     * The table image a {@code generate} directive emits (an info note on its form): how many tables, where, and each
     * space's root register; data {@code base} and {@code size}. <pre>
     * generate c for kernel into "tables.c"
     *          ^
     * </pre>
     */
    public static final String OUTPUT_IMAGE = "pt.output_image";

    /**
     * One output names spaces of two machines. <pre>
     * generate c for kernel, arm_kernel
     *                        ^^^^^^^^^^
     * </pre>
     */
    public static final String OUTPUT_ACROSS_MACHINES = "pt.output_across_machines";

    /**
     * {@code at physical} not aligned to the image's largest table; data {@code aligned}, the next aligned address.
     * <pre>
     * generate c for kernel at physical 0x0100_0800
     *                                   ^^^^^^^^^^^
     * </pre>
     */
    public static final String OUTPUT_MISALIGNED = "pt.output_misaligned";

    /**
     * The tables at {@code at physical} would run past the physical address width. <pre>
     * generate c for kernel at physical 0xffff_ffff_ffff_f000
     *                                   ^^^^^^^^^^^^^^^^^^^^^
     * </pre>
     */
    public static final String OUTPUT_BEYOND_PHYSICAL = "pt.output_beyond_physical";

    /**
     * A moved table beyond what its entry or root register can hold (PAE's CR3 and ARMv7's TTBR hold 32 bits). <pre>
     * generate c for pae_kernel at physical 0x1_0000_0000
     *                                       ^^^^^^^^^^^^^
     * </pre>
     */
    public static final String OUTPUT_BEYOND_TABLE_REACH = "pt.output_beyond_table_reach";

    /**
     * The moved tables would lie outside RAM (a hole, MMIO, a reserved range, or beyond the memory map). <pre>
     * generate c for kernel at physical 0xfec0_0000
     *                                   ^^^^^^^^^^^
     * </pre>
     */
    public static final String OUTPUT_NOT_IN_RAM = "pt.output_not_in_ram";

    /**
     * The moved tables are no longer where the space's strategy reads them (a table map or identity map still maps
     * the old frames). <pre>
     * generate c for kernel at physical 0x1_0000_0000
     *                                   ^^^^^^^^^^^^^
     * </pre>
     */
    public static final String OUTPUT_UNREACHED = "pt.output_unreached";

    /**
     * A relocatable form (c, gas or nasm without {@code at physical}) of tables whose entries do not hold table
     * addresses in place (RISC-V's PPN at bit 10, AArch64 with a 52-bit PA), which no linker relocation computes; data
     * {@code address}, the simulated base to give. <pre>
     * generate gas for sv39_kernel
     *          ^^^
     * </pre>
     */
    public static final String OUTPUT_NEEDS_ADDRESS = "pt.output_needs_address";

    /**
     * A form that cannot hold the tables: nasm for anything but x86; data {@code suggestion}. <pre>
     * generate nasm for arm_kernel
     *          ^^^^
     * </pre>
     */
    public static final String OUTPUT_FORM_UNAVAILABLE = "pt.output_form_unavailable";

}
