package org.pt.generate;

import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A streaming JSON writer: values go to the stream as they are written, so a document of millions of entries never
 * exists in memory. Output is UTF-8; containers opened {@code inline} (and everything inside them) stay on one line,
 * the others put each member on its own line, indented by two spaces, so a table entry is one line of the file.
 *
 * <p>Strings are escaped so that any text from a spec is one JSON string: quote, backslash and every control character
 * (U+0000..U+001F, U+007F) are escaped, as are U+2028 and U+2029 (line ends for JavaScript) and unpaired surrogates
 * (which UTF-8 cannot carry).
 *
 * <p>The writer checks its use: a member name only inside an object, a value only after a name there, containers
 * closed in order. Misuse is a programming error ({@link IllegalStateException}).
 */
public final class JsonWriter implements Flushable {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int MAX_DEPTH = 64;

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int fill;

    /** Per open container: object or array, inline or not, whether a member was written. */
    private final boolean[] object = new boolean[MAX_DEPTH];
    private final boolean[] inline = new boolean[MAX_DEPTH];
    private final boolean[] nonEmpty = new boolean[MAX_DEPTH];
    private int depth;
    /** Inside an object: a name has been written and its value is due. */
    private boolean named;
    private boolean done;

    public JsonWriter(OutputStream out) {
        this.out = out;
    }

    // ---- containers --------------------------------------------------------------------------------------------

    public JsonWriter beginObject() throws IOException {
        return open(true, false);
    }

    /** An object written on one line, with everything inside it. */
    public JsonWriter beginInlineObject() throws IOException {
        return open(true, true);
    }

    public JsonWriter endObject() throws IOException {
        return close(true);
    }

    public JsonWriter beginArray() throws IOException {
        return open(false, false);
    }

    /** An array written on one line, with everything inside it. */
    public JsonWriter beginInlineArray() throws IOException {
        return open(false, true);
    }

    public JsonWriter endArray() throws IOException {
        return close(false);
    }

    private JsonWriter open(boolean isObject, boolean isInline) throws IOException {
        beforeValue();
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        object[depth] = isObject;
        inline[depth] = isInline || depth > 0 && inline[depth - 1];
        nonEmpty[depth] = false;
        depth++;
        put((byte) (isObject ? '{' : '['));
        return this;
    }

    private JsonWriter close(boolean isObject) throws IOException {
        if (depth == 0 || object[depth - 1] != isObject || named) {
            throw new IllegalStateException("no open " + (isObject ? "object" : "array") + " to close here");
        }
        depth--;
        if (nonEmpty[depth] && !inline[depth]) {
            newline(depth);
        }
        put((byte) (isObject ? '}' : ']'));
        if (depth == 0) {
            done = true;
            put((byte) '\n');
        }
        return this;
    }

    // ---- members and values -------------------------------------------------------------------------------------

    /** The name of the next member of the open object. */
    public JsonWriter name(String name) throws IOException {
        if (depth == 0 || !object[depth - 1] || named) {
            throw new IllegalStateException("a member name outside an object: " + name);
        }
        separate();
        string(name);
        put((byte) ':');
        put((byte) ' ');
        named = true;
        return this;
    }

    public JsonWriter value(String s) throws IOException {
        beforeValue();
        string(s);
        return afterScalar();
    }

    /** A JSON number; use {@link #hex} for addresses and 64-bit values (numbers above 2^53 lose precision). */
    public JsonWriter value(long n) throws IOException {
        beforeValue();
        ascii(Long.toString(n));
        return afterScalar();
    }

    public JsonWriter value(boolean b) throws IOException {
        beforeValue();
        ascii(b ? "true" : "false");
        return afterScalar();
    }

    public JsonWriter nullValue() throws IOException {
        beforeValue();
        ascii("null");
        return afterScalar();
    }

