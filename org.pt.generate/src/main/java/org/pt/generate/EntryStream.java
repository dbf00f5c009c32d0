package org.pt.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.image.TableImage;
import org.pt.engine.image.TableImage.Table;

/**
 * Streams the tables of an image as assembler data, a table at a time through one reused {@code long[]} and one
 * byte buffer: no line becomes a {@link String}, so 128 MiB of tables never sit in memory as text. Each table gets a
 * comment line and the labels of the roots that start there; entries go several per line ({@code .quad}/{@code dq}
 * four, {@code .4byte}/{@code dd} eight), runs of zero entries of a line or more become one zero fill, and gaps
 * between tables are zero fills. In relocatable mode an entry that points at a table of the image is written on its
 * own line as {@code TABLES + OFFSET - PHYS_OFFSET + FLAGS}.
 */
final class EntryStream {

    private final AsmModel model;
    private final AsmSyntax syntax;
    private final Ascii out;

    private EntryStream(AsmModel model, AsmSyntax syntax, OutputStream out) {
        this.model = model;
        this.syntax = syntax;
        this.out = new Ascii(out);
    }

    /** Writes every table of {@code model}'s image from its base to its end, in {@code syntax}. */
    static void write(AsmModel model, AsmSyntax syntax, OutputStream out) throws IOException {
        EntryStream s = new EntryStream(model, syntax, out);
        s.tables();
        s.out.flush();
    }

    /** Writes template text (ASCII by construction: spec text passes {@link Comments#safe}). */
    static void text(OutputStream out, CharSequence text) throws IOException {
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void tables() throws IOException {
        TableImage image = model.image();
        PagingFormat f = image.format();
        int eb = image.entryBytes();
        int perLine = eb == 8 ? 4 : 8;
        long[] entries = new long[0];
        long at = image.base();
        for (Table t : image.tables()) {
            if (t.pa() != at) {
                out.line(syntax.skip(t.pa() - at));
            }
            out.line(syntax.comment(AsmModel.safe(t.level() + " at " + AsmModel.hex(t.pa()) + ", read by "
                    + t.spaces().stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ")))));
            for (AsmModel.Root r : model.rootsAt(t.pa())) {
                out.line(syntax.global(r.label()));
                out.line(syntax.label(r.label()));
            }
            int count = t.entries(eb);
            if (entries.length < count) {
                entries = new long[count];
            }
            image.entries(t, 0, count, entries);
            boolean relocate = model.relocatable() && !model.leafOnly(t);
            int pending = 0;
            int i = 0;
            while (i < count) {
                long e = entries[i];
                if (e == 0) {
                    int j = i;
                    while (j < count && entries[j] == 0) {
                        j++;
                    }
                    if (j - i >= perLine) {
                        pending = end(pending);
                        out.line(syntax.skip((long) (j - i) * eb));
                        i = j;
                        continue;
                    }
                }
                if (relocate && f.kind(e, t.archLevel()) == EntryKind.TABLE) {
                    long to = f.address(e, t.archLevel());
                    if (image.table(to).isPresent()) {
                        pending = end(pending);
                        pointer(e, to, t.archLevel(), eb);
                        i++;
                        continue;
                    }
                }
                if (pending == 0) {
                    out.text(syntax.data(eb));
                } else {
                    out.text(", ");
                }
                out.hex(e, eb * 2);
                if (++pending == perLine) {
                    pending = end(pending);
                }
                i++;
            }
            end(pending);
            at = t.pa() + t.bytes();
        }
        long end = image.base() + image.size();
        if (at != end) {
            out.line(syntax.skip(end - at));
        }
    }

    /** Ends a data line that has items. */
    private int end(int pending) throws IOException {
        if (pending > 0) {
            out.newline();
        }
        return 0;
    }

    /** An entry pointing at image table address {@code to}, computed from the image label when linked. */
    private void pointer(long e, long to, int archLevel, int eb) throws IOException {
        PagingFormat f = model.image().format();
        long flags = e ^ f.tableEntry(to, archLevel) ^ f.tableEntry(0, archLevel);
        boolean split = eb == 8 && model.target32();
        out.text(syntax.data(split ? 4 : eb));
        out.text(model.tables());
        out.text(" + ");
        out.text(AsmModel.hex(to - model.image().base()));
        out.text(" - ");
        out.text(model.physOffset());
        out.text(" + ");
        out.text(AsmModel.hex(split ? flags & 0xFFFF_FFFFL : flags));
        if (split) {
            out.text(", ");
            out.text(AsmModel.hex(flags >>> 32));
        }
        out.newline();
    }

    /** ASCII into a byte buffer, hex digits without a String. */
    private static final class Ascii {
        private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private final OutputStream out;
        private final byte[] buf = new byte[1 << 16];
        private int fill;

        Ascii(OutputStream out) {
            this.out = out;
        }

        private void room(int n) throws IOException {
            if (fill + n > buf.length) {
                flush();
            }
        }

        void text(String s) throws IOException {
            int n = s.length();
            if (n > buf.length) {
                flush();
                out.write(s.getBytes(StandardCharsets.UTF_8));
                return;
            }
            room(n);
            for (int i = 0; i < n; i++) {
                buf[fill++] = (byte) s.charAt(i); // callers pass ASCII (Comments.safe, identifiers, hex)
            }
        }

        void line(String s) throws IOException {
            text(s);
            newline();
        }

        void newline() throws IOException {
            room(1);
            buf[fill++] = '\n';
        }

        /** {@code 0x} and {@code digits} hex digits of {@code v}. */
        void hex(long v, int digits) throws IOException {
            room(digits + 2);
            buf[fill++] = '0';
            buf[fill++] = 'x';
            for (int k = digits - 1; k >= 0; k--) {
                buf[fill++] = DIGITS[(int) (v >>> (4 * k)) & 0xF];
            }
        }

        void flush() throws IOException {
            out.write(buf, 0, fill);
            fill = 0;
        }
    }
}
