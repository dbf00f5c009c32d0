package org.pt.generate;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One file of an output: its name (relative to the output's directory) and how to write its bytes. Writing streams:
 * an artifact never holds its whole content, so 128 MiB of tables become text without a second copy in memory.
 *
 * @param name a relative file name ({@code tables.c}, {@code tables.h})
 */
public record Artifact(String name, Body body) {

    /** Writes the artifact's bytes; text is UTF-8 with {@code \n} line ends. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }
}
