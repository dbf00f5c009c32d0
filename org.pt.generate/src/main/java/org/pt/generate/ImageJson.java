package org.pt.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pt.engine.format.DecodedEntry;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.MemoryType;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.image.AccessFormula;
import org.pt.engine.image.Register;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Region;

/**
 * The JSON document of a table image (docs/json-schema.md, docs/pt-tables.schema.json): what the image is and where it
 * lies, each space's roots, registers, access formula and regions, and for the {@code json} form every table with its
 * non-zero entries decoded. The {@code binary} form's companion is the same document without the tables, naming the
 * {@code .bin} file instead. Addresses and other 64-bit values are hex strings; counts and bit positions are numbers.
 */
final class ImageJson {

    /** The value of the document's {@code schema} member; changes when a member changes meaning or goes away. */
    static final String SCHEMA = "pt-tables/1";

    private final Job job;
    private final TableImage image;
    private final PagingFormat format;
    /** The tables' target addresses, ascending (table PAs lie below 2^52: signed order is address order). */
    private final long[] pas;

    ImageJson(Job job) {
        this.job = job;
        this.image = job.image();
        this.format = image.format();
        this.pas = image.tables().stream().mapToLong(TableImage.Table::pa).toArray();
    }

    /** The {@code json} form: the document with every table. */
    void writeTables(OutputStream out) throws IOException {
        JsonWriter w = new JsonWriter(out);
        w.beginObject();
        header(w, "json");
        spaces(w);
        tables(w);
        w.endObject();
        w.finish();
    }

    /** The {@code binary} form's companion: the document naming {@code binFile} instead of listing the tables. */
    void writeCompanion(OutputStream out, String binFile) throws IOException {
        JsonWriter w = new JsonWriter(out);
        w.beginObject();
        header(w, "binary");
        w.name("binary").beginInlineObject().member("file", binFile).hexMember("bytes", image.size()).endObject();
        spaces(w);
        w.endObject();
        w.finish();
    }

    private void header(JsonWriter w, String form) throws IOException {
        w.member("schema", SCHEMA);
        w.member("form", form);
        w.member("generator", "PT");
        w.member("source", job.source());
        w.member("format", format.name());
        w.member("family", format.family().name().toLowerCase(Locale.ROOT));
        w.member("machine", image.machine().name());
        w.member("mode", job.absolute() ? "absolute" : "simulated");
        w.hexMember("base", image.base());
        w.hexMember("size", image.size());
        w.hexMember("delta", image.delta());
        w.member("entryBytes", image.entryBytes());
        w.member("byteOrder", "little-endian");
        w.member("physicalBits", format.physicalBits());
    }

    // ---- spaces -------------------------------------------------------------------------------------------------

