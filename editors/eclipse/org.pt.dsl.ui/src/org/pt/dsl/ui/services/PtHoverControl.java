package org.pt.dsl.ui.services;

import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.text.AbstractInformationControl;
import org.eclipse.jface.text.IInformationControlCreator;
import org.eclipse.jface.text.IInformationControlExtension2;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.editors.text.EditorsUI;

/**
 * The popup of PT's hover: its plain text in the editor's text font (traces are columns), its lines broken at
 * {@value #MAX_COLUMNS} characters and at most {@value #MAX_LINES} lines high (then scrolled), so that the popup
 * fits beside the text instead of running off the screen with a trace's longest line. F2 turns it into a resizable
 * copy that takes the focus.
 */
final class PtHoverControl extends AbstractInformationControl implements IInformationControlExtension2 {

    static final int MAX_COLUMNS = 80;
    static final int MAX_LINES = 24;

    private StyledText text;

    private PtHoverControl(Shell parent, String status) {
        super(parent, status);
        create();
    }

    private PtHoverControl(Shell parent) {
        super(parent, true);
        create();
    }

    /** The hover's popup, with "Press 'F2' for focus" below. */
    static IInformationControlCreator creator() {
        return parent -> new PtHoverControl(parent, EditorsUI.getTooltipAffordanceString());
    }

    @Override
    public IInformationControlCreator getInformationPresenterControlCreator() {
        return PtHoverControl::new;
    }

    @Override
    protected void createContent(Composite parent) {
        text = new StyledText(parent, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL);
        text.setAlwaysShowScrollBars(false);
        text.setFont(JFaceResources.getTextFont());
        text.setForeground(parent.getForeground());
        text.setBackground(parent.getBackground());
        text.setMargins(2, 2, 2, 2);
    }

    /** Shows {@code information} with its lines wrapped at {@value #MAX_COLUMNS} characters ({@link #wrap}). */
    @Override
    public void setInformation(String information) {
        text.setText(information == null ? "" : wrap(information, MAX_COLUMNS));
    }

    @Override
    public void setInput(Object input) {
        setInformation(input == null ? null : input.toString());
    }

    @Override
    public boolean hasContents() {
        return text.getCharCount() > 0;
    }

    /** The text's size (its lines are at most {@value #MAX_COLUMNS} characters), at most {@value #MAX_LINES} lines. */
    @Override
    public Point computeSizeHint() {
        Point size = getShell().computeSize(SWT.DEFAULT, SWT.DEFAULT, true);
        int maxHeight = text.getLineHeight() * MAX_LINES + computeTrim().height;
        return new Point(size.x, Math.min(size.y, maxHeight));
    }

    /**
     * {@code text} with each line longer than {@code columns} characters broken at its last space before that
     * column (or at the column, without one); the continuation lines are indented four spaces more than their line.
     */
    static String wrap(String text, int columns) {
        StringBuilder wrapped = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String indent = line.substring(0, line.length() - line.stripLeading().length()) + "    ";
            String rest = line;
            while (rest.length() > columns) {
                int cut = rest.lastIndexOf(' ', columns);
                if (cut <= indent.length()) {
                    cut = columns;
                }
                wrapped.append(rest, 0, cut).append('\n');
                rest = indent + rest.substring(cut).stripLeading();
            }
            wrapped.append(rest).append('\n');
        }
        return wrapped.substring(0, wrapped.length() - 1);
    }
}
