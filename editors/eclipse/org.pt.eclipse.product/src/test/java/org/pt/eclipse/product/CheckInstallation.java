package org.pt.eclipse.product;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Starts an Eclipse installation (a materialized product, or a platform PT's update site was installed into) and
 * checks its bundles: run as a single-file program by the product module's build (`java CheckInstallation.java`).
 *
 * <pre>
 * usage: CheckInstallation INSTALL_DIR WORK_DIR (--with-pt | --without-pt) [--workbench]
 *            [--first-window EXAMPLES_DIR CHECK_TRANSCRIPT] [--timeout SECONDS]
 * </pre>
 *
 * The framework is the installation's own {@code plugins/org.eclipse.osgi_*.jar}, started in this JVM with the
 * installation's {@code configuration/config.ini}: as a shared, read-only configuration (nothing is written into the
 * installation, the configuration goes to WORK_DIR), or with {@code --workbench} as {@code ./pt-ide} starts it, by
 * the installation's Equinox launcher jar with {@code -configuration INSTALL_DIR/configuration -data
 * WORK_DIR/workspace -clean}. Checks:
 * <ul>
 * <li>every bundle of the installation is resolved (none left INSTALLED: a missing dependency shows here);</li>
 * <li>{@code --with-pt}: PT's bundles and the libraries its feature brings are there at the expected versions, and
 * PT's bundles start (ACTIVE); {@code --without-pt}: none of PT's bundles is there, and the {@code --with-pt} check
 * reports exactly each of PT's bundles and libraries missing (it can fail);</li>
 * <li>{@code --workbench}: the IDE workbench application runs (it needs an X display), the checks run once the
 * workbench is up, PT's language server starts inside it ({@code PtUiPlugin.connection()}), then the workbench is
 * closed. Prints the seconds from the launcher's start to the running workbench.</li>
 * <li>{@code --first-window} (with {@code --workbench}, on a new workspace: WORK_DIR/workspace is deleted first):
 * the first window is the PT IDE's — the PT perspective with exactly the Project Explorer, Outline and Problems
 * views, Eclipse's light theme active, the example project {@code pt-examples} created with exactly the files {@code EXAMPLES_DIR/*.ptl} (the same
 * bytes), its Linux x86_64 example open in the editor — and the project's PT markers are exactly the diagnostics
 * of CHECK_TRANSCRIPT, the output of {@code ptc check} for those files (org.pt.tests' golden file
 * {@code cli/examples.expected}): per file, line, severity, message and issue code; then one example is broken on
 * disk and its new error marker must come (the comparison can fail); last, the example project wizard, given
 * another project name, makes that project with the same files and opens its Linux x86_64 example.</li>
 * </ul>
 * Exit status 0 when every check holds, 1 with one line per failed check otherwise, 1 as well when it takes longer
 * than the timeout (default 180 s).
 */
public final class CheckInstallation {

    private static final int INSTALLED = 0x2;
    private static final int ACTIVE = 0x20;
    private static final Pattern QUALIFIED_0_1_0 = Pattern.compile("0\\.1\\.0\\.\\d{12}");

    /**
     * PT's bundles: 0.1.0 and the build's UTC time as qualifier (Tycho's for org.pt.dsl.ui, bnd's for the plain-Maven
     * modules' bundles, from the Maven version 0.1.0-SNAPSHOT).
     */
    private static final Map<String, Pattern> PT_BUNDLES = new LinkedHashMap<>();
    /** What PT's feature brings besides PT's own bundles, at the target's versions. */
    private static final Map<String, Pattern> PT_LIBRARIES = new LinkedHashMap<>();

