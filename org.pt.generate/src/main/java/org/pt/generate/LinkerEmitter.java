package org.pt.generate;

import java.util.List;

/** Placeholder: the {@code linker} form is written on another branch; this one refuses every job. */
public final class LinkerEmitter implements Emitter {

    @Override
    public List<Artifact> emit(Job job) {
        throw new GenerateRefusal("the linker form is not in this build");
    }
}
