package org.pt.dsl.scoping;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.emf.common.util.URI;

/**
 * The standard library: machine descriptions shipped as {@code .ptl} files inside the language jar, under
 * {@code std/} on the class path, all in {@code package std}. A file imports one with {@code import "std/NAME.ptl"};
 * an import path that starts with {@code std/} always means the library, never a folder next to the importing file.
 */
public final class StandardLibrary {

    /** The prefix of an import path that names a library file. */
    public static final String PREFIX = "std/";

    /** Every library file (path as imported) and the machine it defines (qualified name), in a stable order. */
    private static final Map<String, String> MACHINES = new LinkedHashMap<>();

    static {
        MACHINES.put("std/pc-x86_64.ptl", "std.pc_x86_64");
        MACHINES.put("std/pc-x86_64-la57.ptl", "std.pc_x86_64_la57");
        MACHINES.put("std/pc-i386.ptl", "std.pc_i386");
        MACHINES.put("std/pc-pae.ptl", "std.pc_pae");
        MACHINES.put("std/arm64-4k-48.ptl", "std.arm64_4k_48");
        MACHINES.put("std/arm64-64k-52.ptl", "std.arm64_64k_52");
        MACHINES.put("std/riscv-sv39.ptl", "std.riscv_sv39");
        MACHINES.put("std/riscv-sv48.ptl", "std.riscv_sv48");
        MACHINES.put("std/riscv-sv57.ptl", "std.riscv_sv57");
        MACHINES.put("std/armv7.ptl", "std.armv7");
    }

    private StandardLibrary() {
    }

    /** Import paths of every library file ({@code std/pc-x86_64.ptl}, ...). */
    public static List<String> files() {
        return List.copyOf(MACHINES.keySet());
    }

    /** The qualified name of the machine a library file defines ({@code std.pc_x86_64}). */
    public static Optional<String> machineOf(String file) {
        return Optional.ofNullable(MACHINES.get(file));
    }

    /** The library file that defines a machine, by its qualified name. */
    public static Optional<String> fileOf(String machine) {
        return MACHINES.entrySet().stream().filter(e -> e.getValue().equals(machine)).map(Map.Entry::getKey)
                .findFirst();
    }

    /** Whether an import path names a library file (it starts with {@code std/}). */
    public static boolean isLibraryPath(String path) {
        return path.startsWith(PREFIX);
    }

    /**
     * System property naming a folder of copies of the library's files, loaded instead of those on the class path
     * when set (the language server sets it to its read-only copies, so that a library file is a document an editor
     * can open: org.pt.dsl.ide's {@code LibraryCopies}).
     */
    public static final String FOLDER_PROPERTY = "pt.std.folder";

    /**
     * Where a library file is: a {@code file:} URI in a build tree or in the {@link #FOLDER_PROPERTY} folder, an
     * archive ({@code jar:file:...!/std/...}) URI inside the language jar; empty when the library has no such file.
     */
    public static Optional<URI> uri(String path) {
        if (!isLibraryPath(path) || path.contains("..") || path.contains("\\")) {
            return Optional.empty();
        }
        String folder = System.getProperty(FOLDER_PROPERTY);
        if (folder != null && MACHINES.containsKey(path)) {
            Path copy = Path.of(folder).resolve(path.substring(PREFIX.length()));
            if (Files.isRegularFile(copy)) {
                return Optional.of(URI.createURI(copy.toAbsolutePath().toUri().toString()));
            }
        }
        URL url = StandardLibrary.class.getClassLoader().getResource(path);
        return url == null ? Optional.empty() : Optional.of(URI.createURI(url.toString()));
    }

    /** The import path of a loaded library file ({@code std/pc-x86_64.ptl}), empty for any other URI. */
    public static Optional<String> pathOf(URI uri) {
        String last = uri.lastSegment();
        if (last == null) {
            return Optional.empty();
        }
        String path = PREFIX + URI.decode(last);
        return uri(path).filter(uri::equals).map(u -> path);
    }
}