    static {
        PT_BUNDLES.put("org.pt.engine", QUALIFIED_0_1_0);
        PT_BUNDLES.put("org.pt.dsl", QUALIFIED_0_1_0);
        PT_BUNDLES.put("org.pt.dsl.ide", QUALIFIED_0_1_0);
        PT_BUNDLES.put("org.pt.dsl.ui", QUALIFIED_0_1_0);
        PT_LIBRARIES.put("org.eclipse.xtext", Pattern.compile("2\\.42\\.0\\.v\\d{8}-\\d{4}"));
        PT_LIBRARIES.put("org.eclipse.xtext.ide", Pattern.compile("2\\.42\\.0\\.v\\d{8}-\\d{4}"));
        PT_LIBRARIES.put("org.eclipse.lsp4j", Pattern.compile("1\\.0\\.0\\.v\\d{8}-\\d{4}"));
        PT_LIBRARIES.put("com.google.inject", Pattern.compile(Pattern.quote("7.0.0")));
        PT_LIBRARIES.put("org.antlr.runtime", Pattern.compile(Pattern.quote("3.2.0")));
    }

    private final List<String> failures = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !(args[2].equals("--with-pt") || args[2].equals("--without-pt"))) {
            System.err.println("usage: CheckInstallation INSTALL_DIR WORK_DIR (--with-pt | --without-pt) [--workbench]"
                    + " [--first-window EXAMPLES_DIR CHECK_TRANSCRIPT] [--timeout SECONDS]");
            System.exit(2);
        }
        Path install = Path.of(args[0]).toAbsolutePath().normalize();
        Path work = Path.of(args[1]).toAbsolutePath().normalize();
        boolean withPt = args[2].equals("--with-pt");
        boolean workbench = false;
        FirstWindow firstWindow = null;
        long timeout = 180;
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals("--workbench")) {
                workbench = true;
            } else if (args[i].equals("--first-window") && i + 2 < args.length) {
                firstWindow = new FirstWindow(Path.of(args[++i]), Path.of(args[++i]));
            } else if (args[i].equals("--timeout") && i + 1 < args.length) {
                timeout = Long.parseLong(args[++i]);
            } else {
                System.err.println("CheckInstallation: unknown argument " + args[i]);
                System.exit(2);
            }
        }
        watchdog(timeout);
        CheckInstallation check = new CheckInstallation();
        check.run(install, work, withPt, workbench, firstWindow);
        if (!check.failures.isEmpty()) {
            check.failures.forEach(f -> System.err.println("CheckInstallation: FAILED: " + f));
            Runtime.getRuntime().halt(1);
        }
        System.out.println("CheckInstallation: OK " + install);
        Runtime.getRuntime().halt(0);
    }

    private static void watchdog(long seconds) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("CheckInstallation: FAILED: no result within " + seconds + " s");
            Runtime.getRuntime().halt(1);
        }, "watchdog");
        t.setDaemon(true);
        t.start();
    }

    private void run(Path install, Path work, boolean withPt, boolean workbench, FirstWindow firstWindow)
            throws Exception {
        Path configIni = install.resolve("configuration/config.ini");
        if (!Files.isRegularFile(configIni)) {
            failures.add("no " + configIni);
            return;
        }
        File framework;
        try (var files = Files.list(install.resolve("plugins"))) {
            framework = files.filter(p -> p.getFileName().toString().matches("org\\.eclipse\\.osgi_.*\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no org.eclipse.osgi in " + install))
                    .toFile();
        }
        long t0 = System.nanoTime();
        Object context;
        if (workbench) {
            // As ./pt-ide starts it: the installation's Equinox launcher jar, its configuration, a workspace.
            File launcherJar;
            try (var files = Files.list(install.resolve("plugins"))) {
                launcherJar = files
                        .filter(p -> p.getFileName().toString().matches("org\\.eclipse\\.equinox\\.launcher_.*\\.jar"))
                        .findFirst().orElseThrow(() -> new IllegalStateException("no launcher in " + install)).toFile();
            }
            Class<?> main = new URLClassLoader(new URL[] {launcherJar.toURI().toURL()}, null)
                    .loadClass("org.eclipse.equinox.launcher.Main");
            if (firstWindow != null) {
                deleteTree(work.resolve("workspace"));   // a new workspace: the IDE's first start
            }
            String[] launcherArgs = {"-configuration", install.resolve("configuration").toString(), "-data",
                    work.resolve("workspace").toString(), "-clean"};
            AtomicReference<Throwable> appFailure = new AtomicReference<>();
            Thread app = new Thread(() -> {
                try {
                    Object launcher = main.getConstructor().newInstance();
                    main.getMethod("run", String[].class).invoke(launcher, (Object) launcherArgs);
                } catch (InvocationTargetException e) {
                    appFailure.set(e.getCause());
                } catch (ReflectiveOperationException e) {
                    appFailure.set(e);
                }
            }, "workbench");
            app.start();
            Object workbenchObject = awaitWorkbench(app, appFailure);
            if (workbenchObject == null) {
                return;
            }
            System.out.printf("CheckInstallation: workbench running %.1f s after the launcher's start%n",
                    (System.nanoTime() - t0) / 1e9);
            context = frameworkStarter(app).getMethod("getSystemBundleContext").invoke(null);
            checkBundles(context, withPt);
            if (withPt) {
                checkServer(context);
            }
            if (firstWindow != null) {
                failures.addAll(firstWindow.check(context, workbenchObject));
            }
            closeWorkbench(workbenchObject);
            app.join(60_000);
        } else {
            ClassLoader loader = new URLClassLoader(new URL[] {framework.toURI().toURL()}, null);
            Class<?> starter = loader.loadClass("org.eclipse.core.runtime.adaptor.EclipseStarter");
            Map<String, String> properties = new HashMap<>();
            properties.put("osgi.install.area", install.toUri().toString());
            properties.put("osgi.sharedConfiguration.area", install.resolve("configuration").toUri().toString());
            properties.put("osgi.configuration.area", work.resolve("configuration").toUri().toString());
            properties.put("osgi.user.area", work.resolve("user").toUri().toString());
            properties.put("osgi.noShutdown", "true");
            properties.put("eclipse.ignoreApp", "true");
            properties.put("osgi.clean", "true");
            starter.getMethod("setInitialProperties", Map.class).invoke(null, properties);

            context = starter.getMethod("startup", String[].class, Runnable.class).invoke(null, new String[0], null);
            checkBundles(context, withPt);
            starter.getMethod("shutdown").invoke(null);
        }
    }

    /** Waits for PlatformUI.isWorkbenchRunning(); returns the workbench, or null (with a failure) when the app ended. */
    private Object awaitWorkbench(Thread app, AtomicReference<Throwable> appFailure) throws Exception {
        while (true) {
            if (!app.isAlive()) {
                failures.add("the workbench application ended before it was up"
                        + (appFailure.get() == null ? "" : ": " + appFailure.get()));
                return null;
            }
            Class<?> starter = frameworkStarter(app);
            Object context = starter == null ? null : starter.getMethod("getSystemBundleContext").invoke(null);
            Object ui = context == null ? null : bundle(context, "org.eclipse.ui.workbench");
            if (ui != null && state(ui) == ACTIVE) {
                Class<?> platformUi = (Class<?>) call(ui, "loadClass", new Class<?>[] {String.class},
                        "org.eclipse.ui.PlatformUI");
                if ((Boolean) platformUi.getMethod("isWorkbenchRunning").invoke(null)) {
                    Object workbench = platformUi.getMethod("getWorkbench").invoke(null);
                    Object display = workbench.getClass().getMethod("getDisplay").invoke(workbench);
                    // Running, and its first UI events handled: the window is up.
                    display.getClass().getMethod("syncExec", Runnable.class).invoke(display, (Runnable) () -> { });
                    return workbench;
                }
            }
            Thread.sleep(100);
        }
    }

    /**
     * The framework's EclipseStarter, once the launcher has started it: Equinox makes its context finder the context
     * class loader of the thread that started it, and that class comes from the framework's class loader.
     */
    private static Class<?> frameworkStarter(Thread app) {
        ClassLoader context = app.getContextClassLoader();
        if (context == null || !context.getClass().getName().equals("org.eclipse.osgi.internal.framework.ContextFinder")) {
            return null;
        }
        try {
            return context.getClass().getClassLoader().loadClass("org.eclipse.core.runtime.adaptor.EclipseStarter");
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static void closeWorkbench(Object workbench) throws Exception {
        Object display = workbench.getClass().getMethod("getDisplay").invoke(workbench);
        Method close = workbench.getClass().getMethod("close");
        display.getClass().getMethod("asyncExec", Runnable.class).invoke(display, (Runnable) () -> {
            try {
                close.invoke(workbench);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void checkBundles(Object context, boolean withPt) throws Exception {
        Object[] bundles = (Object[]) call(context, "getBundles", new Class<?>[0]);
        Map<String, String> versions = new TreeMap<>();
        for (Object b : bundles) {
            String name = (String) call(b, "getSymbolicName", new Class<?>[0]);
            versions.put(name, call(b, "getVersion", new Class<?>[0]).toString());
            if (state(b) == INSTALLED) {
                failures.add("bundle " + name + " is not resolved");
            }
        }
        System.out.println("CheckInstallation: " + bundles.length + " bundles, all resolved: "
                + failures.stream().noneMatch(f -> f.endsWith("is not resolved")));
        List<String> missing = missingPt(versions);
        if (!withPt) {
            PT_BUNDLES.keySet().stream().filter(versions::containsKey)
                    .forEach(n -> failures.add("bundle " + n + " is installed in a platform without PT"));
            // The --with-pt check can fail: here, without PT, it must report exactly each of PT's bundles and
            // libraries missing.
            List<String> expectedMissing = new ArrayList<>();
            PT_BUNDLES.keySet().forEach(n -> expectedMissing.add("bundle " + n + " is not installed"));
            PT_LIBRARIES.keySet().forEach(n -> expectedMissing.add("bundle " + n + " is not installed"));
            if (!missing.equals(expectedMissing)) {
                failures.add("the --with-pt check of a platform without PT reports " + missing + ", expected "
                        + expectedMissing);
            }
            return;
        }
        failures.addAll(missing);
        for (String name : PT_BUNDLES.keySet()) {
            Object b = bundle(context, name);
            if (b == null) {
                continue;
            }
            try {
                call(b, "start", new Class<?>[0]);
            } catch (InvocationTargetException e) {
                failures.add("bundle " + name + " does not start: " + e.getCause());
                continue;
            }
            if (state(b) != ACTIVE) {
                failures.add("bundle " + name + " is not active after start (state " + state(b) + ")");
            }
        }
        System.out.println("CheckInstallation: PT's bundles " + PT_BUNDLES.keySet().stream()
                .map(n -> n + " " + versions.get(n)).toList());
    }

    /** What is missing or at a wrong version of PT's bundles and libraries, one line each. */
    private static List<String> missingPt(Map<String, String> versions) {
        Map<String, Pattern> expected = new LinkedHashMap<>(PT_BUNDLES);
        expected.putAll(PT_LIBRARIES);
        List<String> problems = new ArrayList<>();
        expected.forEach((name, version) -> {
            String actual = versions.get(name);
            if (actual == null) {
                problems.add("bundle " + name + " is not installed");
            } else if (!version.matcher(actual).matches()) {
                problems.add("bundle " + name + " has version " + actual + ", expected " + version);
            }
        });
        return problems;
    }

    /** PT's language server starts inside the workbench (the plug-in's one connection for the workspace). */
    private void checkServer(Object context) throws Exception {
        Object ui = bundle(context, "org.pt.dsl.ui");
        if (ui == null) {
            return;
        }
        Class<?> plugin = (Class<?>) call(ui, "loadClass", new Class<?>[] {String.class}, "org.pt.dsl.ui.PtUiPlugin");
        try {
            Object connection = plugin.getMethod("connection").invoke(null);
            if (connection == null) {
                failures.add("PtUiPlugin.connection() is null");
            } else {
                System.out.println("CheckInstallation: PT's language server started in the workbench: "
                        + connection.getClass().getName());
            }
        } catch (InvocationTargetException e) {
            failures.add("PT's language server does not start in the workbench: " + e.getCause());
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static Object bundle(Object context, String name) throws Exception {
        for (Object b : (Object[]) call(context, "getBundles", new Class<?>[0])) {
            if (name.equals(call(b, "getSymbolicName", new Class<?>[0]))) {
                return b;
            }
        }
        return null;
    }

    private static int state(Object bundle) throws Exception {
        return (Integer) call(bundle, "getState", new Class<?>[0]);
    }

    /** Calls a public interface method of an OSGi object (its class is the framework's, not public API). */
    private static Object call(Object target, String method, Class<?>[] types, Object... args) throws Exception {
        for (Class<?> type : target.getClass().getInterfaces()) {
            try {
                return type.getMethod(method, types).invoke(target, args);
            } catch (NoSuchMethodException e) {
                // another interface
            }
        }
        Method m = target.getClass().getMethod(method, types);
        m.setAccessible(true);
        return m.invoke(target, args);
    }

    /**
     * The PT IDE's first window on a new workspace (--first-window): the PT perspective, the example project, and
     * its markers exactly those of {@code ptc check} (CHECK_TRANSCRIPT).
     */
    record FirstWindow(Path examples, Path transcript) {

        static final String PERSPECTIVE = "org.pt.dsl.ui.perspective";
        static final List<String> VIEWS = List.of("org.eclipse.ui.navigator.ProjectExplorer",
                "org.eclipse.ui.views.ContentOutline", "org.eclipse.ui.views.ProblemView");
        /** Eclipse's light theme (org.eclipse.ui.themes), the PT IDE's. */
        static final String THEME = "org.eclipse.e4.ui.css.theme.e4_default";
        static final String PROJECT = "pt-examples";
        /** The project the example project wizard is asked to make. */
        static final String WIZARD_PROJECT = "pt-examples-2";
        static final String OPEN_FILE = "linux-x86_64-4level.ptl";
        /** A diagnostic line of ptc check: {@code ../examples/FILE:LINE:COLUMN: SEVERITY: MESSAGE [CODE]}. */
        static final Pattern DIAGNOSTIC = Pattern.compile(
                "(?:.*/)?([^/:]+\\.ptl):(\\d+):\\d+: (error|warning|note): (.*) \\[([\\w.]+)\\]");
        static final Pattern SUMMARY = Pattern.compile("checked \\d+ files: (\\d+) errors?, (\\d+) warnings?, (\\d+) notes?");
        /** How long the markers may take: the language server builds the new project's files in the background. */
        static final long MARKERS_SECONDS = 90;

        List<String> check(Object context, Object workbench) throws Exception {
            List<String> problems = new ArrayList<>();
            Object display = invoke(workbench, "getDisplay");
            // The example project is made by PT's startup code after the window is up; its editor opens after that.
            Object resources = CheckInstallation.bundle(context, "org.eclipse.core.resources");
            Class<?> plugin = (Class<?>) call(resources, "loadClass", new Class<?>[] {String.class},
                    "org.eclipse.core.resources.ResourcesPlugin");
            Object root = invoke(plugin.getMethod("getWorkspace").invoke(null), "getRoot");
            Object project = invoke(root, "getProject", PROJECT);
            List<String> expectedFiles;
            try (var files = Files.list(examples)) {
                expectedFiles = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".ptl")).sorted()
                        .toList();
            }
            long deadline = System.nanoTime() + MARKERS_SECONDS * 1_000_000_000L;
            List<String> files = List.of();
            List<String> window = List.of();
            List<String> expectedWindow = List.of("perspective " + PERSPECTIVE, "views " + VIEWS,
                    "editor " + OPEN_FILE, "theme " + THEME);
            while (System.nanoTime() < deadline) {
                files = projectFiles(project);
                window = window(display, workbench);
                if (files.equals(expectedFiles) && window.equals(expectedWindow)) {
                    break;
                }
                Thread.sleep(200);
            }
            if (!window.equals(expectedWindow)) {
                problems.add("the first window is " + window + ", expected " + expectedWindow);
            }
            if (!files.equals(expectedFiles)) {
                problems.add("project " + PROJECT + " has the files " + files + ", expected " + expectedFiles);
                return problems;
            }
            for (String name : files) {
                Object file = invoke(project, "getFile", name);
                Path location = Path.of((java.net.URI) invoke(file, "getLocationURI"));
                if (!java.util.Arrays.equals(Files.readAllBytes(location), Files.readAllBytes(examples.resolve(name)))) {
                    problems.add(PROJECT + "/" + name + " differs from " + examples.resolve(name));
                }
            }
            List<String> expected = expectedMarkers(problems);
            List<String> actual = List.of();
            while (System.nanoTime() < deadline) {
                actual = markers(project);
                if (actual.equals(expected)) {
                    break;
                }
                Thread.sleep(500);
            }
            if (!actual.equals(expected)) {
                List<String> missing = new ArrayList<>(expected);
                actual.forEach(missing::remove);
                List<String> extra = new ArrayList<>(actual);
                expected.forEach(extra::remove);
                problems.add("the example project's PT markers differ from ptc check's diagnostics (" + actual.size()
                        + " markers, " + expected.size() + " diagnostics); missing " + missing + "; not expected "
                        + extra);
            } else {
                List<String> more = new ArrayList<>(canFail(project, expected, deadline));
                more.addAll(wizard(context, display, workbench, root, expectedFiles));
                problems.addAll(more);
                if (more.isEmpty()) {
                    System.out.println("CheckInstallation: the first window shows " + PERSPECTIVE + " " + VIEWS + ", "
                            + THEME + ", " + WIZARD_PROJECT + " made by the wizard, and "
                            + PROJECT + " (" + files.size() + " files, " + actual.size()
                            + " markers, the same as ptc check's)");
                }
            }
            return problems;
        }

        /**
         * The marker comparison can fail: a machine with a wrong unit appended to one example on disk must give that
         * file an error marker on its line ({@code pt.unknown_unit}), and the markers then differ from ptc check's.
         */
        static List<String> canFail(Object project, List<String> expected, long deadline) throws Exception {
            Object file = invoke(project, "getFile", "i386.ptl");
            Path location = Path.of((java.net.URI) invoke(file, "getLocationURI"));
            String text = Files.readString(location);
            int ramLine = (int) text.lines().count() + 4;
            Files.writeString(location, text + "\nmachine broken_pc {\n    format x86_64\n    ram 0x0 size 4 GIb\n"
                    + "    tables from 0x0200_0000 size 4 MiB\n}\n");
            invoke(file, "refreshLocal", 0, null);
            String prefix = "i386.ptl:" + ramLine + " error unknown unit 'GIb'";
            List<String> actual = List.of();
            while (System.nanoTime() < deadline) {
                actual = markers(project);
                if (actual.stream().anyMatch(m -> m.startsWith(prefix) && m.endsWith("[pt.unknown_unit]"))) {
                    return actual.equals(expected) ? List.of("the markers equal ptc check's with an error added")
                            : List.of();
                }
                Thread.sleep(500);
            }
            return List.of("no marker \"" + prefix + "... [pt.unknown_unit]\" after i386.ptl was broken on disk: "
                    + actual.stream().filter(m -> m.startsWith("i386.ptl:")).toList());
        }

        /**
         * File → New → Other → PT → PT example project: the wizard, in its dialog, given the project name
         * {@value #WIZARD_PROJECT} in its name field and finished, makes that project with the examples and opens its
         * Linux x86_64 example.
         */
        static List<String> wizard(Object context, Object display, Object workbench, Object root,
                List<String> expectedFiles) throws Exception {
            Object ui = CheckInstallation.bundle(context, "org.pt.dsl.ui");
            Object jface = CheckInstallation.bundle(context, "org.eclipse.jface");
            Object ide = CheckInstallation.bundle(context, "org.eclipse.ui.ide");
            Class<?> wizardClass = loadClass(ui, "org.pt.dsl.ui.examples.NewPtExampleProjectWizard");
            Class<?> dialogClass = loadClass(jface, "org.eclipse.jface.wizard.WizardDialog");
            Class<?> shellClass = loadClass(jface, "org.eclipse.swt.widgets.Shell");
            Class<?> wizardInterface = loadClass(jface, "org.eclipse.jface.wizard.IWizard");
            java.lang.reflect.Field nameField = loadClass(ide, "org.eclipse.ui.dialogs.WizardNewProjectCreationPage")
                    .getDeclaredField("projectNameField");
            nameField.setAccessible(true);
            AtomicReference<Object> result = new AtomicReference<>();
            invoke(display, "syncExec", (Runnable) () -> {
                try {
                    Object wizard = wizardClass.getConstructor().newInstance();
                    invoke(wizard, "init", workbench, null);
                    Object shell = invoke(((Object[]) invoke(workbench, "getWorkbenchWindows"))[0], "getShell");
                    Object dialog = dialogClass.getConstructor(shellClass, wizardInterface).newInstance(shell, wizard);
                    invoke(dialog, "setBlockOnOpen", false);
                    invoke(dialog, "open");
                    invoke(nameField.get(invoke(wizard, "page")), "setText", WIZARD_PROJECT);
                    boolean finished = (Boolean) invoke(wizard, "performFinish");
                    invoke(dialog, "close");
                    Object window = ((Object[]) invoke(workbench, "getWorkbenchWindows"))[0];
                    Object editor = invoke(invoke(window, "getActivePage"), "getActiveEditor");
                    Object input = editor == null ? null : invoke(editor, "getEditorInput");
                    result.set("finished " + finished + ", editor on " + (input == null ? null
                            : invoke(invoke(invoke(input, "getFile"), "getFullPath"), "toString")));
                } catch (Exception e) {
                    result.set(e);
                }
            });
            if (result.get() instanceof Exception e) {
                return List.of("the example project wizard fails: " + e);
            }
            List<String> problems = new ArrayList<>();
            String expected = "finished true, editor on /" + WIZARD_PROJECT + "/" + OPEN_FILE;
            if (!expected.equals(result.get())) {
                problems.add("the example project wizard: " + result.get() + ", expected " + expected);
            }
            List<String> files = projectFiles(invoke(root, "getProject", WIZARD_PROJECT));
            if (!files.equals(expectedFiles)) {
                problems.add("the example project wizard made " + WIZARD_PROJECT + " with the files " + files
                        + ", expected " + expectedFiles);
            }
            return problems;
        }

        static Class<?> loadClass(Object bundle, String name) throws Exception {
            return (Class<?>) call(bundle, "loadClass", new Class<?>[] {String.class}, name);
        }

        /** The transcript's diagnostics as "FILE:LINE SEVERITY MESSAGE [CODE]", sorted; checked against its summary. */
        List<String> expectedMarkers(List<String> problems) throws java.io.IOException {
            List<String> expected = new ArrayList<>();
            int[] counts = new int[3];
            int[] summary = null;
            for (String line : Files.readAllLines(transcript)) {
                var d = DIAGNOSTIC.matcher(line);
                var s = SUMMARY.matcher(line);
                if (d.matches()) {
                    int severity = switch (d.group(3)) {
                        case "error" -> 2;
                        case "warning" -> 1;
                        default -> 0;
                    };
                    counts[2 - severity]++;
                    expected.add(marker(d.group(1), Integer.parseInt(d.group(2)), severity, d.group(4), d.group(5)));
                } else if (s.matches()) {
                    summary = new int[] {Integer.parseInt(s.group(1)), Integer.parseInt(s.group(2)),
                            Integer.parseInt(s.group(3))};
                }
            }
            if (summary == null || !java.util.Arrays.equals(summary, counts)) {
                problems.add(transcript + ": its diagnostics (errors, warnings, notes) " + java.util.Arrays.toString(counts)
                        + " are not its summary's " + java.util.Arrays.toString(summary));
            }
            expected.sort(null);
            return expected;
        }

        static String marker(String file, int line, int severity, String message, Object code) {
            return file + ":" + line + " " + List.of("info", "warning", "error").get(severity) + " " + message + " ["
                    + code + "]";
        }

        static List<String> projectFiles(Object project) throws Exception {
            if (!(Boolean) invoke(project, "isOpen")) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (Object member : (Object[]) invoke(project, "members")) {
                String name = (String) invoke(member, "getName");
                if (!name.startsWith(".")) {   // .project, .settings
                    names.add(name);
                }
            }
            names.sort(null);
            return names;
        }

        static List<String> markers(Object project) throws Exception {
            List<String> markers = new ArrayList<>();
            for (Object m : (Object[]) invoke(project, "findMarkers", "org.pt.dsl.ui.problem", true, 2)) {
                markers.add(marker((String) invoke(invoke(m, "getResource"), "getName"),
                        (Integer) invoke(m, "getAttribute", "lineNumber", -1),
                        (Integer) invoke(m, "getAttribute", "severity", -1), (String) invoke(m, "getAttribute",
                                "message", ""), invoke(m, "getAttribute", "code")));
            }
            markers.sort(null);
            return markers;
        }

        /** The first window's perspective, views and active editor, read on the UI thread. */
        static List<String> window(Object display, Object workbench) throws Exception {
            AtomicReference<List<String>> result = new AtomicReference<>(List.of());
            AtomicReference<Exception> failure = new AtomicReference<>();
            invoke(display, "syncExec", (Runnable) () -> {
                try {
                    Object[] windows = (Object[]) invoke(workbench, "getWorkbenchWindows");
                    Object page = windows.length == 0 ? null : invoke(windows[0], "getActivePage");
                    if (page == null) {
                        return;
                    }
                    List<String> views = new ArrayList<>();
                    for (Object view : (Object[]) invoke(page, "getViewReferences")) {
                        views.add((String) invoke(view, "getId"));
                    }
                    views.sort(null);
                    Object editor = invoke(page, "getActiveEditor");
                    // The CSS theme engine the workbench keeps in its display's data.
                    Object themes = invoke(display, "getData", "org.eclipse.e4.ui.css.swt.theme");
                    Object theme = themes == null ? null : invoke(themes, "getActiveTheme");
                    result.set(List.of("perspective " + invoke(invoke(page, "getPerspective"), "getId"),
                            "views " + views, "editor " + (editor == null ? null : invoke(editor, "getTitle")),
                            "theme " + (theme == null ? null : invoke(theme, "getId"))));
                } catch (Exception e) {
                    failure.set(e);
                }
            });
            if (failure.get() != null) {
                throw failure.get();
            }
            return result.get();
        }
    }

    /** Calls the public method {@code name} that takes {@code args} (by count and type) of an object of any class. */
    static Object invoke(Object target, String name, Object... args) throws Exception {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == args.length
                        && java.lang.reflect.Modifier.isPublic(m.getModifiers()) && accepts(m.getParameterTypes(), args)) {
                    m.setAccessible(true);
                    try {
                        return m.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause() instanceof Exception cause ? cause : e;
                    }
                }
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + name + " with " + args.length + " arguments");
    }

    private static boolean accepts(Class<?>[] types, Object[] args) {
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i].isPrimitive() ? java.lang.invoke.MethodType.methodType(types[i]).wrap().returnType()
                    : types[i];
            if (args[i] != null && !t.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }
}
