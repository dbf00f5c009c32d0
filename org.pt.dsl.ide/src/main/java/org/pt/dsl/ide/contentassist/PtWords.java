package org.pt.dsl.ide.contentassist;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pt.dsl.model.Vocabulary;
import org.pt.dsl.scoping.StandardLibrary;
import org.pt.engine.analysis.Answer;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.format.Configuration;
import org.pt.engine.format.Feature;
import org.pt.engine.format.FormatOptions;
import org.pt.engine.format.Formats;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.PatPreset;
import org.pt.engine.model.Output;
import org.pt.engine.model.Purpose;

/**
 * PT's own words as completion offers them and hover explains them: each word of one kind, from the single source of
 * that vocabulary (the engine's enums and registries, {@link Vocabulary}, {@link StandardLibrary}), with a one-line
 * detail and a short documentation; and the grammar's keywords with what each introduces. The word lists are never
 * written here; only what a word means, by an exhaustive switch where the vocabulary is an enum, so that a new word
 * without a meaning does not compile.
 */
public final class PtWords {
    private PtWords() {
    }

    /** One word: what is inserted, the one-line detail and the documentation. */
    public record Word(String text, String detail, String documentation) {
    }

    /** The word {@code text} of {@code words}, if it is one of them. */
    public static Optional<Word> find(List<Word> words, String text) {
        return words.stream().filter(w -> w.text().equals(text)).findFirst();
    }

    public static List<Word> formats() {
        List<Word> out = new ArrayList<>();
        for (String name : Formats.names()) {
            PagingFormat f = Formats.standard(name).orElseThrow();
            Geometry g = f.halves().get(0).geometry();
            List<String> levels = new ArrayList<>();
            g.levels().forEach(l -> levels.add(l.name()));
            Geometry.Level top = g.level(0);
            int vaBits = top.shift() + top.indexBits();
            List<String> pages = new ArrayList<>();
            f.pageSizes().forEach(s -> pages.add(SizeUnit.format(s)));
            out.add(new Word(name, "paging format: " + g.depth() + " levels, " + vaBits + "-bit VA, "
                    + f.physicalBits() + "-bit PA by default",
                    "levels " + String.join(", ", levels) + "; pages " + String.join(", ", pages) + "; VA " + vaBits
                            + " bits per half, PA " + f.physicalBits() + " bits unless 'physical bits' says otherwise; "
                            + f.entryBytes() + "-byte entries"));
        }
        return out;
    }

    public static List<Word> units() {
        List<Word> out = new ArrayList<>();
        for (SizeUnit u : SizeUnit.values()) {
            out.add(new Word(u.name(), "size unit: 2^" + u.shift() + " bytes",
                    "1 " + u.name() + " = 2^" + u.shift() + " = " + Long.toUnsignedString(u.bytes())
                            + " bytes; units are case-sensitive"));
        }
        return out;
    }

    public static List<Word> attributes() {
        List<Word> out = new ArrayList<>();
        Vocabulary.attributes().forEach((word, meaning) -> out.add(new Word(word, "attribute", meaning)));
        return out;
    }

    public static List<Word> purposes() {
        List<Word> out = new ArrayList<>();
        for (Purpose p : Purpose.values()) {
            out.add(new Word(p.keyword(), p.isKernel() ? "purpose, kernel half" : "purpose", purpose(p)));
        }
        return out;
    }

    private static String purpose(Purpose p) {
        return switch (p) {
            case USER -> "user space: the lower half a process maps";
            case KERNEL -> "the kernel image and its data";
            case DIRECT_MAP -> "a linear map of physical memory (map all ram into it)";
            case SELF_MAP -> "the recursive slot through which the tables see themselves";
            case WINDOW -> "a small window the kernel remaps to reach one table at a time";
            case GUARD -> "a guard: nothing may map here";
            case MMIO -> "device registers, mapped uncached";
            case OTHER -> "any other kernel region";
        };
    }

    /**
     * The features not yet {@code written}; with the machine's standard format, only those it accepts together with
     * the ones written ({@link Formats#configure}, the check the machine gets: {@code pse36} needs {@code pse}).
     */
    public static List<Word> features(Optional<String> format, List<String> written) {
        boolean standard = format.flatMap(Formats::standard).isPresent();
        List<Feature> before = new ArrayList<>();
        written.stream().filter(w -> w != null).forEach(w -> Vocabulary.feature(w).value().ifPresent(before::add));
        List<Word> out = new ArrayList<>();
        for (Feature f : Feature.values()) {
            List<Feature> with = new ArrayList<>(before);
            with.add(f);
            if (written.contains(Vocabulary.word(f)) || standard && !(Formats.configure(format.get(),
                    FormatOptions.NONE.withFeatures(with)) instanceof Configuration.Configured)) {
                continue;
            }
            out.add(new Word(Vocabulary.word(f), "feature", feature(f)));
        }
        return out;
    }

