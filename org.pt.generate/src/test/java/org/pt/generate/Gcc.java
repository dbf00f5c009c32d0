package org.pt.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs gcc (or a program it built) in a directory; a failure carries the command and everything it printed. */
public final class Gcc {

    private Gcc() {
    }

    /** {@code command} run in {@code dir}: its standard output and error; throws unless it exits with 0. */
    public static String run(Path dir, List<String> command) {
        try {
            ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            b.environment().put("LC_ALL", "C");
            Process p = b.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("'" + String.join(" ", command) + "' in " + dir + " exited with "
                        + p.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code gcc -std=c11 -Wall -Wextra -Werror} with {@code flags}, then {@code -c file}. */
    public static String compile(Path dir, String file, String... flags) {
        List<String> cmd = new ArrayList<>(List.of("gcc", "-std=c11", "-Wall", "-Wextra", "-Werror"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-c", file, "-o", file.replaceAll("\\.c$", "") + ".o"));
        return run(dir, cmd);
    }
}
