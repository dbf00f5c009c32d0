package org.pt.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes artifacts under an output directory: only there (a name that resolves outside it is refused), atomically (a
 * temporary file in the same directory, created like any new file (the process's umask applies: not the owner-only
 * mode of {@link Files#createTempFile}), moved over the old one, so a reader never sees half a file and a failure
 * leaves the old file), and only when the content changed (an unchanged file keeps its time stamp, so a build that
 * depends on it does not rerun).
 */
public final class OutputFiles {

    private OutputFiles() {
    }

    /** What became of one artifact. */
    public enum Status {
        WRITTEN, UNCHANGED
    }

    public record Written(Path file, Status status, long bytes) {
    }

    /** Thrown when an artifact's name would leave the output directory; nothing is written then. */
    public static final class OutsideDirectory extends IOException {
        private static final long serialVersionUID = 1L;

        OutsideDirectory(String name, Path dir) {
            super("'" + name + "' resolves outside the output directory " + dir);
        }
    }

    /**
     * Writes {@code artifacts} under {@code dir} (created if missing). Every name is checked before anything is
     * written. An artifact that writes no byte is an error: PT never leaves an empty file.
     */
    public static List<Written> write(Path dir, List<Artifact> artifacts) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        List<Path> targets = new ArrayList<>();
        for (Artifact a : artifacts) {
            Path t = root.resolve(a.name()).normalize();
            if (!t.startsWith(root) || t.equals(root) || Path.of(a.name()).isAbsolute()) {
                throw new OutsideDirectory(a.name(), root);
            }
            targets.add(t);
        }
        List<Written> out = new ArrayList<>();
        for (int i = 0; i < artifacts.size(); i++) {
            out.add(write(targets.get(i), artifacts.get(i)));
        }
        return out;
    }

    private static Written write(Path target, Artifact a) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = null;
        OutputStream file = null;
        for (int attempt = 0; file == null; attempt++) {
            tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-" + attempt
                    + ".tmp");
            try {
                file = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
        try {
            long bytes;
            try (CountingStream counter = new CountingStream(file);
                    OutputStream buffered = new BufferedOutputStream(counter, 1 << 16)) {
                a.body().writeTo(buffered);
                buffered.flush();
                bytes = counter.count;
            }
            if (bytes == 0) {
                throw new IOException("'" + a.name() + "' would be empty");
            }
            if (Files.isRegularFile(target) && sameContent(tmp, target)) {
                Files.delete(tmp);
                return new Written(target, Status.UNCHANGED, bytes);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return new Written(target, Status.WRITTEN, bytes);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean sameContent(Path a, Path b) throws IOException {
        if (Files.size(a) != Files.size(b)) {
            return false;
        }
        try (InputStream x = Files.newInputStream(a); InputStream y = Files.newInputStream(b)) {
            byte[] bx = new byte[1 << 16];
            byte[] by = new byte[1 << 16];
            while (true) {
                int n = x.readNBytes(bx, 0, bx.length);
                int m = y.readNBytes(by, 0, by.length);
                if (n != m || !Arrays.equals(bx, 0, n, by, 0, m)) {
                    return false;
                }
                if (n < bx.length) {
                    return true;
                }
            }
        }
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