    private static String feature(Feature f) {
        return switch (f) {
            case NX -> "x86: EFER.NXE, the execute-disable bit 63 (PAE and 4/5-level)";
            case PAGE_1G -> "x86: 1 GiB pages in the PDPT (CPUID pdpe1gb)";
            case PSE -> "x86 32-bit: CR4.PSE, 4 MiB pages in the page directory";
            case PSE36 -> "x86 32-bit: PSE-36, physical address bits above 31 in 4 MiB page entries";
            case GLOBAL_PAGES -> "x86: CR4.PGE, global pages";
            case SMEP -> "x86: CR4.SMEP, no supervisor execution from user pages";
            case SMAP -> "x86: CR4.SMAP, no supervisor data access to user pages";
            case SUM -> "RISC-V: sstatus.SUM, supervisor may read and write user pages";
            case SVPBMT -> "RISC-V: Svpbmt page-based memory types (PBMT bits 62:61)";
            case PAN -> "AArch64: PSTATE.PAN, EL1 data accesses to EL0-accessible pages fault";
            case SUPERSECTIONS -> "ARMv7: 16 MiB supersections";
        };
    }

    public static List<Word> patPresets() {
        List<Word> out = new ArrayList<>();
        for (PatPreset p : PatPreset.values()) {
            out.add(new Word(p.keyword(), "x86 PAT preset", "PAT entries " + p.entries()));
        }
        return out;
    }

    public static List<Word> reportAspects() {
        List<Word> out = new ArrayList<>();
        for (String a : Answer.reportAspects()) {
            out.add(new Word(a, "report aspect", aspect(a)));
        }
        return out;
    }

    /** What an aspect reports, as docs/queries.md says it; an aspect the engine adds later gets a generic line. */
    private static String aspect(String aspect) {
        return switch (aspect) {
            case "tables" -> "the space's tables per level, in frames and bytes, and how many are shared";
            case "pages" -> "the pages per size that map the space, and the TLB entries that cover every mapping";
            case "where" -> "where each table of the space is seen through the strategy";
            case "va" -> "the virtual addresses the strategy takes";
            case "access" -> "what one table access costs: reads, remaps, TLB invalidations and shootdowns";
            case "events" -> "what each statement did to the tables (allocated, split, freed, merged, shared)";
            case "layout" -> "the layout's regions and the gaps between them: start, end, size, top-level slots, share";
            default -> "one aspect of the report";
        };
    }

    public static List<Word> outputs() {
        List<Word> out = new ArrayList<>();
        for (Output.Kind k : Output.Kind.values()) {
            out.add(new Word(k.word(), "output form", output(k)));
        }
        return out;
    }

    /** What each form writes, as docs/outputs.md says it. */
    private static String output(Output.Kind kind) {
        return switch (kind) {
            case C -> "BASE.c and BASE.h: the image as one aligned array in .pt_tables, roots, registers and accessors";
            case GAS -> "BASE.S for GNU as: the image under label pt_tables in .pt_tables, constants as .set/.equ";
            case NASM -> "BASE.asm for NASM: the same, with %define/equ (x86 only)";
            case BINARY -> "BASE.bin and BASE.json: the raw image as a loader copies it, and its base, size and roots";
            case LINKER -> "BASE.ld: a linker script fragment placing .pt_tables and defining the symbols";
            case JSON -> "BASE.json: every table and entry decoded";
        };
    }

    /** The library files as an import writes them, quoted. */
    public static List<Word> libraryFiles() {
        List<Word> out = new ArrayList<>();
        for (String file : StandardLibrary.files()) {
            String machine = StandardLibrary.machineOf(file).orElseThrow();
            out.add(new Word("\"" + file + "\"", "standard library: machine " + machine,
                    "imports machine " + machine + " from PT's standard library"));
        }
        return out;
    }

    /** The documentation of a strategy keyword after {@code tables via}, as docs/strategies.md says it. */
    public static String strategy(String keyword) {
        return switch (keyword) {
            case "recursive" -> "a top-level slot that points at its own table: every table appears in the "
                    + "self-map region";
            case "direct-map" -> "tables are read through the linear map of physical memory";
            case "identity" -> "tables are read at their physical addresses (identity-mapped)";
            case "table-offset" -> "tables are mapped at a fixed offset from their physical address in a region";
            case "window" -> "the kernel remaps a small window to reach one table at a time (per-cpu optional)";
            default -> "";
        };
    }

