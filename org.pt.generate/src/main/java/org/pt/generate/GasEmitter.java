package org.pt.generate;

import java.util.List;

/** Placeholder: the {@code gas} form is written on another branch; this one refuses every job. */
public final class GasEmitter implements Emitter {

    @Override
    public List<Artifact> emit(Job job) {
        throw new GenerateRefusal("the gas form is not in this build");
    }
}
