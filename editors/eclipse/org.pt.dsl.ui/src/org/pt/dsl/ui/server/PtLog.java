package org.pt.dsl.ui.server;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;

/** The plug-in's entries in Eclipse's error log. */
public final class PtLog {

    private static final String PLUGIN_ID = "org.pt.dsl.ui";

    private PtLog() {
    }

    public static void info(String message) {
        ILog.of(PtLog.class).log(new Status(IStatus.INFO, PLUGIN_ID, message));
    }

    public static void error(String message, Throwable cause) {
        ILog.of(PtLog.class).log(new Status(IStatus.ERROR, PLUGIN_ID, message, cause));
    }
}
