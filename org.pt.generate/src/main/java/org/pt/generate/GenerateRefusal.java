package org.pt.generate;

/**
 * An output PT will not write for a job, with the reason and the fix in words for the user (for example relocatable
 * RISC-V tables: "add 'at physical ADDRESS'"). Thrown by an emitter before any byte is written.
 */
public final class GenerateRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GenerateRefusal(String m) {
        super(m);
    }

    /** The message for the user. */
    public String message() {
        return getMessage();
    }
}
