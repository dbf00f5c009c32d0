package org.pt.generate;

import java.util.List;

/** Placeholder: the {@code c} form is written on another branch; this one refuses every job. */
public final class CEmitter implements Emitter {

    @Override
    public List<Artifact> emit(Job job) {
        throw new GenerateRefusal("the c form is not in this build");
    }
}
