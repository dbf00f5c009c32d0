package org.pt.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code ptc}, the PT command: {@code ptc check [--format text|json] PATH...} and
 * {@code ptc generate [--out DIR] PATH...} and {@code ptc lsp [--socket PORT]}.
 *
 * <p>Exit status: {@value #OK} no errors, {@value #FINDINGS} errors found, {@value #TROUBLE} usage,
 * I/O or internal problem. {@link #run} never throws and never prints a stack trace, so it can be
 * called in-process (tests) as well as from {@link #main}.
 */
public final class Ptc {

    /** Exit status: the files were checked and none has an error. */
    public static final int OK = 0;
    /** Exit status: the files were checked and at least one has an error. */
    public static final int FINDINGS = 1;
    /** Exit status: bad usage, unreadable input or an internal error; nothing trustworthy was checked. */
    public static final int TROUBLE = 2;

    static final String USAGE = """
            usage: ptc check [--format text|json] PATH...
                   ptc generate [--out DIR] PATH...
                   ptc lsp [--socket PORT]
                   ptc --help | --version
            """;

    static final String HELP = """
            ptc - the PT command line

            """ + USAGE + """

            commands:
              check PATH...    parse, link and validate every .ptl file given or found under the
                               folders given (recursively), with the files they import; notes
                               are the answers to walk, reach and report
              generate PATH... check as above; when no file has an error, write the files of
                               every generate directive of the files given (unchanged files
                               are left as they are); on any error nothing is written
              lsp              run the PT language server (Language Server Protocol) for an
                               editor, over standard input and output until the input ends
                               or the editor sends exit (docs/editors.md)

            options:
              --format text    one line per finding, sorted by file and position:
                                 FILE:LINE:COLUMN: error|warning|note: MESSAGE [CODE]
                               then a summary line (the default)
              --format json    one JSON object: {"files": [...], "diagnostics": [{"file", "line",
                               "column", "endLine", "endColumn", "severity", "message", "code"}],
                               "errors": N, "warnings": N, "notes": N}; lines and columns are
                               1-based, endColumn is exclusive
              --out DIR        generate: write under DIR (an into path is relative to it)
                               instead of each spec's own folder
              --socket PORT    lsp: serve one editor that connects to PORT on 127.0.0.1
                               instead (0: any free port; the port is printed on stderr)
              -h, --help       print this help
              --version        print the version

            exit status: 0 no errors, 1 errors found, 2 usage, I/O or internal problem
            """;

    private Ptc() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs one {@code ptc} command line.
     *
     * @return the exit status ({@link #OK}, {@link #FINDINGS} or {@link #TROUBLE})
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            return dispatch(args, out, err);
        } catch (UsageException e) {
            err.println("ptc: " + e.getMessage());
            err.print(USAGE);
            return TROUBLE;
        } catch (Throwable e) { // the promise: a message and exit 2, never a stack trace
            err.println("ptc: internal error: " + describe(e));
            return TROUBLE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int dispatch(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            throw new UsageException("no command given");
        }
        switch (args[0]) {
            case "-h", "--help", "help" -> {
                out.print(HELP);
                return OK;
            }
            case "--version", "version" -> {
                out.println("ptc " + version());
                return OK;
            }
            case "check" -> {
                return check(List.of(args).subList(1, args.length), out, err);
            }
            case "generate" -> {
                return generate(List.of(args).subList(1, args.length), out, err);
            }
            case "lsp" -> {
                return LspCommand.run(List.of(args).subList(1, args.length), out, err);
            }
            default -> throw new UsageException(
                    (args[0].startsWith("-") ? "unknown option '" : "unknown command '") + args[0] + "'");
        }
    }

    private static int check(List<String> args, PrintStream out, PrintStream err) {
        Format format = Format.TEXT;
        List<String> paths = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (options && arg.equals("--")) {
                options = false;
            } else if (options && (arg.equals("-h") || arg.equals("--help"))) {
                out.print(HELP);
                return OK;
            } else if (options && arg.equals("--format")) {
                if (i + 1 == args.size()) {
                    throw new UsageException("--format needs a value: text or json");
                }
                format = Format.parse(args.get(++i));
            } else if (options && arg.startsWith("--format=")) {
                format = Format.parse(arg.substring("--format=".length()));
            } else if (options && arg.startsWith("-") && !arg.equals("-")) {
                throw new UsageException("unknown option '" + arg + "'");
            } else {
                paths.add(arg);
            }
        }
        if (paths.isEmpty()) {
            throw new UsageException("check needs at least one file or folder");
        }
        return new CheckCommand(format, out, err).run(paths);
    }

    private static int generate(List<String> args, PrintStream out, PrintStream err) {
        String outDir = null;
        List<String> paths = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String dir = null;
            if (options && arg.equals("--")) {
                options = false;
            } else if (options && (arg.equals("-h") || arg.equals("--help"))) {
                out.print(HELP);
                return OK;
            } else if (options && arg.equals("--out")) {
                if (i + 1 == args.size()) {
                    throw new UsageException("--out needs a folder");
                }
                dir = args.get(++i);
            } else if (options && arg.startsWith("--out=")) {
                dir = arg.substring("--out=".length());
            } else if (options && arg.startsWith("-") && !arg.equals("-")) {
                throw new UsageException("unknown option '" + arg + "'");
            } else {
                paths.add(arg);
            }
            if (dir != null) {
                if (outDir != null) {
                    throw new UsageException("--out given twice");
                }
                if (dir.isEmpty()) {
                    throw new UsageException("--out needs a folder");
                }
                outDir = dir;
            }
        }
        if (paths.isEmpty()) {
            throw new UsageException("generate needs at least one file or folder");
        }
        return new GenerateCommand(outDir, out, err).run(paths);
    }

    /** The version of this build ({@code ptc.properties}, filled in by Maven). */
    static String version() {
        try (InputStream in = Ptc.class.getResourceAsStream("ptc.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line for an unexpected exception: its message, or its type when it has none, plus its causes. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 500; t = t.getCause() == t ? null : t.getCause()) {
            if (text.length() > 0) {
                text.append(": ");
            }
            String message = t.getMessage();
            text.append(message == null || message.isBlank() ? t.getClass().getName() : message.strip());
        }
        return text.toString().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Output formats of {@code check}. */
    enum Format {
        TEXT, JSON;

        static Format parse(String name) {
            return switch (name) {
                case "text" -> TEXT;
                case "json" -> JSON;
                default -> throw new UsageException("unknown format '" + name + "' (expected text or json)");
            };
        }
    }

    /** Bad command line: reported with the usage, exit {@link #TROUBLE}. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
