package org.pt.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.pt.engine.image.Register;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Output;
import org.pt.generate.Systems.Sys;

/**
 * A relocatable object holding {@link AsmModel#SECTION} (assembled from the gas or nasm form) linked with the linker
 * form of the same system at another address, and checked against the engine's image moved there.
 */
final class Links {

    private Links() {
    }

    /**
     * Links {@code object}, assembled with {@code offset} as PT_PHYS_OFFSET, with the linker form loaded at {@code at}
     * ({@code ld} and its options first); returns the linked ELF file.
     */
    static Path link(Path dir, Sys sys, Path object, long at, long offset, String... ld) throws Exception {
        Path script = Toolchain.write(dir, new LinkerEmitter().emit(sys.job(Output.Kind.LINKER, OptionalLong.empty()))
                .get(0));
        Path linked = dir.resolve(object.getFileName() + ".linked.elf");
        Toolchain.run(dir, Toolchain.cat(ld, "--defsym", "PT_BASE=" + AsmModel.hex(at), "--defsym", "PT_PHYS_OFFSET="
                + AsmModel.hex(offset), "-T", script.toString(), "-o", linked.toString(), object.toString()));
        return linked;
    }

    /**
     * Links {@code object} as {@link #link} does and checks the result: the section holds the engine's image moved to
     * {@code at}, {@code pt_tables} is linked at {@code at + offset}, and the first root register constant is the
     * moved image's ({@code tools}: the prefix of the target's objcopy and nm).
     */
    static void checkMoved(Path dir, Sys sys, Path object, long at, long offset, String tools, String... ld)
            throws Exception {
        Path linked = link(dir, sys, object, at, offset, ld);
        TableImage moved = sys.image(OptionalLong.of(at));
        assertNotEquals(sys.image(OptionalLong.empty()).base(), at);
        assertArrayEquals(Systems.binary(moved), Toolchain.section(dir, tools + "objcopy", linked));
        assertEquals(at + offset, Toolchain.symbol(dir, tools + "nm", linked, "pt_tables"));
        TableImage.SpaceImage space = moved.spaces().get(0);
        Register root = space.registers().get(0);
        String name = Identifiers.constant("pt_", space.name() + "_" + root.name());
        assertEquals(root.value(), Toolchain.symbol(dir, tools + "nm", linked, name), name);
    }
}
