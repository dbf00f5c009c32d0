package org.pt.tests.boot;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One QEMU run for a boot test: the emulator started with its monitor on stdin/stdout, no display, no network,
 * commands sent one at a time and each answer read up to the next {@code (qemu) } prompt, with a time limit on every
 * wait so a stub that never reaches its stop never hangs the suite. Close it to quit QEMU.
 */
final class Qemu implements AutoCloseable {

    private static final String PROMPT = "(qemu) ";
    private static final long TIMEOUT_MS = 20_000;

    private final Process process;
    private final InputStream out;
    private final OutputStream in;
    private final List<String> command;

    private Qemu(List<String> command) throws IOException {
        this.command = List.copyOf(command);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        this.process = pb.start();
        this.out = process.getInputStream();
        this.in = process.getOutputStream();
        readToPrompt();
    }

    /**
     * Starts {@code binary} (e.g. {@code qemu-system-x86_64}) with {@code args}, its monitor on stdio. Fails the test
     * with the install line when the binary is missing (.ci/run installs it).
     */
    static Qemu start(String binary, List<String> args) throws IOException {
        requireTool(binary, "apt-get install qemu-system-x86 qemu-system-misc qemu-system-arm");
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        cmd.addAll(List.of("-display", "none", "-monitor", "stdio", "-serial", "none", "-nodefaults", "-net", "none"));
        cmd.addAll(args);
        return new Qemu(cmd);
    }

    /** Fails the test, naming the Debian packages, when {@code tool} is not on the PATH. */
    static void requireTool(String tool, String install) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        fail(tool + " is not installed; the boot tests need it (" + install + ")");
    }

    /** Sends one monitor command and returns its answer, without the echo and the next prompt. */
    String monitor(String commandLine) throws IOException {
        in.write((commandLine + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
        String answer = readToPrompt();
        // QEMU echoes the command (with terminal escapes when it thinks it talks to a terminal): drop the first line
        int nl = answer.indexOf('\n');
        return nl < 0 ? "" : answer.substring(nl + 1).replace("\r", "");
    }

    private String readToPrompt() throws IOException {
        StringBuilder sb = new StringBuilder();
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (true) {
            if (out.available() > 0) {
                int c = out.read();
                if (c < 0) {
                    break;
                }
                sb.append((char) c);
                if (sb.length() >= PROMPT.length() && sb.substring(sb.length() - PROMPT.length()).equals(PROMPT)) {
                    return sb.substring(0, sb.length() - PROMPT.length());
                }
            } else if (!process.isAlive()) {
                break;
            } else if (System.currentTimeMillis() > deadline) {
                fail("QEMU gave no monitor prompt within " + TIMEOUT_MS + " ms; so far:\n" + sb + "\ncommand: " + command);
            } else {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
        fail("QEMU ended (status " + exitStatus() + ") before its monitor prompt:\n" + sb + "\ncommand: " + command);
        return null;
    }

    private String exitStatus() {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() {
        try {
            in.write("quit\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
