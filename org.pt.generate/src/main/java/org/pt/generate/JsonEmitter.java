package org.pt.generate;

import java.util.List;

/** Placeholder: the {@code json} form is written on another branch; this one refuses every job. */
public final class JsonEmitter implements Emitter {

    @Override
    public List<Artifact> emit(Job job) {
        throw new GenerateRefusal("the json form is not in this build");
    }
}
