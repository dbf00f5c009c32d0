package org.pt.dsl.formatting2;

import com.google.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.formatting2.AbstractJavaFormatter;
import org.eclipse.xtext.formatting2.FormatterPreferenceKeys;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.IHiddenRegionFormatter;
import org.eclipse.xtext.formatting2.IHiddenRegionFormatting;
import org.eclipse.xtext.formatting2.ITextReplacer;
import org.eclipse.xtext.formatting2.regionaccess.IComment;
import org.eclipse.xtext.formatting2.regionaccess.IEObjectRegion;
import org.eclipse.xtext.formatting2.regionaccess.IHiddenRegion;
import org.eclipse.xtext.formatting2.regionaccess.IHiddenRegionPart;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.preferences.MapBasedPreferenceValues;
import org.pt.dsl.pt.Element;
import org.pt.dsl.pt.Import;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Machine;
import org.pt.dsl.pt.MapStatement;
import org.pt.dsl.pt.Memory;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.Protect;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Region;
import org.pt.dsl.pt.Space;
import org.pt.dsl.pt.Unmap;
import org.pt.dsl.pt.VaBits;
import org.pt.dsl.services.PtGrammarAccess;
import org.pt.dsl.services.PtGrammarAccess.MapStatementElements;
import org.pt.dsl.services.PtGrammarAccess.ProtectElements;
import org.pt.dsl.services.PtGrammarAccess.UnmapElements;

/**
 * Formats PT files.
 *
 * <ul>
 * <li>Tokens are separated by one space, except before {@code ,}, inside parentheses and around the {@code /} of
 * {@code va bits 39/48} (none): {@code 0xffff_8000_0000_0000 + (64 TiB >> 3)}. Words that are one name ({@code x86_64-la57}, {@code std.pc_x86_64}) are left as written.</li>
 * <li>{@code package}, then the imports, one per line, then the elements, with one blank line between these three
 * parts and between elements.</li>
 * <li>One element property, region or statement per line, indented by 4 spaces inside {@code { }}; one blank line
 * between two of them is kept (more are reduced to one), none after {@code {} or before {@code }}.</li>
 * <li>Columns are aligned within an alignment group: consecutive memory lines of a machine (kind, range, label),
 * consecutive regions of a layout (name, purpose, placement, physical base, label), consecutive {@code map},
 * {@code remap}, {@code unmap} and {@code protect} statements of a space (target, size or last address, destination,
 * attributes).
 * A blank line, a comment on a line of its own, or any other line ends a group; a line with a comment inside it is
 * not aligned. A comment at the end of a line does not end the group.</li>
 * <li>The comments that end consecutive lines of a block (no blank line or comment line between them) start in one
 * column, one space after the longest of those lines.</li>
 * <li>Comments are kept verbatim: a comment at the end of a line stays there (after one space), a comment on a line
 * of its own is indented like the line that follows it; one blank line around comments is kept.</li>
 * </ul>
 *
 * Formatting is idempotent: the alignment depends only on the tokens, the blank lines and the comments, which
 * formatting keeps.
 */
public class PtFormatter extends AbstractJavaFormatter {

    /** Blocks are indented by 4 spaces, whatever the editor prefers (the language's style). */
    static final String INDENTATION = "    ";

    @Inject
    private PtGrammarAccess grammar;

    /**
     * Indentation is {@link #INDENTATION}; line ends are the file's (CRLF when its first line ends so, else LF; never
     * the platform's).
     */
    @Override
    protected void initialize(FormatterRequest request) {
        String text = request.getTextRegionAccess() == null ? "" : request.getTextRegionAccess().regionForDocument()
                .getText();
        request.setPreferences(new MapBasedPreferenceValues(request.getPreferences(),
                Map.of(FormatterPreferenceKeys.indentation.getId(), INDENTATION,
                        FormatterPreferenceKeys.lineSeparator.getId(), lineSeparator(text))));
        super.initialize(request);
    }

    /** The line end of {@code text}: CRLF when its first line end is, else LF. */
    static String lineSeparator(String text) {
        int lf = text.indexOf('\n');
        return lf > 0 && text.charAt(lf - 1) == '\r' ? "\r\n" : "\n";
    }

    @Override
    public ITextReplacer createHiddenRegionReplacer(IHiddenRegion region, IHiddenRegionFormatting formatting) {
        return region.containsComment() ? new CommentKeepingReplacer(region, formatting)
                : super.createHiddenRegionReplacer(region, formatting);
    }

