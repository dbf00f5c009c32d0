package org.pt.generate;

import java.util.List;

/** Placeholder: the {@code nasm} form is written on another branch; this one refuses every job. */
public final class NasmEmitter implements Emitter {

    @Override
    public List<Artifact> emit(Job job) {
        throw new GenerateRefusal("the nasm form is not in this build");
    }
}
