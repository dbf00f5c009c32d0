package org.pt.generate;

import java.util.List;

/**
 * The {@code binary} form: {@code BASE.bin}, the image's bytes from its base to its end as a loader copies them to
 * memory ({@link org.pt.engine.image.TableImage#writeBinary}: little-endian entries, zero between and after the
 * tables), and {@code BASE.json}, its companion: format, base, size, entry bytes, byte order, and per space the roots,
 * the registers with their fields, the access formula and the regions (the {@code json} form's document without the
 * tables).
 */
public final class BinaryEmitter implements Emitter {

    @Override
    public List<Artifact> emit(Job job) {
        String bin = job.baseName() + ".bin";
        ImageJson doc = new ImageJson(job);
        int slash = bin.lastIndexOf('/');
        String binFile = slash < 0 ? bin : bin.substring(slash + 1);
        return List.of(new Artifact(bin, out -> job.image().writeBinary(out)),
                new Artifact(job.baseName() + ".json", out -> doc.writeCompanion(out, binFile)));
    }
}
