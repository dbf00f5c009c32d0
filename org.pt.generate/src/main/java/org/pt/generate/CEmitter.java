package org.pt.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pt.engine.image.TableImage;

/**
 * The {@code c} form: {@code BASE.c} holds the table memory as one aligned array in section {@code .pt_tables}, a
 * comment before each table; {@code BASE.h} its constants, root symbols, register values, region constants and the
 * strategy's accessors. The text around the entries comes from {@link CTemplates}; the entries are streamed here, a
 * table at a time, so the tables never become one string.
 *
 * <p>In absolute mode an entry is its number. In relocatable mode an entry that points at a table of the image is
 * {@code ENTRY_AT(offset, bits)}: the table's address in {@code <p>tables}, minus {@code <P>PHYS_OFFSET}, plus the
 * entry's other bits, computed by the linker (GCC and Clang accept it in a static initializer when entries are as wide
 * as pointers). Lines of entries that are all zero are left out; the next line starts with its index.
 */
public final class CEmitter implements Emitter {

    private static final int PER_LINE = 4;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Override
    public List<Artifact> emit(Job job) {
        if (!job.absolute()) {
            Relocation.refusal(job.image(), "C").ifPresent(m -> {
                throw new GenerateRefusal(m);
            });
        }
        CModel m = new CModel(job);
        return List.of(new Artifact(job.baseName() + ".c", out -> source(m, out)),
                new Artifact(job.baseName() + ".h", out -> text(CTemplates.header(m), out)));
    }

    private static void text(CharSequence s, OutputStream out) throws IOException {
        out.write(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void source(CModel m, OutputStream out) throws IOException {
        text(CTemplates.sourceStart(m), out);
        new Entries(m, out).write();
        text(CTemplates.sourceEnd(m), out);
    }

    /** The entries of every table, written into a byte buffer flushed to the stream. */
    private static final class Entries {
        private final CModel m;
        private final TableImage image;
        private final OutputStream out;
        private final byte[] buf = new byte[1 << 16];
        private final int digits;
        private final byte[] entryAt;
        private int fill;

        Entries(CModel m, OutputStream out) {
            this.m = m;
            this.image = m.image;
            this.out = out;
            this.digits = image.entryBytes() * 2;
            this.entryAt = (m.entryAt + "(").getBytes(StandardCharsets.US_ASCII);
        }

        void write() throws IOException {
            int eb = image.entryBytes();
            long[] entries = new long[0];
            boolean first = true;
            for (TableImage.Table t : image.tables()) {
                int count = t.entries(eb);
                if (entries.length < count) {
                    entries = new long[count];
                }
                image.entries(t, 0, count, entries);
                if (!first) {
                    ascii("\n");
                }
                first = false;
                ascii("\t/* " + t.level() + " at " + CModel.hex(t.pa()) + " (depth " + t.depth()
                        + (image.format().halves().size() > 1 ? ", half " + t.half() : "") + "): "
                        + Comments.safe(String.join(", ", t.spaces())) + " */\n");
                long index = (t.pa() - image.base()) / eb;
                boolean designate = true;
                for (int i = 0; i < count; i += PER_LINE) {
                    int n = Math.min(PER_LINE, count - i);
                    if (zero(entries, i, n)) {
                        designate = true;
                        continue;
                    }
                    room(16);
                    buf[fill++] = '\t';
                    if (designate) {
                        ascii("[" + (index + i) + "] = ");
                        designate = false;
                    }
                    for (int k = 0; k < n; k++) {
                        if (k > 0) {
                            room(1);
                            buf[fill++] = ' ';
                        }
                        entry(t, entries[i + k]);
                    }
                    room(1);
                    buf[fill++] = '\n';
                }
            }
            out.write(buf, 0, fill);
            fill = 0;
        }

        private static boolean zero(long[] e, int from, int n) {
            for (int k = from; k < from + n; k++) {
                if (e[k] != 0) {
                    return false;
                }
            }
            return true;
        }

        private void entry(TableImage.Table t, long raw) throws IOException {
            if (!m.absolute) {
                var to = Relocation.target(image, t, raw);
                if (to.isPresent()) {
                    room(entryAt.length);
                    System.arraycopy(entryAt, 0, buf, fill, entryAt.length);
                    fill += entryAt.length;
                    ascii(CModel.hex(to.get().pa() - image.base()) + ", ");
                    number(Relocation.flags(image, t, raw));
                    ascii("),");
                    return;
                }
            }
            number(raw);
            room(1);
            buf[fill++] = ',';
        }

        /** {@code 0x} and the value in as many hex digits as an entry has. */
        private void number(long v) throws IOException {
            room(2 + digits);
            buf[fill++] = '0';
            buf[fill++] = 'x';
            for (int s = (digits - 1) * 4; s >= 0; s -= 4) {
                buf[fill++] = HEX[(int) (v >>> s) & 0xF];
            }
        }

        private void ascii(String s) throws IOException {
            if (s.length() > buf.length) {
                out.write(buf, 0, fill);
                fill = 0;
                out.write(s.getBytes(StandardCharsets.US_ASCII));
                return;
            }
            room(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[fill++] = (byte) s.charAt(i);
            }
        }

        private void room(int n) throws IOException {
            if (fill + n > buf.length) {
                out.write(buf, 0, fill);
                fill = 0;
            }
        }
    }
}
