package org.pt.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.pt.engine.image.Register;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Output;

/** The binary form: the image's bytes and a companion that says where they go and which registers load them. */
class BinaryEmitterTest {

    private static final String SPEC = "examples/boot.pt";

    private static Job moved() {
        return DataImages.x86(Output.Kind.BINARY, OptionalLong.of(0x1000_0000L), SPEC, "boot/tables");
    }

    @Test
    void artifactsAreBaseDotBinAndBaseDotJson() {
        assertEquals(List.of("boot/tables.bin", "boot/tables.json"),
                new BinaryEmitter().emit(moved()).stream().map(Artifact::name).toList());
    }

    @Test
    void binIsTheImagesBinaryForm() throws IOException {
        for (Job job : List.of(moved(), DataImages.aarch64(Output.Kind.BINARY, OptionalLong.empty(), SPEC, "a"))) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            job.image().writeBinary(expected);
            byte[] bin = DataImages.bytes(new BinaryEmitter().emit(job).get(0));
            assertEquals(job.image().size(), bin.length);
            assertArrayEquals(expected.toByteArray(), bin);
        }
    }

    @Test
    void companionGoldenFile() throws IOException {
        DataImages.assertGolden("x86_64-binary.json", DataImages.bytes(new BinaryEmitter().emit(moved()).get(1)));
    }

    @Test
    void companionMatchesTheSchemaAndSaysWhereTheBytesGoAndWhatLoadsThem() throws IOException {
        Job job = moved();
        TableImage image = job.image();
        Map<String, Object> doc = JsonEmitterTest.parse(DataImages.bytes(new BinaryEmitter().emit(job).get(1)));
        assertEquals(List.of(), JsonEmitterTest.schema().check(doc));
        assertEquals("binary", doc.get("form"));
        assertFalse(doc.containsKey("tables"));
        assertEquals(Map.of("file", "tables.bin", "bytes", "0x" + Long.toHexString(image.size())), doc.get("binary"));
        assertEquals("0x10000000", doc.get("base"));
        assertEquals("0x" + Long.toHexString(image.size()), doc.get("size"));
        assertEquals(8L, doc.get("entryBytes"));
        assertEquals("little-endian", doc.get("byteOrder"));
        assertEquals("absolute", doc.get("mode"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> spaces = (List<Map<String, Object>>) doc.get("spaces");
        assertEquals(List.of("kernel", "init"), spaces.stream().map(s -> s.get("name")).toList());
        for (int i = 0; i < spaces.size(); i++) {
            TableImage.SpaceImage s = image.spaces().get(i);
            assertEquals(List.of(Map.of("half", 0L, "register", "CR3", "pa", "0x" + Long.toHexString(s.roots().get(0)))),
                    spaces.get(i).get("roots"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> regs = (List<Map<String, Object>>) spaces.get(i).get("registers");
            assertEquals(s.registers().stream().map(Register::name).toList(), regs.stream().map(r -> r.get("name"))
                    .toList());
            assertEquals(s.registers().stream().map(r -> "0x" + Long.toHexString(r.value())).toList(),
                    regs.stream().map(r -> r.get("value")).toList());
            // CR3 holds the moved root
            assertEquals(s.roots().get(0), Long.parseUnsignedLong(((String) regs.get(0).get("value")).substring(2), 16));
        }
    }
}
