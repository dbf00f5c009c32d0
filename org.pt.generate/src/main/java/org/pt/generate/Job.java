package org.pt.generate;

import org.pt.engine.image.TableImage;
import org.pt.engine.model.Output;

/**
 * What one {@code generate} directive asks an emitter for: the image of its spaces, the directive, the name the files
 * are derived from and the prefix of every generated identifier.
 *
 * @param baseName the output file without its extension ({@code tables} for {@code into "tables.c"}), possibly with
 *                 directories ({@code boot/tables})
 * @param source   the spec the directive is written in, for the generated files' header comment
 * @param prefix   the prefix of every C and assembler identifier ({@code pt_}); a valid identifier start
 */
public record Job(TableImage image, Output output, String baseName, String source, String prefix) {

    /** The identifier prefix PT uses unless told otherwise. */
    public static final String DEFAULT_PREFIX = "pt_";

    /**
     * Whether table entries are written as fixed physical addresses ({@code at physical} given) rather than computed
     * from table symbols when the object is linked (relocatable; C and assembly only).
     */
    public boolean absolute() {
        return output.at().isPresent();
    }
}
