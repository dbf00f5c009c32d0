package org.pt.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import com.google.inject.Injector;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.IResourceFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.pt.cli.Finding.Severity;
import org.pt.cli.Ptc.Format;
import org.pt.dsl.PtStandaloneSetup;
import org.pt.dsl.model.SpecAnalyzer;
import org.pt.dsl.resource.SourceLimits;
import org.pt.dsl.validation.IssueCodes;

/** {@code ptc check}: loads every file into one resource set, validates each, reports the findings. */
final class CheckCommand {

    static final String EXTENSION = ".ptl";
    /** Code of the finding for bytes that are not UTF-8 (Xtext itself would silently replace them). */
    static final String INVALID_UTF8 = "org.pt.cli.InvalidUtf8";

    private final Format format;
    private final PrintStream out;
    private final PrintStream err;

    CheckCommand(Format format, PrintStream out, PrintStream err) {
        this.format = format;
        this.out = out;
        this.err = err;
    }

    int run(List<String> arguments) {
        Checked checked = check(arguments);
        if (checked == null) {
            return Ptc.TROUBLE;
        }
        Report report = checked.report(List.of());
        if (format == Format.JSON) {
            out.print(report.json());
        } else {
            out.print(report.text());
        }
        return report.status();
    }

    /**
     * One file checked: the path as shown, its resource (validated, its analysis cached in it), or null for a file
     * too large to be read (it has an error, so nothing is generated).
     */
    record Spec(String shown, Resource resource) {
    }

    /** What a check found: the files as shown, in order, with their resources, and every finding. */
    record Checked(List<Spec> specs, List<Finding> findings) {

        /** The report of the check with {@code more} findings (of a later step) added. */
        Report report(List<Finding> more) {
            List<Finding> all = new ArrayList<>(findings);
            all.addAll(more);
            all.sort(Finding.ORDER);
            return new Report(specs.stream().map(Spec::shown).toList(), all);
        }
    }

    /**
     * Checks the files the arguments name: their resources and findings, or null (after printing why to standard
     * error) when an argument cannot be used or Xtext logged an error.
     */
    Checked check(List<String> arguments) {
        Map<Path, String> files = collect(arguments); // real path -> path as shown
        if (files == null) {
            return null;
        }
        Map<String, byte[]> contents = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>();
        boolean unreadable = false;
        for (Map.Entry<Path, String> file : files.entrySet()) {
            try {
                long size = Files.size(file.getKey());
                if (SourceLimits.tooLarge(size)) { // a finding of its own; the file is neither read nor checked
                    findings.add(new Finding(file.getValue(), 1, 1, 1, 2, Severity.ERROR,
                            SourceLimits.tooLargeMessage(size, "bytes"), IssueCodes.FILE_TOO_LARGE));
                } else {
                    contents.put(file.getValue(), Files.readAllBytes(file.getKey()));
                }
            } catch (IOException | SecurityException e) {
                err.println("ptc: cannot read " + file.getValue() + ": " + reason(e));
                unreadable = true;
            }
        }
        if (unreadable) {
            return null;
        }

        List<Spec> specs = new ArrayList<>();
        List<String> internalErrors = new ArrayList<>();
        ErrorLog log = ErrorLog.attach(internalErrors);
        try {
            validate(files, contents, specs, findings);
        } finally {
            log.detach();
        }
        if (!internalErrors.isEmpty()) {
            // An error logged by Xtext or EMF means the result cannot be trusted (e.g. a check that crashed).
            for (String message : internalErrors) {
                err.println("ptc: internal error: " + message);
            }
            return null;
        }
        return new Checked(List.copyOf(specs), List.copyOf(findings));
    }

