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
 * usage: CheckInstallation INSTALL_DIR WORK_DIR (--with-pt | --without-pt) [--workbench] [--timeout SECONDS]
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
 * </ul>
 * Exit status 0 when every check holds, 1 with one line per failed check otherwise, 1 as well when it takes longer
 * than the timeout (default 180 s).
 */
public final class CheckInstallation {

    private static final int INSTALLED = 0x2;
    private static final int ACTIVE = 0x20;
    private static final Pattern QUALIFIED_0_1_0 = Pattern.compile("0\\.1\\.0\\.\\d{12}");

    /** PT's bundles (the plain-Maven modules' bundles are versioned by bnd from the Maven version). */
    private static final Map<String, Pattern> PT_BUNDLES = new LinkedHashMap<>();
    /** What PT's feature brings besides PT's own bundles, at the target's versions. */
    private static final Map<String, Pattern> PT_LIBRARIES = new LinkedHashMap<>();

    static {
        PT_BUNDLES.put("org.pt.engine", Pattern.compile(Pattern.quote("0.1.0.SNAPSHOT")));
        PT_BUNDLES.put("org.pt.dsl", Pattern.compile(Pattern.quote("0.1.0.SNAPSHOT")));
        PT_BUNDLES.put("org.pt.dsl.ide", Pattern.compile(Pattern.quote("0.1.0.SNAPSHOT")));
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
                    + " [--timeout SECONDS]");
            System.exit(2);
        }
        Path install = Path.of(args[0]).toAbsolutePath().normalize();
        Path work = Path.of(args[1]).toAbsolutePath().normalize();
        boolean withPt = args[2].equals("--with-pt");
        boolean workbench = false;
        long timeout = 180;
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals("--workbench")) {
                workbench = true;
            } else if (args[i].equals("--timeout") && i + 1 < args.length) {
                timeout = Long.parseLong(args[++i]);
            } else {
                System.err.println("CheckInstallation: unknown argument " + args[i]);
                System.exit(2);
            }
        }
        watchdog(timeout);
        CheckInstallation check = new CheckInstallation();
        check.run(install, work, withPt, workbench);
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

    private void run(Path install, Path work, boolean withPt, boolean workbench) throws Exception {
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

    private static Object bundle(Object context, String name) throws Exception {
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
}
