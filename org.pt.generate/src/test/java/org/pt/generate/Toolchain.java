package org.pt.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the installed assemblers, linkers and objcopy on generated files. A missing tool fails the test (the tools are
 * part of the build's requirements), it is never skipped. Public, with {@link Gcc} and {@link MiniJson}, for
 * org.pt.tests (the examples' outputs), which uses this module's test-jar.
 */
public final class Toolchain {

    private Toolchain() {
    }

    /** The result of a command: exit code and merged output. */
    public record Run(int code, String output) {
    }

    public static Run exec(Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs {@code cmd} in {@code dir}; fails with its output unless it exits 0. */
    public static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Run r = exec(dir, cmd);
        assertEquals(0, r.code(), String.join(" ", cmd) + ":\n" + r.output());
        return r.output();
    }

    /** {@code a} followed by {@code b}. */
    static String[] cat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Writes {@code a} into {@code dir}; its path. */
    static Path write(Path dir, Artifact a) throws IOException {
        Path p = dir.resolve(a.name());
        Files.write(p, Systems.bytes(a));
        return p;
    }

    /** The contents of section {@code .pt_tables} of ELF file {@code elf}, read with {@code objcopy}. */
    public static byte[] section(Path dir, String objcopy, Path elf) throws IOException, InterruptedException {
        Path out = dir.resolve(elf.getFileName() + ".pt_tables.bin");
        run(dir, objcopy, "-O", "binary", "-j", AsmModel.SECTION, elf.toString(), out.toString());
        return Files.readAllBytes(out);
    }

    /** The value of symbol {@code name} in {@code elf}, read with {@code nm}. */
    public static long symbol(Path dir, String nm, Path elf, String name) throws IOException, InterruptedException {
        List<String> found = new ArrayList<>();
        for (String line : run(dir, nm, elf.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[2].equals(name)) {
                found.add(f[0]);
            }
        }
        assertEquals(1, found.size(), name + " in " + elf + ": " + found);
        return Long.parseUnsignedLong(found.get(0), 16);
    }
}
