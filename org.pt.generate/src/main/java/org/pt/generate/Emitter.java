package org.pt.generate;

import java.util.List;

/**
 * One output form: a pure function from a job to the files it writes. Emitters never touch the file system (see
 * {@link OutputFiles}) and give the same bytes for the same job (no dates, no hash order).
 */
public interface Emitter {

    /** The files of {@code job}, in the order they are listed to the user. */
    List<Artifact> emit(Job job);
}
