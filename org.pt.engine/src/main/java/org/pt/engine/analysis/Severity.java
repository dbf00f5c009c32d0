package org.pt.engine.analysis;

/** Errors for impossibilities, warnings for traps and costs, info for results. */
public enum Severity {
    ERROR, WARNING, INFO
}