    private void spaces(JsonWriter w) throws IOException {
        w.name("spaces").beginArray();
        for (TableImage.SpaceImage s : image.spaces()) {
            w.beginObject();
            w.member("name", s.name());
            w.member("layout", s.layout().name());
            w.name("roots").beginArray();
            for (Half h : format.halves()) {
                w.beginInlineObject().member("half", h.index()).member("register", h.rootRegister())
                        .hexMember("pa", s.roots().get(h.index())).endObject();
            }
            w.endArray();
            w.name("registers").beginArray();
            for (Register r : s.registers()) {
                register(w, r);
            }
            w.endArray();
            w.name("access");
            access(w, s.access());
            w.name("regions").beginArray();
            for (Region r : s.layout().regions()) {
                w.beginInlineObject().member("name", r.name()).member("purpose", r.purpose().keyword())
                        .hexMember("start", r.range().start()).hexMember("last", r.range().last());
                if (r.topLevelSlot().isPresent()) {
                    w.member("topLevelSlot", r.topLevelSlot().getAsInt());
                }
                w.endObject();
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
    }

    private static void register(JsonWriter w, Register r) throws IOException {
        w.beginObject();
        w.member("name", r.name());
        w.member("bits", r.bits());
        w.hexMember("value", r.value());
        w.member("role", r.role());
        w.name("fields").beginArray();
        for (Register.Field f : r.fields()) {
            w.beginInlineObject().member("name", f.name()).member("lsb", f.lsb()).member("width", f.width())
                    .hexMember("value", f.value()).member("meaning", f.meaning()).endObject();
        }
        w.endArray();
        w.endObject();
    }

    private static void access(JsonWriter w, AccessFormula a) throws IOException {
        switch (a) {
            case AccessFormula.None n -> w.beginInlineObject().member("kind", "none").endObject();
            case AccessFormula.Offset o -> w.beginInlineObject().member("kind", "offset")
                    .member("strategy", o.kind()).member("region", o.region()).hexMember("paBase", o.paBase())
                    .hexMember("start", o.window().start()).hexMember("last", o.window().last()).endObject();
            case AccessFormula.RecursiveSlot r -> {
                w.beginObject().member("kind", "recursive-slot").member("region", r.region())
                        .member("half", r.half()).member("slot", r.slot());
                if (r.foreign() >= 0) {
                    w.member("foreignSlot", r.foreign());
                }
                if (r.firstPd() >= 0) {
                    w.member("firstPd", r.firstPd());
                }
                ints(w.name("shifts"), r.shifts());
                ints(w.name("indexBits"), r.indexBits());
                w.name("placement");
                switch (r.placement()) {
                    case AccessFormula.Placement.SignExtend s -> w.beginInlineObject().member("kind", "sign-extend")
                            .member("bits", s.bits()).endObject();
                    case AccessFormula.Placement.Base b -> w.beginInlineObject().member("kind", "base")
                            .hexMember("base", b.base()).endObject();
                }
                w.endObject();
            }
            case AccessFormula.Window win -> {
                w.beginObject().member("kind", "window").member("region", win.region()).member("half", win.half())
                        .hexMember("pageSize", win.pageSize());
                w.name("pageVas").beginInlineArray();
                for (long va : win.pageVas()) {
                    w.hex(va);
                }
                w.endArray();
                w.name("ptePas").beginInlineArray();
                for (long pa : win.ptePas()) {
                    if (pa == -1L) {
                        w.nullValue();
                    } else {
                        w.hex(pa);
                    }
                }
                w.endArray();
                w.hexMember("entryTemplate", win.entryTemplate());
                w.name("bootstrap");
                access(w, win.bootstrap());
                w.endObject();
            }
        }
    }

    private static void ints(JsonWriter w, List<Integer> values) throws IOException {
        w.beginInlineArray();
        for (int v : values) {
            w.value(v);
        }
        w.endArray();
    }

    // ---- tables -------------------------------------------------------------------------------------------------

    private void tables(JsonWriter w) throws IOException {
        List<TableImage.Table> tables = image.tables();
        long[] vas = tableVas();
        int eb = image.entryBytes();
        w.member("tableCount", tables.size());
        w.name("tables").beginArray();
        long[] entries = new long[0];
        for (int k = 0; k < tables.size(); k++) {
            TableImage.Table t = tables.get(k);
            Geometry.Level l = format.halves().get(t.half()).geometry().level(t.depth());
            int count = t.entries(eb);
            if (entries.length < count) {
                entries = new long[count];
            }
            image.entries(t, 0, count, entries);
            int nonZero = 0;
            for (int i = 0; i < count; i++) {
                if (entries[i] != 0) {
                    nonZero++;
                }
            }
            w.beginObject();
            w.member("number", k);
            w.hexMember("pa", t.pa());
            w.hexMember("simulatedPa", t.simulatedPa());
            w.member("bytes", t.bytes());
            w.member("level", t.level());
            w.member("archLevel", t.archLevel());
            w.member("depth", t.depth());
            w.member("half", t.half());
            w.hexMember("va", vas[k]);
            w.hexMember("entrySpan", l.entrySize());
            w.name("spaces").beginInlineArray();
            for (String s : t.spaces()) {
                w.value(s);
            }
            w.endArray();
            w.member("entryCount", count);
            w.member("nonZero", nonZero);
            w.name("entries").beginArray();
            for (int i = 0; i < count; i++) {
                if (entries[i] != 0) {
                    entry(w, t, i, entries[i], entryVa(t, vas[k], i));
                }
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
    }

    private void entry(JsonWriter w, TableImage.Table t, int index, long raw, long va) throws IOException {
        int arch = t.archLevel();
        DecodedEntry d = format.decode(raw, arch);
        w.beginInlineObject();
        w.member("index", index);
        w.hexMember("raw", raw);
        w.hexMember("va", va);
        w.member("kind", d.kind().name().toLowerCase(Locale.ROOT));
        if (d.address().isPresent()) {
            w.hexMember("address", d.address().getAsLong());
        }
        if (d.kind() == EntryKind.TABLE) {
            long to = d.address().getAsLong();
            int k = tableAt(to);
            if (k >= 0) {
                w.member("table", k);
            }
        } else if (d.kind() == EntryKind.LEAF) {
            w.hexMember("pageSize", format.leafSize(raw, arch));
        }
        w.name("fields").beginArray();
        for (DecodedEntry.Field f : d.fields()) {
            w.beginObject().member("name", f.name()).member("lsb", f.lowBit()).member("width", f.width())
                    .hexMember("value", f.value()).endObject();
        }
        w.endArray();
        if (d.memoryType().isPresent()) {
            MemoryType m = d.memoryType().get();
            w.name("memoryType").beginObject().member("name", m.name()).member("cache", m.cache().keyword())
                    .member("detail", m.toString()).endObject();
        }
        w.endObject();
    }

    /** The number of the image table starting at {@code pa}, or -1. */
    private int tableAt(long pa) {
        int k = Arrays.binarySearch(pas, pa);
        return k < 0 ? -1 : k;
    }

    /**
     * The VA entry {@code i} of {@code t} translates when entry 0 translates {@code base}: sign-extended in the root of
     * a half that holds both ends of a sign-extended space (x86_64, RISC-V), as the table tree does.
     */
    private long entryVa(TableImage.Table t, long base, int i) {
        Half h = format.halves().get(t.half());
        Geometry.Level l = h.geometry().level(t.depth());
        long va = base + ((long) i << l.shift());
        int bits = t.depth() == 0 && h.ranges().size() > 1 ? l.shift() + l.indexBits() : 64;
        return bits < 64 ? (va << (64 - bits)) >> (64 - bits) : va;
    }

    /**
     * The VA entry 0 of each table translates, by table number: the tree of every space (output order) walked from
     * its roots over the image as the engine's table tree walks it (a table entry is followed when it points at a
     * table of the next level that is not the half's root; recursive and foreign slots are not). A table reached
     * twice keeps its first VA.
     */
    private long[] tableVas() {
        long[] vas = new long[pas.length];
        boolean[] seen = new boolean[pas.length];
        for (TableImage.SpaceImage s : image.spaces()) {
            for (Half h : format.halves()) {
                long root = s.roots().get(h.index());
                int k = tableAt(root);
                if (k >= 0) {
                    descend(h, 0, k, h.ranges().size() == 1 ? h.ranges().get(0).start() : 0, root, vas, seen);
                }
            }
        }
        for (int k = 0; k < seen.length; k++) {
            if (!seen[k]) {
                throw new IllegalStateException("table at " + Long.toHexString(pas[k]) + " is reached by no root");
            }
        }
        return vas;
    }

    /** Records {@code va} for table {@code k} (depth {@code d} of {@code h}) and its subtree, unless already seen. */
    private void descend(Half h, int d, int k, long va, long root, long[] vas, boolean[] seen) {
        if (seen[k]) {
            return; // a shared table: its subtree was recorded at the same VAs
        }
        seen[k] = true;
        vas[k] = va;
        Geometry g = h.geometry();
        if (d + 1 >= g.depth()) {
            return;
        }
        TableImage.Table t = image.tables().get(k);
        Geometry.Level l = g.level(d);
        int nextArch = g.level(d + 1).archLevel();
        int count = t.entries(image.entryBytes());
        long[] e = new long[count];
        image.entries(t, 0, count, e);
        for (int i = 0; i < count; i++) {
            if (e[i] == 0 || format.kind(e[i], l.archLevel()) != EntryKind.TABLE) {
                continue;
            }
            long child = format.address(e[i], l.archLevel());
            int c = tableAt(child);
            if (c < 0 || child == root || image.tables().get(c).archLevel() != nextArch) {
                continue;
            }
            descend(h, d + 1, c, entryVa(t, va, i), root, vas, seen);
        }
    }
}
