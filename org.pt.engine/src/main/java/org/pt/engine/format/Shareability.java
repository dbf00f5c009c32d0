package org.pt.engine.format;

/** AArch64 / ARMv7 shareability of normal memory. Ignored by formats without the concept. */
public enum Shareability {
    NON_SHAREABLE, OUTER, INNER
}
