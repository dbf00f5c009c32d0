import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step of {@code ptc}'s application directory (run by Maven as a single-file program, never shipped): removes
 * the signature files ({@code META-INF/*.SF}, {@code *.RSA}, {@code *.DSA}, {@code *.EC}) of the jars in a folder.
 *
 * <p>The Eclipse jars under {@code lib/} are signed. A JVM verifies a signed jar's signature and the digest of every
 * class it loads from it, and class-data sharing skips such classes: for a command that runs about a second, the
 * signatures cost a third of it. Nothing in ptc relies on them; the jars are otherwise copied byte for byte, entry by
 * entry (the manifest, its per-entry digests included, is kept). A jar without signature files is left untouched,
 * so running this again changes nothing.
 *
 * <p>Usage: {@code java StripSignatures.java FOLDER}
 */
public final class StripSignatures {

    private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)", Pattern.CASE_INSENSITIVE);

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java StripSignatures.java FOLDER");
            System.exit(2);
        }
        int stripped = 0;
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            for (Path jar : jars) {
                if (signed(jar)) {
                    strip(jar);
                    stripped++;
                }
            }
        }
        System.out.println("StripSignatures: removed the signatures of " + stripped + " jars in " + args[0]);
    }

    private static boolean signed(Path jar) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (SIGNATURE.matcher(e.getName()).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void strip(Path jar) throws IOException {
        Path copy = jar.resolveSibling(jar.getFileName() + ".unsigned");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (SIGNATURE.matcher(e.getName()).matches()) {
                    continue;
                }
                ZipEntry kept = new ZipEntry(e.getName());
                kept.setTime(e.getTime());
                if (e.getComment() != null) {
                    kept.setComment(e.getComment());
                }
                if (e.getExtra() != null) {
                    kept.setExtra(e.getExtra());
                }
                out.putNextEntry(kept);
                copy(in, out);
                out.closeEntry();
            }
        }
        Files.move(copy, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
        }
    }
}