    /**
     * What a keyword of the grammar introduces, as docs/ says it (a strategy keyword: {@link #strategy}); empty for a
     * word that is no keyword. {@code WordHoverTest} fails when a keyword of the grammar has no documentation here.
     */
    public static String keyword(String keyword) {
        String strategy = strategy(keyword);
        return switch (keyword) {
            case "all", "ram" -> "map all ram into REGION: every RAM range of the machine, mapped into a region "
                    + "(a direct map); in a machine, ram RANGE is a range of RAM";
            case "at", "physical" -> "physical bits N: the machine's physical address width; generate ... at physical "
                    + "ADDRESS: where the tables' image is loaded; root at ADDRESS: where the space's root table is; "
                    + "REGION RANGE from physical ADDRESS: the physical address a direct map holds at its first byte";
            case "bits" -> "physical bits N, va bits N[/M]: an address width in bits";
            case "bootstrap" -> "window REGION bootstrap STRATEGY: how the window's own page table is reached";
            case "budget", "frames" -> "budget N frames: the most table frames the machine's spaces may allocate";
            case "compact" -> "compact: merges every table of the space that holds uniform, contiguous leaves back "
                    + "into one leaf";
            case "cpus" -> "cpus N: how many CPUs the machine has (per-cpu windows, TLB shootdowns)";
            case "expect" -> "walk VA expect PA | fault: what the walk must find; anything else is an error";
            case "fault" -> "walk VA expect fault: the walk must fault";
            case "features" -> "features A, B: the optional hardware features the machine enables, instead of its "
                    + "format's defaults";
            case "for" -> "layout L for MACHINE: the machine a layout divides; generate FORM for SPACE, ...: the spaces "
                    + "an output holds";
            case "foreign" -> "recursive REGION foreign slot N: a second slot that points at another space's root";
            case "format" -> "format NAME: the machine's paging format";
            case "from" -> "tables from RANGE: where the machine's table frames are allocated; reach VA from SPACE: "
                    + "the space whose strategy reaches the entries; REGION RANGE from physical ADDRESS: the physical "
                    + "address a direct map holds at its first byte (0 when not written)";
            case "generate" -> "generate FORM for SPACE, ... [at physical ADDRESS] [into \"FILE\"]: an output of the "
                    + "spaces' tables";
            case "half", "share", "with" -> "share kernel half with SPACE: this space uses SPACE's kernel-half tables";
            case "import" -> "import \"FILE\": a file relative to this one, or from the standard library (\"std/...\")";
            case "into" -> "map all ram into REGION: the region RAM is mapped into; generate ... into \"FILE\": the "
                    + "output's file name";
            case "kernel" -> "share kernel half with SPACE; as an attribute, kernel-only access";
            case "largest" -> "pages largest: the largest page the alignment, size and attributes allow (the default)";
            case "smallest" -> "pages smallest: the smallest page size only";
            case "pages" -> "pages <= SIZE | smallest | largest: the page sizes a mapping may use; report pages: the "
                    + "pages per size";
            case "layout" -> "layout NAME for MACHINE { REGIONS }: named virtual regions of a machine's address space";
            case "machine" -> "machine NAME [extends MACHINE] { ... }: a paging format, its features and the physical "
                    + "memory";
            case "extends" -> "machine NAME extends MACHINE { ... }: MACHINE's properties, with the lines written here "
                    + "replacing or adding to them";
            case "map" -> "map TARGET [to PA | identity] ATTRIBUTES [pages ...]: maps virtual memory";
            case "remap" -> "remap TARGET ...: a map that replaces what is already mapped there";
            case "unmap" -> "unmap TARGET: removes the mappings of a range";
            case "protect" -> "protect TARGET ATTRIBUTES: changes the attributes of what is mapped there";
            case "mmio" -> "mmio RANGE: device registers in the machine's physical memory map";
            case "reserved" -> "reserved RANGE: physical memory no table may be placed in";
            case "package" -> "package A.B: the qualified name of this file's elements";
            case "pat" -> "pat PRESET: x86: the eight entries of the PAT MSR";
            case "per-cpu" -> "window REGION per-cpu: one window per CPU";
            case "decode" -> "decode VALUE at LEVEL | decode REGISTER VALUE: a raw entry or paging register decoded for "
                    + "this machine";
            case "reach" -> "reach VA from SPACE: how SPACE's strategy reaches the entries that map VA here";
            case "root" -> "root at ADDRESS: the space's (first) root table is at ADDRESS, as a debugger showed it";
            case "report" -> "report [ASPECT]: the space's tables, pages, strategy and costs";
            case "size" -> "START size SIZE: a range by its size";
            case "slot", "top-level" -> "top-level slot N: a region that is one top-level entry's range";
            case "space" -> "space NAME uses LAYOUT { STATEMENTS }: an address space: its tables, strategy, mappings "
                    + "and queries";
            case "tables" -> "tables via STRATEGY: how the kernel reaches this space's tables; tables from RANGE: "
                    + "where table frames come from; report tables";
            case "to" -> "map ... to PA: the physical address the range maps to";
            case "uses" -> "space NAME uses LAYOUT: the layout whose regions the space maps";
            case "va" -> "va bits N[/M]: AArch64: the VA size of TTBR0 and TTBR1; report va";
            case "via" -> "tables via STRATEGY: how the kernel reaches this space's tables";
            case "walk" -> "walk VA [expect PA | fault]: the MMU's walk of VA in this space";
            case "identity" -> "map ... identity: the virtual address is the physical one; tables via identity: "
                    + strategy;
            default -> strategy;
        };
    }
}
