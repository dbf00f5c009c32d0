package org.pt.engine.format;

/**
 * Effective permissions of a translation after every level has been applied: what a kernel (supervisor,
 * EL1, S-mode, PL1) and a user (EL0, U-mode, PL0) access may do.
 */
public record Permissions(boolean kernelRead, boolean kernelWrite, boolean kernelExecute,
        boolean userRead, boolean userWrite, boolean userExecute) {

    public boolean allows(Access a) {
        switch (a.kind()) {
            case READ:
                return a.user() ? userRead : kernelRead;
            case WRITE:
                return a.user() ? userWrite : kernelWrite;
            default:
                return a.user() ? userExecute : kernelExecute;
        }
    }

    /** {@code k:rw- u:r--}: kernel and user rights, the way {@code info mem} shows them. */
    @Override
    public String toString() {
        return "k:" + (kernelRead ? "r" : "-") + (kernelWrite ? "w" : "-") + (kernelExecute ? "x" : "-")
                + " u:" + (userRead ? "r" : "-") + (userWrite ? "w" : "-") + (userExecute ? "x" : "-");
    }
}
