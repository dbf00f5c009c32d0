package org.pt.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.PartInitException;

/**
 * The workbench's Problems view as a user reads it: the rows of its tree (grouped by severity, as it is by default),
 * each with the texts of its columns. The view lists markers through its own update jobs (a throttled background
 * job, then a UI job), so rows are read once those jobs are done and the rows agree with the expected count.
 * <p>
 * The view's viewer is internal ({@code ExtendedMarkersView.getViewer()}), reached by reflection: the test reads
 * the widgets it draws, not a model of them.
 */
final class ProblemsView {

    /** One row: its severity group ("Errors", "Warnings", "Infos"), its icon, and its columns' texts. */
    record Row(String group, Image icon, String description, String resource, String path, String location,
            String type) {

        @Override
        public String toString() {
            return group + " | " + description + " | " + resource + " | " + path + " | " + location + " | " + type;
        }
    }

    private final IViewPart view;
    private final Tree tree;
    private final TreeViewer viewer;
    private final Object updateFamily;

    private ProblemsView(IViewPart view) throws ReflectiveOperationException {
        this.view = view;
        this.viewer = (TreeViewer) invoke(view, "getViewer");
        this.tree = viewer.getTree();
        this.updateFamily = view.getClass().getField("MARKERSVIEW_UPDATE_JOB_FAMILY").get(view);
        // Without the "100 items per group" limit: other tests' files leave many notes in the workspace.
        Object generator = invoke(view, "getGenerator");
        generator.getClass().getMethod("setMarkerLimitsEnabled", boolean.class).invoke(generator, false);
    }

    /** Shows the Problems view (it then updates while it is visible). */
    static ProblemsView show() throws PartInitException, ReflectiveOperationException {
        return new ProblemsView(Workbench.page().showView(IPageLayout.ID_PROBLEM_VIEW));
    }

    /**
     * Runs the UI event loop until the view's update jobs are done and it shows {@code count} rows of {@code file};
     * returns them in the view's order. Fails after {@link Workbench#TIMEOUT_MILLIS}, saying what it showed.
     */
    List<Row> waitForRows(IFile file, int count) {
        Display display = Display.getCurrent();
        long deadline = System.currentTimeMillis() + Workbench.TIMEOUT_MILLIS;
        while (true) {
            if (Job.getJobManager().find(updateFamily).length == 0) {
                List<Row> rows = rows(file);
                if (rows.size() == count) {
                    return rows;
                }
                if (System.currentTimeMillis() > deadline) {
                    fail("expected " + count + " Problems view rows of " + file.getName() + ", found " + rows);
                }
            } else if (System.currentTimeMillis() > deadline) {
                fail("the Problems view's update jobs did not finish: "
                        + Arrays.toString(Job.getJobManager().find(updateFamily)));
            }
            if (!display.readAndDispatch()) {
                display.timerExec(20, () -> { });
                display.sleep();
            }
        }
    }

    /** The rows the view's tree shows now for {@code file} (its groups expanded). */
    List<Row> rows(IFile file) {
        viewer.expandAll();
        List<String> columns = Arrays.stream(tree.getColumns()).map(TreeColumn::getText).toList();
        int description = column(columns, "Description");
        int resource = column(columns, "Resource");
        int path = column(columns, "Path");
        int location = column(columns, "Location");
        int type = column(columns, "Type");
        List<Row> rows = new ArrayList<>();
        for (TreeItem group : tree.getItems()) {
            String groupName = group.getText(description).replaceFirst(" \\(.*\\)$", "");
            for (TreeItem item : group.getItems()) {
                if (item.getText(resource).equals(file.getName())
                        && item.getText(path).equals(file.getParent().getFullPath().toString())) {
                    rows.add(new Row(groupName, item.getImage(description), item.getText(description),
                            item.getText(resource), item.getText(path), item.getText(location), item.getText(type)));
                }
            }
        }
        return rows;
    }

    IViewPart part() {
        return view;
    }

    private static int column(List<String> columns, String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new AssertionError("no column " + name + " in the Problems view: " + columns);
        }
        return index;
    }

    /** Calls the method {@code name} without parameters declared by {@code target}'s class or a superclass. */
    private static Object invoke(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.getName().equals(name) && method.getParameterCount() == 0) {
                    method.setAccessible(true);
                    return method.invoke(target);
                }
            }
        }
        throw new NoSuchMethodException(target.getClass() + "." + name + "()");
    }
}