    /** Expands the arguments to the .ptl files, sorted; reports unusable arguments and returns null. */
    private Map<Path, String> collect(List<String> arguments) {
        Map<Path, String> files = new LinkedHashMap<>();
        boolean usable = true;
        for (String argument : arguments) {
            try {
                Path given = Path.of(argument);
                if (Files.isDirectory(given)) {
                    List<Path> found;
                    try (Stream<Path> walk = Files.walk(given)) {
                        found = walk.filter(p -> p.getFileName() != null && p.getFileName().toString().endsWith(EXTENSION))
                                .filter(Files::isRegularFile)
                                .sorted()
                                .collect(Collectors.toList());
                    }
                    if (found.isEmpty()) {
                        err.println("ptc: no " + EXTENSION + " files under " + argument);
                        usable = false;
                    }
                    for (Path file : found) {
                        files.putIfAbsent(file.toRealPath(), show(file));
                    }
                } else if (Files.isRegularFile(given)) {
                    if (!argument.endsWith(EXTENSION)) {
                        err.println("ptc: " + argument + " is not a " + EXTENSION + " file");
                        usable = false;
                    } else {
                        files.putIfAbsent(given.toRealPath(), show(given));
                    }
                } else if (Files.exists(given)) {
                    err.println("ptc: " + argument + " is neither a file nor a folder");
                    usable = false;
                } else {
                    err.println("ptc: cannot read " + argument + ": no such file or folder");
                    usable = false;
                }
            } catch (IOException | UncheckedIOException | SecurityException e) {
                err.println("ptc: cannot read " + argument + ": " + reason(e));
                usable = false;
            } catch (InvalidPathException e) {
                err.println("ptc: not a valid path: " + argument);
                usable = false;
            }
        }
        return usable ? files : null;
    }

    static String show(Path path) {
        return path.toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    static String reason(Throwable e) {
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException) {
            String why = ((FileSystemException) e).getReason();
            if (why != null) {
                return why;
            }
        }
        return Ptc.describe(e);
    }