    protected void format(Model model, IFormattableDocument doc) {
        ITextRegionAccess access = getTextRegionAccess();
        IEObjectRegion root = access.regionForRootEObject();
        if (root == null) {
            return;
        }
        ISemanticRegion firstToken = first(model);
        ISemanticRegion lastToken = last(model);
        if (firstToken == null) {
            return;
        }
        // the gaps before the first and after the last token (not the root's: with syntax errors they may differ)
        doc.set(firstToken.getPreviousHiddenRegion(), it -> {
            it.setNewLines(0);
            it.noSpace();
        });
        doc.set(lastToken.getNextHiddenRegion(), it -> it.setNewLines(1));

        List<EObject> parts = new ArrayList<>();
        ISemanticRegion pkg = regionFor(model).feature(PtPackage.Literals.MODEL__NAME);
        parts.addAll(model.getImports());
        parts.addAll(model.getElements());
        if (pkg != null && !parts.isEmpty()) {
            doc.append(pkg, it -> it.setNewLines(2));
        }
        for (int i = 0; i + 1 < parts.size(); i++) {
            int newLines = parts.get(i) instanceof Import && parts.get(i + 1) instanceof Import ? 1 : 2;
            doc.append(parts.get(i), it -> it.setNewLines(newLines));
        }
        for (Element element : model.getElements()) {
            doc.format(element);
        }
        // last: merged into a region that has a formatting already, a low-priority value would raise it to normal
        spaceEveryToken(root, doc);
    }

    protected void format(Machine machine, IFormattableDocument doc) {
        block(machine, machine.getProperties(), doc);
        Map<EObject, Integer> widths = new HashMap<>();
        for (List<EObject> group : groups(machine.getProperties(), List.of(Memory.class))) {
            align(group, widths, doc);
        }
        alignTrailingComments(machine.getProperties(), widths, doc);
    }

    protected void format(Layout layout, IFormattableDocument doc) {
        block(layout, layout.getRegions(), doc);
        Map<EObject, Integer> widths = new HashMap<>();
        for (List<EObject> group : groups(layout.getRegions(), List.of(Region.class))) {
            align(group, widths, doc);
        }
        alignTrailingComments(layout.getRegions(), widths, doc);
    }

    protected void format(Space space, IFormattableDocument doc) {
        block(space, space.getStatements(), doc);
        Map<EObject, Integer> widths = new HashMap<>();
        for (List<EObject> group : groups(space.getStatements(),
                List.of(MapStatement.class, Unmap.class, Protect.class))) {
            align(group, widths, doc);
        }
        alignTrailingComments(space.getStatements(), widths, doc);
    }

    // ---- tokens and blocks ---------------------------------------------------------------------------------------

    /** One space between any two tokens where nothing else decided (low priority: structure and alignment win). */
    private void spaceEveryToken(IEObjectRegion root, IFormattableDocument doc) {
        for (ISemanticRegion region : root.getAllSemanticRegions()) {
            ISemanticRegion next = region.getNextSemanticRegion();
            // an empty token stands for one missing in a text with syntax errors: its gaps are left alone
            if (next != null && region.getLength() > 0 && next.getLength() > 0) {
                String gap = gap(region, next);
                doc.set(region.getNextHiddenRegion(), it -> {
                    it.lowPriority();
                    it.setSpace(gap);
                });
            }
        }
    }

    /**
     * The space between two adjacent tokens of one line: none before {@code ,}, inside parentheses or around the
     * {@code /} of {@code va bits 39/48} (a division, {@code 64 TiB / 2}, is an operator like the others).
     */
    private static String gap(ISemanticRegion left, ISemanticRegion right) {
        String l = left.getText();
        String r = right.getText();
        boolean vaBits = left.getSemanticElement() instanceof VaBits;
        return r.equals(",") || l.equals("(") || r.equals(")") || (vaBits && (l.equals("/") || r.equals("/"))) ? ""
                : " ";
    }

    /** {@code owner { children }}: each child on its own line, indented; a blank line between children is kept. */
    private void block(EObject owner, List<? extends EObject> children, IFormattableDocument doc) {
        ISemanticRegion open = regionFor(owner).keyword("{");
        ISemanticRegion close = regionFor(owner).keyword("}");
        if (open == null || close == null) {
            return;
        }
        doc.append(open, it -> it.setNewLines(1));
        doc.prepend(close, it -> it.setNewLines(1));
        doc.interior(open, close, IHiddenRegionFormatter::indent);
        for (int i = 0; i + 1 < children.size(); i++) {
            doc.append(children.get(i), it -> it.setNewLines(1, 1, 2));
        }
    }

    // ---- alignment -----------------------------------------------------------------------------------------------

