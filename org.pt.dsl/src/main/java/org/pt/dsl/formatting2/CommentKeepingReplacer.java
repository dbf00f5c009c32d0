package org.pt.dsl.formatting2;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.xtext.formatting2.IHiddenRegionFormatting;
import org.eclipse.xtext.formatting2.ITextReplacerContext;
import org.eclipse.xtext.formatting2.internal.HiddenRegionReplacer;
import org.eclipse.xtext.formatting2.regionaccess.IComment;
import org.eclipse.xtext.formatting2.regionaccess.IHiddenRegion;
import org.eclipse.xtext.formatting2.regionaccess.IHiddenRegionPart;

/**
 * Formats a hidden region that holds comments, keeping every comment's text as written.
 *
 * <ul>
 * <li>A comment that followed a token on the same line stays on that line, after one space, or in the column the
 * formatter chose for the comments of consecutive lines (the space of the region's formatting).</li>
 * <li>A comment on a line of its own stays on a line of its own, indented like the code inside the block (the other
 * lines of a block comment move with its first line). The line
 * break before the first such comment follows the region's formatting (e.g. the blank line between two top-level
 * elements); between comments and after the last one, the line breaks written are kept, at most one blank line and no
 * more than the formatting allows.</li>
 * <li>After a {@code //} comment the next token starts a new line.</li>
 * <li>At the start of the file, comments start at the first line; at its end, the file ends with one line break.</li>
 * </ul>
 *
 * Xtext's own replacer rewrites comments ({@code //x} becomes {@code // x}, lines of block comments get a {@code *})
 * and leaves comments in column 0 unindented; PT keeps comments as written.
 */
final class CommentKeepingReplacer extends HiddenRegionReplacer {

    CommentKeepingReplacer(IHiddenRegion region, IHiddenRegionFormatting formatting) {
        super(region, formatting); // a HiddenRegionReplacer, so that Xtext merges two formattings of one region
    }

    /** A comment without its closing line break, and the line breaks written before it in the region. */
    private record Comment(IComment comment, String text, boolean lineComment, int breaksBefore) {

        /** The column the comment starts in, as written. */
        int column() {
            return comment.getOffset() - comment.getLineRegions().get(0).getOffset();
        }
    }

    @Override
    public ITextReplacerContext createReplacements(ITextReplacerContext context) {
        IHiddenRegion region = getRegion();
        IHiddenRegionFormatting formatting = getFormatting();
        List<Comment> comments = new ArrayList<>();
        int breaks = 0;
        for (IHiddenRegionPart part : region.getParts()) {
            String text = part.getText();
            if (part instanceof IComment) {
                boolean line = text.startsWith("//");
                String body = text;
                int end = body.length();
                while (end > 0 && (body.charAt(end - 1) == '\n' || body.charAt(end - 1) == '\r')) {
                    end--;
                }
                comments.add(new Comment((IComment) part, body.substring(0, end), line, breaks));
                breaks = end < body.length() ? 1 : 0;
            } else {
                breaks += PtFormatter.count(text, '\n');
            }
        }
        int breaksAfter = breaks;

        boolean startOfFile = region.getPreviousSemanticRegion() == null;
        boolean endOfFile = region.getNextSemanticRegion() == null;
        boolean lines = formatting.getNewLineMin() != null || formatting.getNewLineMax() != null
                || formatting.getNewLineDefault() != null;
        int min = value(formatting.getNewLineMin(), 0);
        int max = value(formatting.getNewLineMax(), Integer.MAX_VALUE);
        int laterMax = startOfFile || endOfFile ? 2 : Math.max(1, Math.min(max, 2));
        int base = context.getIndentation();
        int inner = base + value(formatting.getIndentationIncrease(), 0);
        int after = Math.max(0, inner - value(formatting.getIndentationDecrease(), 0));
        int continuation = lines ? inner : inner + 1;

        StringBuilder out = new StringBuilder();
        boolean broken = false; // a line break was written
        for (Comment comment : comments) {
            if (out.length() == 0 && startOfFile) {
                // the first comment of the file starts it
            } else if (comment.breaksBefore() == 0) {
                // at the end of a line: the space of a line-breaking gap is the alignment of such comments
                String space = formatting.getSpace();
                out.append(lines && space != null && !space.isEmpty() && out.length() == 0 ? space : " ");
            } else {
                int n;
                if (!lines) {
                    n = 1;
                } else if (!broken && !startOfFile && !endOfFile) {
                    n = clamp(comment.breaksBefore(), Math.max(1, min), Math.max(1, max));
                } else {
                    n = clamp(comment.breaksBefore(), 1, laterMax);
                }
                String indentation = context.getIndentationString(continuation);
                out.append(context.getNewLinesString(n)).append(indentation);
                broken = true;
                out.append(shift(comment.text(), indentation.length() - comment.column()));
                continue;
            }
            out.append(comment.text());
        }
        Comment last = comments.isEmpty() ? null : comments.get(comments.size() - 1);
        boolean mustBreak = last != null && last.lineComment();
        if (endOfFile) {
            out.append(context.getNewLinesString(1));
            context.addReplacement(region.replaceWith(out.toString()));
            return context.withIndentation(after);
        }
        int n;
        if (!lines) {
            n = mustBreak || breaksAfter > 0 ? 1 : 0;
        } else if (!broken && !startOfFile) {
            n = clamp(breaksAfter, Math.max(min, mustBreak ? 1 : 0), Math.max(max, mustBreak ? 1 : 0));
        } else {
            n = clamp(breaksAfter, 1, laterMax);
        }
        if (n > 0) {
            out.append(context.getNewLinesString(n)).append(context.getIndentationString(lines ? after : continuation));
        } else {
            String space = formatting.getSpace();
            out.append(space == null ? " " : space);
        }
        context.addReplacement(region.replaceWith(out.toString()));
        return context.withIndentation(after);
    }

    /**
     * A block comment's lines after the first, moved by as many columns as its first line moved, so that its inner
     * layout stays as written (a line without enough leading blanks to move left loses all it has).
     */
    private static String shift(String text, int columns) {
        if (columns == 0 || text.indexOf('\n') < 0) {
            return text;
        }
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (columns > 0) {
                line = " ".repeat(columns) + line;
            } else {
                int blanks = 0;
                while (blanks < -columns && blanks < line.length()
                        && (line.charAt(blanks) == ' ' || line.charAt(blanks) == '\t')) {
                    blanks++;
                }
                line = line.substring(blanks);
            }
            out.append('\n').append(line);
        }
        return out.toString();
    }

    private static int value(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }

    private static int clamp(int n, int min, int max) {
        return Math.max(min, Math.min(n, max));
    }
}