    private static void validate(Map<Path, String> files, Map<String, byte[]> contents, List<Spec> specs,
            List<Finding> findings) {
        Injector injector = Language.injector();
        XtextResourceSet resourceSet = injector.getInstance(XtextResourceSet.class);
        IResourceFactory resourceFactory = injector.getInstance(IResourceFactory.class);
        Map<String, Object> options = Map.of(XtextResource.OPTION_ENCODING, StandardCharsets.UTF_8.name());

        Map<Resource, String> shown = new LinkedHashMap<>();
        for (Map.Entry<Path, String> file : files.entrySet()) {
            String name = file.getValue();
            if (!contents.containsKey(name)) { // too large: said so, not loaded (an import of it is refused)
                specs.add(new Spec(name, null));
                continue;
            }
            Decoded text = Decoded.of(contents.get(name));
            if (text.invalidAt != null) {
                int[] position = text.invalidAt;
                findings.add(new Finding(name, position[0], position[1], position[0], position[1] + 1, Severity.ERROR,
                        "invalid UTF-8 byte sequence (read as U+FFFD)", INVALID_UTF8));
            }
            Resource resource = resourceFactory.createResource(URI.createFileURI(file.getKey().toString()));
            resourceSet.getResources().add(resource);
            try {
                resource.load(new ByteArrayInputStream(text.text.getBytes(StandardCharsets.UTF_8)), options);
            } catch (IOException e) { // from memory: not an I/O problem of the user's
                throw new UncheckedIOException(e);
            }
            shown.put(resource, name);
            specs.add(new Spec(name, resource));
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<Resource, String> entry : shown.entrySet()) {
            XtextResource resource = (XtextResource) entry.getKey();
            IResourceValidator validator = resource.getResourceServiceProvider().getResourceValidator();
            for (Issue issue : validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl)) {
                Finding finding = toFinding(entry.getValue(), issue);
                if (finding != null && seen.add(finding.toString())) {
                    findings.add(finding);
                }
            }
        }
    }

    private static Finding toFinding(String file, Issue issue) {
        Severity severity = switch (issue.getSeverity()) {
            case ERROR -> Severity.ERROR;
            case WARNING -> Severity.WARNING;
            case INFO -> Severity.NOTE;
            case IGNORE -> null;
        };
        if (severity == null) {
            return null;
        }
        return new Finding(file, positive(issue.getLineNumber()), positive(issue.getColumn()),
                positive(issue.getLineNumberEnd()), positive(issue.getColumnEnd()), severity, issue.getMessage(),
                issue.getCode());
    }

    private static int positive(Integer value) {
        return value == null || value < 1 ? 0 : value;
    }

    /** A service of the language (the injector is made on first use). */
    static <T> T service(Class<T> type) {
        return Language.injector().getInstance(type);
    }

    /** The injector of the language, made once per JVM; registered again on every use (tests reset registries). */
    private static final class Language {
        private static Injector injector;

        static synchronized Injector injector() {
            if (injector == null) {
                injector = new PtStandaloneSetup().createInjectorAndDoEMFRegistration();
                // what the analysis logs (for an IDE's error log) ptc prints as a positioned pt.internal error, and
                // exits with 2 (Report#status): no stack trace, and the other findings are still printed
                Logger.getLogger(SpecAnalyzer.class).setLevel(Level.OFF);
            } else {
                new PtStandaloneSetup().register(injector);
            }
            return injector;
        }
    }

    /** A file's text, decoded leniently, and where strict UTF-8 decoding first failed (line, column) if it did. */
    private static final class Decoded {
        /** A UTF-8 byte order mark decodes to U+FEFF; it is not content. */
        private static final String BOM = "\uFEFF";

        final String text;
        final int[] invalidAt;

        private Decoded(String text, int[] invalidAt) {
            this.text = text;
            this.invalidAt = invalidAt;
        }

        static Decoded of(byte[] bytes) {
            CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            CharBuffer valid = CharBuffer.allocate(bytes.length + 1); // UTF-8 never decodes to more chars than bytes
            CoderResult result = strict.decode(ByteBuffer.wrap(bytes), valid, true);
            if (!result.isError()) {
                result = strict.flush(valid);
            }
            int[] invalidAt = result.isError() ? endOf(valid.flip()) : null;
            String text = new String(bytes, StandardCharsets.UTF_8);
            return new Decoded(text.startsWith(BOM) ? text.substring(1) : text, invalidAt);
        }

        /** Line and column (1-based, as Xtext counts them) just after the given text. */
        private static int[] endOf(CharSequence text) {
            int line = 1;
            int column = 1;
            for (int i = text.length() > 0 && text.charAt(0) == BOM.charAt(0) ? 1 : 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                    line++;
                    column = 1;
                } else if (c != '\r') {
                    column++;
                }
            }
            return new int[] {line, column};
        }
    }

    /** Log4j appender collecting ERROR events of Xtext/EMF while a check runs. */
    private static final class ErrorLog extends AppenderSkeleton {
        private final List<String> messages;

        private ErrorLog(List<String> messages) {
            this.messages = messages;
            setThreshold(Level.ERROR);
        }

        static ErrorLog attach(List<String> messages) {
            ErrorLog log = new ErrorLog(messages);
            Logger.getRootLogger().addAppender(log);
            return log;
        }

        void detach() {
            Logger.getRootLogger().removeAppender(this);
        }

        @Override
        protected void append(LoggingEvent event) {
            String message = event.getRenderedMessage();
            Throwable thrown = event.getThrowableInformation() == null ? null
                    : event.getThrowableInformation().getThrowable();
            if (thrown != null) {
                message = (message == null ? "" : message + ": ") + Ptc.describe(thrown);
            }
            synchronized (messages) {
                messages.add(message == null ? event.getLoggerName() : message);
            }
        }

        @Override
        public boolean requiresLayout() {
            return false;
        }

        @Override
        public void close() {
        }
    }
}