    /** {@code v} as an unsigned 64-bit value in a string: {@code "0x200000"} (lower case, no leading zeros). */
    public JsonWriter hex(long v) throws IOException {
        beforeValue();
        if (fill + 21 > buf.length) {
            drain();
        }
        buf[fill++] = '"';
        buf[fill++] = '0';
        buf[fill++] = 'x';
        int digits = v == 0 ? 1 : (67 - Long.numberOfLeadingZeros(v)) / 4;
        for (int k = digits - 1; k >= 0; k--) {
            buf[fill++] = HEX[(int) (v >>> (4 * k)) & 0xF];
        }
        buf[fill++] = '"';
        return afterScalar();
    }

    /** {@code name} and its string value. */
    public JsonWriter member(String name, String value) throws IOException {
        return name(name).value(value);
    }

    /** {@code name} and its number value. */
    public JsonWriter member(String name, long value) throws IOException {
        return name(name).value(value);
    }

    /** {@code name} and {@code value} as a hex string. */
    public JsonWriter hexMember(String name, long value) throws IOException {
        return name(name).hex(value);
    }

    /** Writes out what is buffered (not the underlying stream's buffers: the caller owns the stream). */
    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    /** Flushes after checking that the document is complete. */
    public void finish() throws IOException {
        if (!done || depth != 0) {
            throw new IllegalStateException("the JSON document is not complete");
        }
        flush();
    }

    /** A scalar that is the whole document ends it. */
    private JsonWriter afterScalar() throws IOException {
        if (depth == 0) {
            done = true;
            put((byte) '\n');
        }
        return this;
    }

    private void beforeValue() throws IOException {
        if (done) {
            throw new IllegalStateException("a second JSON document");
        }
        if (depth == 0) {
            return;
        }
        if (object[depth - 1]) {
            if (!named) {
                throw new IllegalStateException("a value without a member name");
            }
            named = false;
        } else {
            separate();
        }
    }

    /** The comma and line break before a member of the open container. */
    private void separate() throws IOException {
        int d = depth - 1;
        if (nonEmpty[d]) {
            put((byte) ',');
            if (inline[d]) {
                put((byte) ' ');
            }
        }
        nonEmpty[d] = true;
        if (!inline[d]) {
            newline(depth);
        }
    }

    private void newline(int indent) throws IOException {
        put((byte) '\n');
        for (int i = 0; i < indent; i++) {
            put((byte) ' ');
            put((byte) ' ');
        }
    }

    // ---- bytes --------------------------------------------------------------------------------------------------

    private void string(String s) throws IOException {
        put((byte) '"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                put((byte) '\\');
                put((byte) c);
            } else if (c < 0x20 || c == 0x7F) {
                switch (c) {
                    case '\n' -> escape('n');
                    case '\r' -> escape('r');
                    case '\t' -> escape('t');
                    case '\b' -> escape('b');
                    case '\f' -> escape('f');
                    default -> unicode(c);
                }
            } else if (c < 0x80) {
                put((byte) c);
            } else if (c == '\u2028' || c == '\u2029') {
                unicode(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                put((byte) (0xF0 | cp >>> 18));
                put((byte) (0x80 | (cp >>> 12) & 0x3F));
                put((byte) (0x80 | (cp >>> 6) & 0x3F));
                put((byte) (0x80 | cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                unicode(c);
            } else if (c < 0x800) {
                put((byte) (0xC0 | c >>> 6));
                put((byte) (0x80 | c & 0x3F));
            } else {
                put((byte) (0xE0 | c >>> 12));
                put((byte) (0x80 | (c >>> 6) & 0x3F));
                put((byte) (0x80 | c & 0x3F));
            }
        }
        put((byte) '"');
    }

    private void escape(char c) throws IOException {
        put((byte) '\\');
        put((byte) c);
    }

    private void unicode(char c) throws IOException {
        escape('u');
        for (int k = 3; k >= 0; k--) {
            put(HEX[(c >>> (4 * k)) & 0xF]);
        }
    }

    private void ascii(String s) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            put((byte) s.charAt(i));
        }
    }

    private void put(byte b) throws IOException {
        if (fill == buf.length) {
            drain();
        }
        buf[fill++] = b;
    }

    private void drain() throws IOException {
        out.write(buf, 0, fill);
        fill = 0;
    }
}