    /**
     * The alignment groups among a block's children: maximal runs of consecutive children of the given kinds with
     * neither a blank line nor a comment line between them and no comment inside them.
     */
    private List<List<EObject>> groups(List<? extends EObject> children, List<Class<? extends EObject>> kinds) {
        List<List<EObject>> groups = new ArrayList<>();
        List<EObject> current = new ArrayList<>();
        EObject previous = null;
        for (EObject child : children) {
            boolean alignable = isOneOf(child, kinds) && cells(child) != null && !hasInnerComment(child);
            boolean continues = alignable && previous != null && !current.isEmpty()
                    && continuesLine(nextHiddenRegion(previous));
            if (!continues) {
                if (current.size() > 1) {
                    groups.add(current);
                }
                current = new ArrayList<>();
            }
            if (alignable) {
                current.add(child);
            }
            previous = child;
        }
        if (current.size() > 1) {
            groups.add(current);
        }
        return groups;
    }

    private static boolean isOneOf(EObject object, List<Class<? extends EObject>> kinds) {
        for (Class<? extends EObject> kind : kinds) {
            if (kind.isInstance(object)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the lines around a hidden region are adjacent: no blank line, no comment on a line of its own. */
    private static boolean continuesLine(IHiddenRegion hidden) {
        if (hidden == null) {
            return false;
        }
        int newlines = 0;
        for (IHiddenRegionPart part : hidden.getParts()) {
            if (part instanceof IComment) {
                if (newlines > 0) {
                    return false; // a comment on a line of its own
                }
                if (part.getText().endsWith("\n")) {
                    newlines++;
                }
            } else {
                newlines += count(part.getText(), '\n');
            }
        }
        return newlines <= 1;
    }

    private boolean hasInnerComment(EObject object) {
        IEObjectRegion region = regionForEObject(object);
        ISemanticRegion last = null;
        for (ISemanticRegion token : region.getAllSemanticRegions()) {
            if (last != null && last.getNextHiddenRegion().containsComment()) {
                return true;
            }
            last = token;
        }
        return false;
    }

    /**
     * Aligns the columns of a group: each column starts where the widest cell of the column before it ends, plus one
     * space.
     */
    private void align(List<EObject> group, Map<EObject, Integer> lineWidths, IFormattableDocument doc) {
        List<List<Cell>> lines = new ArrayList<>();
        int columns = 0;
        for (EObject child : group) {
            List<Cell> cells = cells(child);
            lines.add(cells);
            columns = Math.max(columns, cells.size());
        }
        int[] width = new int[columns];
        for (List<Cell> cells : lines) {
            for (int k = 0; k < cells.size(); k++) {
                if (cells.get(k) != null) {
                    width[k] = Math.max(width[k], cells.get(k).width());
                }
            }
        }
        int[] start = new int[columns];
        for (int k = 1; k < columns; k++) {
            start[k] = start[k - 1] + (width[k - 1] == 0 ? 0 : width[k - 1] + 1);
        }
        for (int line = 0; line < lines.size(); line++) {
            List<Cell> cells = lines.get(line);
            Cell previous = null;
            int previousColumn = -1;
            for (int k = 0; k < cells.size(); k++) {
                Cell cell = cells.get(k);
                if (cell == null) {
                    continue;
                }
                if (previous != null) {
                    int padding = start[k] - start[previousColumn] - previous.width();
                    String space = " ".repeat(Math.max(1, padding));
                    doc.set(previous.last().getNextHiddenRegion(), it -> it.setSpace(space));
                }
                previous = cell;
                previousColumn = k;
            }
            lineWidths.put(group.get(line), start[previousColumn] + previous.width());
        }
    }

    /**
     * Aligns the comments at the ends of consecutive lines (no blank line or comment line between them, each ending
     * with a comment): one space after the longest of those lines. The space goes to the formatting of the gap after
     * the line, which {@link CommentKeepingReplacer} puts before a comment that ends a line.
     */
    private void alignTrailingComments(List<? extends EObject> children, Map<EObject, Integer> alignedWidths,
            IFormattableDocument doc) {
        List<EObject> run = new ArrayList<>();
        for (EObject child : children) {
            IHiddenRegion after = nextHiddenRegion(child);
            boolean commented = after != null && endsWithComment(after) && !hasInnerComment(child);
            boolean continues = !run.isEmpty() && continuesLine(nextHiddenRegion(run.get(run.size() - 1)));
            if (!commented || !continues) {
                alignComments(run, alignedWidths, doc);
                run = new ArrayList<>();
            }
            if (commented) {
                run.add(child);
            }
        }
        alignComments(run, alignedWidths, doc);
    }

    private void alignComments(List<EObject> run, Map<EObject, Integer> alignedWidths, IFormattableDocument doc) {
        if (run.size() < 2) {
            return;
        }
        Map<EObject, Integer> widths = new HashMap<>();
        int column = 0;
        for (EObject line : run) {
            Integer width = alignedWidths.get(line);
            if (width == null) {
                width = new Cell(first(line), last(line)).width();
            }
            widths.put(line, width);
            column = Math.max(column, width + 1);
        }
        for (EObject line : run) {
            String space = " ".repeat(column - widths.get(line));
            doc.set(nextHiddenRegion(line), it -> it.setSpace(space));
        }
    }

    /** Whether a gap starts with a comment on the same line as the token before it. */
    private static boolean endsWithComment(IHiddenRegion hidden) {
        for (IHiddenRegionPart part : hidden.getParts()) {
            if (part instanceof IComment) {
                return true;
            }
            if (part.getText().indexOf('\n') >= 0) {
                return false;
            }
        }
        return false;
    }

    /** A run of tokens on one line: from {@code first} to {@code last}, both included. */
    private record Cell(ISemanticRegion first, ISemanticRegion last) {

        /** The width of the cell once formatted (its tokens and the gaps between them). */
        int width() {
            int w = 0;
            for (ISemanticRegion r = first;; r = r.getNextSemanticRegion()) {
                w += r.getLength();
                if (r == last) {
                    return w;
                }
                w += gap(r, r.getNextSemanticRegion()).length();
            }
        }
    }

    /**
     * The cells of an aligned line, by column; null for a column the line leaves empty; null altogether when the line
     * is incomplete (a syntax error).
     */
    private List<Cell> cells(EObject line) {
        List<ISemanticRegion> starts = new ArrayList<>();
        if (line instanceof Memory memory) {
            starts.add(first(line));
            starts.add(first(memory.getRange()));
            starts.add(regionFor(line).feature(PtPackage.Literals.MEMORY__LABEL));
        } else if (line instanceof Region region) {
            starts.add(regionFor(line).feature(PtPackage.Literals.REGION__NAME));
            starts.add(regionFor(line).feature(PtPackage.Literals.REGION__PURPOSE));
            starts.add(first(region.getPlacement()));
            starts.add(regionFor(line).keyword(grammar.getRegionAccess().getFromKeyword_3_0()));
            starts.add(regionFor(line).feature(PtPackage.Literals.REGION__LABEL));
        } else if (line instanceof MapStatement map) {
            starts.add(first(line));
            MapStatementElements g = grammar.getMapStatementAccess();
            starts.add(earliest(regionFor(line).keyword(g.getFullStopFullStopEqualsSignKeyword_2_0()),
                    regionFor(line).keyword(g.getSizeKeyword_3_0())));
            starts.add(earliest(regionFor(line).keyword(g.getToKeyword_4_0_0_0()),
                    regionFor(line).feature(PtPackage.Literals.MAP_STATEMENT__IDENTITY)));
            starts.add(map.getAttributes().isEmpty() ? first(map.getPolicy()) : first(map.getAttributes().get(0)));
        } else if (line instanceof Unmap) {
            starts.add(first(line));
            UnmapElements g = grammar.getUnmapAccess();
            starts.add(earliest(regionFor(line).keyword(g.getFullStopFullStopEqualsSignKeyword_2_0()),
                    regionFor(line).keyword(g.getSizeKeyword_3_0())));
        } else if (line instanceof Protect protect) {
            starts.add(first(line));
            ProtectElements g = grammar.getProtectAccess();
            starts.add(earliest(regionFor(line).keyword(g.getFullStopFullStopEqualsSignKeyword_2_0()),
                    regionFor(line).keyword(g.getSizeKeyword_3_0())));
            starts.add(null);
            starts.add(protect.getAttributes().isEmpty() ? null : first(protect.getAttributes().get(0)));
        } else {
            return null;
        }
        ISemanticRegion end = last(line);
        if (starts.get(0) == null || end == null) {
            return null;
        }
        List<Cell> cells = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            ISemanticRegion start = starts.get(k);
            if (start == null) {
                cells.add(null);
                continue;
            }
            ISemanticRegion next = null;
            for (int j = k + 1; j < starts.size() && next == null; j++) {
                next = starts.get(j);
            }
            cells.add(new Cell(start, next == null ? end : next.getPreviousSemanticRegion()));
        }
        return cells;
    }

    private ISemanticRegion first(EObject object) {
        IEObjectRegion region = object == null ? null : regionForEObject(object);
        if (region == null) {
            return null;
        }
        for (ISemanticRegion r : region.getAllSemanticRegions()) {
            if (r.getLength() > 0) {
                return r;
            }
        }
        return null;
    }

    private ISemanticRegion last(EObject object) {
        IEObjectRegion region = regionForEObject(object);
        ISemanticRegion last = null;
        if (region != null) {
            for (ISemanticRegion r : region.getAllSemanticRegions()) {
                if (r.getLength() > 0) {
                    last = r;
                }
            }
        }
        return last;
    }

    private static ISemanticRegion earliest(ISemanticRegion a, ISemanticRegion b) {
        if (a == null) {
            return b;
        }
        return b == null || a.getOffset() <= b.getOffset() ? a : b;
    }

    static int count(String text, char c) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
