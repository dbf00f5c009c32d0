package org.pt.generate;

import java.util.List;

/** {@code binary}: the raw image, {@code BASE.bin}, as a loader copies it to the image's base address. */
public final class BinaryEmitter implements Emitter {

    @Override
    public List<Artifact> emit(Job job) {
        return List.of(new Artifact(job.baseName() + ".bin", job.image()::writeBinary));
    }
}
