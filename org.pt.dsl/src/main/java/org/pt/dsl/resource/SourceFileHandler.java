package org.pt.dsl.resource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.impl.FileURIHandlerImpl;

/**
 * EMF's handler of {@code file:} URIs, reading only regular files (after following symbolic links) of at most
 * {@link SourceLimits#MAX_SIZE} bytes: a FIFO would block the reader forever, a link to {@code /dev/zero} would fill
 * the memory. What it refuses fails with {@link Refused}, whose message says why ({@code Imports} shows it).
 */
public class SourceFileHandler extends FileURIHandlerImpl {

    /** A file this handler does not read; the message says why, in words that follow "cannot read 'a.ptl': ". */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why);
        }
    }

    /** Said of a file that exists but is no regular file (a FIFO, a device, a folder). */
    public static final String NOT_REGULAR = "not a regular file";

    @Override
    public InputStream createInputStream(URI uri, Map<?, ?> options) throws IOException {
        Path path;
        try {
            path = Path.of(uri.toFileString());
        } catch (InvalidPathException e) {
            throw new Refused("not a valid path");
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new Refused(NOT_REGULAR);
        }
        long size = Files.size(path);
        if (SourceLimits.tooLarge(size)) {
            throw new Refused(SourceLimits.beyondLimit(size, "bytes"));
        }
        return super.createInputStream(uri, options);
    }
}
