package org.pt.engine.format;

/** One memory access that a walk checks: what it does and at which privilege. */
public record Access(Kind kind, boolean user) {
    public enum Kind {
        READ, WRITE, EXECUTE
    }

    public static final Access KERNEL_READ = new Access(Kind.READ, false);
    public static final Access KERNEL_WRITE = new Access(Kind.WRITE, false);
    public static final Access KERNEL_EXECUTE = new Access(Kind.EXECUTE, false);
    public static final Access USER_READ = new Access(Kind.READ, true);
    public static final Access USER_WRITE = new Access(Kind.WRITE, true);
    public static final Access USER_EXECUTE = new Access(Kind.EXECUTE, true);

    @Override
    public String toString() {
        return (user ? "user " : "kernel ") + kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
