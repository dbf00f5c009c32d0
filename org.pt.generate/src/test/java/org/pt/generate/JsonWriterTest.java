package org.pt.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The streaming JSON writer: layout, hex values, escaping of any string, and refusal of malformed use. */
class JsonWriterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final JsonWriter w = new JsonWriter(bytes);

    private String text() throws IOException {
        w.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void blockContainersIndentAndInlineContainersStayOnOneLine() throws IOException {
        w.beginObject().member("a", 1).name("b").beginArray().beginInlineObject().member("x", "y").name("z")
                .beginArray().value(true).nullValue().endArray().endObject().endArray().name("c").beginArray()
                .endArray().endObject().finish();
        assertEquals("{\n  \"a\": 1,\n  \"b\": [\n    {\"x\": \"y\", \"z\": [true, null]}\n  ],\n  \"c\": []\n}\n",
                text());
    }

    @Test
    void hexIsLowerCaseWithoutLeadingZerosAndUnsigned() throws IOException {
        w.beginInlineArray().hex(0).hex(0x20_0000L).hex(0xFFFF_FFFF_FFFF_FFFFL).hex(0x8000_0000_0000_0000L)
                .hex(0xABCL).endArray().finish();
        assertEquals("[\"0x0\", \"0x200000\", \"0xffffffffffffffff\", \"0x8000000000000000\", \"0xabc\"]\n", text());
    }

    @Test
    void stringsEscapeQuotesBackslashControlsLineSeparatorsAndLoneSurrogates() throws IOException {
        w.value("a\"b\\c/\n\r\t\b\f\u0000\u001f\u007f\u2028\u2029\uD800x\uDC00 é€😀").finish();
        assertEquals("\"a\\\"b\\\\c/\\n\\r\\t\\b\\f\\u0000\\u001f\\u007f\\u2028\\u2029\\ud800x\\udc00 é€😀\"\n",
                text());
        // multi-byte characters are UTF-8, the pair one 4-byte sequence
        byte[] b = bytes.toByteArray();
        assertEquals((byte) 0xF0, b[b.length - 6]);
    }

    @Test
    void malformedUseIsRefused() throws IOException {
        assertThrows(IllegalStateException.class, () -> w.name("x"));
        w.beginObject();
        assertThrows(IllegalStateException.class, () -> w.value(1));
        assertThrows(IllegalStateException.class, () -> w.endArray());
        w.name("k");
        assertThrows(IllegalStateException.class, () -> w.endObject());
        assertThrows(IllegalStateException.class, () -> w.finish());
        w.value(2).endObject();
        assertThrows(IllegalStateException.class, () -> w.value(3));
        w.finish();
        assertEquals("{\n  \"k\": 2\n}\n", text());
    }
}
