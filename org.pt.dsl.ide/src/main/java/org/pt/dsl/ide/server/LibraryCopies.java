package org.pt.dsl.ide.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.eclipse.emf.common.util.URI;
import org.pt.dsl.scoping.StandardLibrary;

/**
 * Read-only copies of the standard library's files in a folder of their own, so that an editor can open one: the
 * library lives inside the language jar ({@code jar:file:...!/std/pc-x86_64.ptl}), which no editor opens as a
 * document. Once installed, the library is loaded from these copies, and {@link PtWorkspaceConfigFactory} makes the folder a project of the workspace, so an opened copy is a document like
 * any other (hover, outline, definitions).
 *
 * <p>The folder is {@code $XDG_CACHE_HOME/ptc/std} ({@code ~/.cache/ptc/std} when that is not set), or the folder the
 * system property {@value #FOLDER_PROPERTY} names; a copy is rewritten only when the library's text differs from it.
 */
public final class LibraryCopies {

    /** System property naming the folder that holds the copies (the {@code std} folder itself). */
    public static final String FOLDER_PROPERTY = "pt.lsp.library";

    private final Path folder;

    private LibraryCopies(Path folder) {
        this.folder = folder;
    }

    /**
     * The copies in the configured folder, written (or refreshed) now; from now on the library's files are loaded
     * from them ({@link StandardLibrary#FOLDER_PROPERTY}), so that every definition, reference and link into the
     * library names a file an editor can open.
     */
    public static LibraryCopies install() {
        LibraryCopies copies = new LibraryCopies(configuredFolder());
        copies.refresh();
        System.setProperty(StandardLibrary.FOLDER_PROPERTY, copies.folder.toString());
        return copies;
    }

    static Path configuredFolder() {
        String configured = System.getProperty(FOLDER_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("ptc").resolve("std").toAbsolutePath();
    }

    /** The folder that holds the copies. */
    public Path folder() {
        return folder;
    }

    /** The folder as a {@code file:} URI with a trailing slash, as a workspace project's path. */
    public URI folderUri() {
        return URI.createURI(folder.toUri().toString().replaceAll("/?$", "/"));
    }

    private void refresh() {
        try {
            Files.createDirectories(folder);
            for (String path : StandardLibrary.files()) {
                byte[] text = read(path);
                Path copy = folder.resolve(path.substring(StandardLibrary.PREFIX.length()));
                if (!Files.exists(copy) || !Arrays.equals(Files.readAllBytes(copy), text)) {
                    write(copy, text);
                }
                readOnly(copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the standard library's copies to " + folder, e);
        }
    }

    private static byte[] read(String path) throws IOException {
        try (InputStream in = StandardLibrary.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("the standard library has no " + path);
            }
            return in.readAllBytes();
        }
    }

    /** Writes next to the copy and moves it into place: a reader never sees half a file. */
    private static void write(Path copy, byte[] text) throws IOException {
        Path temporary = Files.createTempFile(copy.getParent(), copy.getFileName().toString(), ".tmp");
        try {
            Files.write(temporary, text);
            try {
                Files.move(temporary, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Readable by all, writable by none (an editor then refuses, or warns before, changing the library). */
    private static void readOnly(Path copy) throws IOException {
        try {
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r--r--r--"));
        } catch (UnsupportedOperationException e) { // not a POSIX file system
            copy.toFile().setWritable(false, false);
        }
    }
}
