package org.pt.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Output;
import org.pt.engine.walk.Translation;

/**
 * The json form: golden files of an x86_64 and an AArch64 example, the documented schema, the raw values and VAs it
 * lists against the image, escaping of names from specs, and determinism.
 */
class JsonEmitterTest {

    private static final String SPEC = "examples/boot.pt";

    static Job x86() {
        return DataImages.x86(Output.Kind.JSON, OptionalLong.empty(), SPEC, "tables");
    }

    static Job aarch64() {
        return DataImages.aarch64(Output.Kind.JSON, OptionalLong.empty(), SPEC, "boot/arm");
    }

    static byte[] json(Job job) {
        List<Artifact> a = new JsonEmitter().emit(job);
        assertEquals(1, a.size());
        return DataImages.bytes(a.get(0));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(byte[] json) {
        return (Map<String, Object>) MiniJson.parse(new String(json, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static SchemaChecker schema() throws IOException {
        return new SchemaChecker((Map<String, Object>) MiniJson.parse(
                Files.readString(Path.of("../docs/pt-tables.schema.json"))));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    private static long hex(Object o) {
        String s = (String) o;
        assertTrue(s.startsWith("0x"), s);
        return Long.parseUnsignedLong(s.substring(2), 16);
    }

    @Test
    void artifactIsBaseNameDotJson() {
        assertEquals(List.of("boot/arm.json"), new JsonEmitter().emit(aarch64()).stream().map(Artifact::name).toList());
    }

    @Test
    void x86GoldenFile() throws IOException {
        DataImages.assertGolden("x86_64.json", json(x86()));
    }

    @Test
    void aarch64GoldenFile() throws IOException {
        DataImages.assertGolden("aarch64.json", json(aarch64()));
    }

    @Test
    void bothExamplesMatchTheDocumentedSchema() throws IOException {
        SchemaChecker checker = schema();
        assertEquals(List.of(), checker.check(parse(json(x86()))));
        assertEquals(List.of(), checker.check(parse(json(aarch64()))));
        Job moved = DataImages.x86(Output.Kind.JSON, OptionalLong.of(0x1000_0000L), SPEC, "t");
        assertEquals(List.of(), checker.check(parse(json(moved))));
    }

    @Test
    void schemaCheckerReportsADroppedKeyAnUnknownKeyAndABadHexValue() throws IOException {
        Map<String, Object> doc = parse(json(x86()));
        list(doc.get("spaces")).get(0).put("roots", "0x1");
        doc.put("base", "0x0200000");
        doc.remove("tables");
        assertEquals(List.of(
                "/base: \"0x0200000\" does not match ^0x(0|[1-9a-f][0-9a-f]{0,15})$",
                "/spaces/0/roots: \"0x1\" is not of type array",
                ": required member 'tables' is missing"), schema().check(doc));
        Map<String, Object> again = parse(json(x86()));
        Map<String, Object> e0 = list(list(again.get("tables")).get(0).get("entries")).get(0);
        e0.remove("raw");
        e0.put("extra", 1L);
        assertEquals(List.of("/tables/0/entries/0: required member 'raw' is missing",
                "/tables/0/entries/0: member 'extra' is not in the schema"), schema().check(again));
    }

    @Test
    void everyEntryIsTheImagesEntryAndOnlyZeroEntriesAreLeftOut() {
        for (Job job : List.of(x86(), aarch64(), DataImages.x86(Output.Kind.JSON, OptionalLong.of(0x1000_0000L), SPEC,
                "t"))) {
            TableImage image = job.image();
            List<Map<String, Object>> tables = list(parse(json(job)).get("tables"));
            assertEquals(image.tables().size(), tables.size());
            int listed = 0;
            for (int k = 0; k < tables.size(); k++) {
                TableImage.Table t = image.tables().get(k);
                Map<String, Object> jt = tables.get(k);
                assertEquals(t.pa(), hex(jt.get("pa")));
                assertEquals((long) t.entries(image.entryBytes()), jt.get("entryCount"));
                List<Long> expected = new ArrayList<>();
                List<Long> expectedIndex = new ArrayList<>();
                for (int i = 0; i < t.entries(image.entryBytes()); i++) {
                    if (image.entry(t, i) != 0) {
                        expected.add(image.entry(t, i));
                        expectedIndex.add((long) i);
                    }
                }
                List<Map<String, Object>> entries = list(jt.get("entries"));
                assertEquals(expectedIndex, entries.stream().map(e -> (Long) e.get("index")).toList());
                assertEquals(expected, entries.stream().map(e -> hex(e.get("raw"))).toList());
                assertEquals((long) expected.size(), jt.get("nonZero"));
                listed += entries.size();
            }
            assertTrue(listed >= 10, "the examples list entries: " + listed);
        }
    }

    @Test
    void everyLeafTranslatesItsVaToItsAddressInTheImage() {
        for (Job job : List.of(x86(), aarch64(), DataImages.x86(Output.Kind.JSON, OptionalLong.of(0x1000_0000L), SPEC,
                "t"))) {
            TableImage image = job.image();
            PagingFormat f = image.format();
            int leaves = 0;
            for (Map<String, Object> jt : list(parse(json(job)).get("tables"))) {
                @SuppressWarnings("unchecked")
                String space = ((List<String>) jt.get("spaces")).get(0);
                TableImage.SpaceImage s = image.spaces().stream().filter(x -> x.name().equals(space)).findFirst()
                        .orElseThrow();
                Half h = f.halves().get(((Long) jt.get("half")).intValue());
                for (Map<String, Object> e : list(jt.get("entries"))) {
                    if (!e.get("kind").equals("leaf")) {
                        continue;
                    }
                    long va = hex(e.get("va"));
                    Translation.Mapped m = assertInstanceOf(Translation.Mapped.class,
                            f.walk(image.reader(), s.roots().get(h.index()), h, va, null, null), Long.toHexString(va));
                    assertEquals(hex(e.get("address")), m.pa(), Long.toHexString(va));
                    assertEquals(hex(e.get("pageSize")), m.pageSize(), Long.toHexString(va));
                    leaves++;
                }
            }
            assertTrue(leaves >= 3, "leaves checked: " + leaves);
        }
    }

    @Test
    void pythonsJsonModuleReadsTheDocumentAndCountsTheSameEntries() throws Exception {
        for (Job job : List.of(x86(), aarch64())) {
            byte[] doc = json(job);
            long nonZero = list(parse(doc).get("tables")).stream().mapToLong(t -> (Long) t.get("nonZero")).sum();
            assertEquals(List.of(Long.toString(nonZero)), python(doc,
                    "import json,sys; d=json.load(sys.stdin); print(sum(len(t['entries']) for t in d['tables']))"));
        }
    }

    @Test
    void aHostileSpecNameStaysOneString() throws Exception {
        String hostile = "a\"b\\c\n}\r\t\u0000\u001f\u007f\u2028\u2029*/<script>\uD800 é 😀";
        byte[] doc = json(DataImages.x86(Output.Kind.JSON, OptionalLong.empty(), hostile, "t"));
        assertEquals(hostile, parse(doc).get("source"));
        String text = new String(doc, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"source\": \"a\\\"b\\\\c\\n}\\r\\t\\u0000\\u001f\\u007f\\u2028\\u2029*/<script>\\ud800 é 😀\""),
                text.substring(0, 300));
        // Python reads it too, to the same code points (the lone surrogate included)
        assertEquals(List.of("True"), python(doc, "import json,sys; d=json.load(sys.stdin); print(d['source'] == "
                + "'a\"b\\\\c\\n}\\r\\t\\x00\\x1f\\x7f\\u2028\\u2029*/<script>\\ud800 \\xe9 \\U0001f600')"));
    }

    @Test
    void sameJobGivesTheSameBytes() {
        assertArrayEquals(json(x86()), json(x86()));
        assertArrayEquals(json(aarch64()), json(aarch64()));
    }

    /** Runs {@code script} under python3 with {@code stdin} as its input; its output lines. */
    static List<String> python(byte[] stdin, String script) throws Exception {
        Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        Thread feed = new Thread(() -> {
            try (var in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the process ended early; its output says why
            }
        });
        feed.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not end");
        feed.join();
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }
}
