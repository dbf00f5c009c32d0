package org.pt.cli;

import java.io.PrintStream;
import java.util.List;
import org.pt.cli.Ptc.UsageException;
import org.pt.dsl.ide.server.PtServerLauncher;

/**
 * {@code ptc lsp [--socket PORT]}: runs PT's language server ({@code org.pt.dsl.ide}) for an editor, over standard
 * input and output, or for one editor connecting to a local port.
 */
final class LspCommand {

    private LspCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Integer port = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value = null;
            if (arg.equals("-h") || arg.equals("--help")) {
                out.print(Ptc.HELP);
                return Ptc.OK;
            } else if (arg.equals("--stdio")) {
                continue; // the default; some editors pass it
            } else if (arg.equals("--socket")) {
                if (i + 1 == args.size()) {
                    throw new UsageException("--socket needs a port number");
                }
                value = args.get(++i);
            } else if (arg.startsWith("--socket=")) {
                value = arg.substring("--socket=".length());
            } else {
                throw new UsageException((arg.startsWith("-") ? "unknown option '" : "unexpected argument '") + arg
                        + "' (lsp takes only --stdio or --socket PORT)");
            }
            if (port != null) {
                throw new UsageException("--socket given twice");
            }
            port = port(value);
        }
        if (port == null) {
            PtServerLauncher.serveStandardStreams();
        } else {
            PtServerLauncher.serveSocket(port, err);
        }
        return Ptc.OK;
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--socket needs a port number from 0 to 65535, not '" + value + "'");
    }
}
